import { fieldName, frameSchema, type Frame } from './frame.schema';

export interface Rejection {
	frame: number;
	seq?: number;
	field: string;
	reason: string;
}

export interface FrameRules {
	portCount: number;
	now: number;
	/** Clocks drift; a frame from further ahead than this is refused. */
	maxFutureMs: number;
	/** Older than the raw retention the reading could not be kept. */
	retentionMs: number;
}

export interface Validated {
	frames: { index: number; frame: Frame }[];
	rejected: Rejection[];
}

/** Each frame stands or falls alone, so one bad frame never blocks the good ones. */
export function validateFrames(input: readonly unknown[], rules: FrameRules): Validated {
	const frames: Validated['frames'] = [];
	const rejected: Rejection[] = [];
	input.forEach((raw, index) => {
		const problem = check(raw, rules);
		if ('field' in problem) {
			const seq = (raw as { seq?: unknown } | null)?.seq;
			rejected.push({
				frame: index,
				...(Number.isInteger(seq) ? { seq: seq as number } : {}),
				...problem
			});
		} else frames.push({ index, frame: problem.frame });
	});
	return { frames, rejected };
}

function check(
	raw: unknown,
	rules: FrameRules
): { frame: Frame } | { field: string; reason: string } {
	const parsed = frameSchema.safeParse(raw);
	if (!parsed.success) {
		const issue = parsed.error.issues[0]!;
		return { field: fieldName(issue.path) || 'frame', reason: issue.message };
	}
	const frame = parsed.data;
	if (frame.ts > rules.now + rules.maxFutureMs) {
		return { field: 'ts', reason: 'is more than 5 minutes in the future; check the clock' };
	}
	if (frame.ts < rules.now - rules.retentionMs) {
		return { field: 'ts', reason: 'is older than the raw-reading retention' };
	}
	const seen = new Set<number>();
	for (const [i, p] of frame.ports.entries()) {
		if (p.port > rules.portCount) {
			return {
				field: `ports[${i}].port`,
				reason: `must be between 1 and ${rules.portCount} (this device has ${rules.portCount} ports)`
			};
		}
		if (seen.has(p.port))
			return { field: `ports[${i}].port`, reason: 'appears twice in the frame' };
		seen.add(p.port);
	}
	return { frame };
}
