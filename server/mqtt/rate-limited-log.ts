/**
 * A log that says each kind of trouble at most once a minute, with how often it happened
 * meanwhile: a broker full of malformed messages must not fill the disk with lines.
 */
export function createRateLimitedLog(
	write: (line: string) => void,
	now: () => number,
	everyMs = 60_000
) {
	const last = new Map<string, { at: number; suppressed: number }>();
	return (kind: string, detail: string): void => {
		const t = now();
		const seen = last.get(kind);
		if (seen && t - seen.at < everyMs) {
			seen.suppressed++;
			return;
		}
		if (last.size >= 1000) last.clear();
		const more = seen?.suppressed ? ` (${seen.suppressed} more since the last line)` : '';
		last.set(kind, { at: t, suppressed: 0 });
		write(`mqtt: ${kind}: ${detail}${more}`);
	};
}

export type RateLimitedLog = ReturnType<typeof createRateLimitedLog>;
