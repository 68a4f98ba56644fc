import type { Clock } from '../clock';
import type { DeviceRecord } from '../devices/devices.repository';
import type { GroupCommit } from '../db/group-commit';
import type { EnergyLedger } from '../energy/ledger';
import { fieldName, MAX_FRAMES_PER_REQUEST, seedReadingSchema, type Frame } from './frame.schema';
import type { StoredReading } from '../energy/readings.repository';
import { validateFrames, type Rejection } from './validate-frames';

export interface Duplicate {
	frame: number;
	port: number;
	ts: number;
}

export interface BatchResult {
	accepted: number;
	duplicates: Duplicate[];
	rejected: Rejection[];
}

export type Outcome<T> =
	| { ok: true; value: T }
	| { ok: false; status: 400 | 413; code: string; field: string; message: string; extra?: object };

export interface IngestDeps {
	ledger: EnergyLedger;
	/** Runs a write and resolves once it is durable (group commit). */
	commit: GroupCommit;
	clock: Clock;
	retentionMs: () => number;
	maxFutureMs: number;
	/** Runs inside the storing transaction: frames the device reports it had to drop. */
	addDropped: (device: DeviceRecord, frames: number) => void;
	/** Called after the commit with what was stored (last seen, realtime, alerts). */
	onStored: (device: DeviceRecord, stored: readonly StoredReading[], at: number) => void;
	/** The newest health report of a request, after the commit (diagnostics: not in the batch's transaction). */
	onHealth: (device: DeviceRecord, ts: number, health: NonNullable<Frame['health']>) => void;
}

export function createIngestService(deps: IngestDeps) {
	async function store(device: DeviceRecord, frames: { index: number; frame: Frame }[]) {
		const now = deps.clock.now();
		const readings: StoredReading[] = [];
		const frameOf = new Map<string, number>();
		let dropped = 0;
		for (const { index, frame } of frames) {
			dropped += frame.dropped ?? 0;
			for (const p of frame.ports) {
				frameOf.set(`${p.port}:${frame.ts}`, index);
				readings.push({
					deviceId: device.id,
					port: p.port,
					ts: frame.ts,
					voltage: p.voltage,
					current: p.current,
					power: p.power,
					pf: p.pf ?? null,
					energyWh: p.energy_wh ?? null,
					epoch: p.epoch ?? null,
					relay: p.relay ?? null,
					seq: frame.seq ?? null,
					receivedAt: now
				});
			}
		}
		const { stored, duplicates } = await deps.commit.run(() =>
			deps.ledger.record(
				device.id,
				readings,
				dropped ? () => deps.addDropped(device, dropped) : undefined
			)
		);
		deps.onStored(device, stored, now);
		const reported = frames
			.filter((f) => f.frame.health)
			.sort((a, b) => b.frame.ts - a.frame.ts)[0];
		if (reported) deps.onHealth(device, reported.frame.ts, reported.frame.health!);
		return {
			accepted: stored.length,
			duplicates: duplicates.map((d) => ({
				frame: frameOf.get(`${d.port}:${d.ts}`) ?? 0,
				port: d.port,
				ts: d.ts
			}))
		};
	}

	return {
		/** `POST /api/v1/readings`: one frame or an array; each frame stands alone. */
		async ingestFrames(device: DeviceRecord, body: unknown): Promise<Outcome<BatchResult>> {
			const list = Array.isArray(body) ? body : [body];
			if (body === null || typeof body !== 'object') {
				return bad('invalid_body', 'body', 'must be a frame object or an array of frames');
			}
			if (list.length === 0) return bad('invalid_body', 'body', 'must hold at least one frame');
			if (list.length > MAX_FRAMES_PER_REQUEST) {
				return {
					ok: false,
					status: 413,
					code: 'too_many_frames',
					field: 'body',
					message: `at most ${MAX_FRAMES_PER_REQUEST} frames per request; split the batch`
				};
			}
			const { frames, rejected } = validateFrames(list, {
				portCount: device.portCount,
				now: deps.clock.now(),
				maxFutureMs: deps.maxFutureMs,
				retentionMs: deps.retentionMs()
			});
			if (frames.length === 0) {
				const first = rejected[0]!;
				return {
					ok: false,
					status: 400,
					code: 'invalid_frames',
					field: list.length === 1 ? first.field : `[${first.frame}].${first.field}`,
					message: first.reason,
					extra: { accepted: 0, duplicates: [], rejected }
				};
			}
			const { accepted, duplicates } = await store(device, frames);
			return { ok: true, value: { accepted, duplicates, rejected } };
		},

		/** `POST /api/data`: the seed's single reading, stamped by the server without `ts`. */
		async ingestSeed(
			device: DeviceRecord,
			body: unknown
		): Promise<Outcome<{ duplicate: boolean }>> {
			const parsed = seedReadingSchema.safeParse(body);
			if (!parsed.success) {
				const issue = parsed.error.issues[0]!;
				return bad('invalid_reading', fieldName(issue.path) || 'body', issue.message);
			}
			const { ts, seq, ...port } = parsed.data;
			const frame = {
				ts: ts ?? deps.clock.now(),
				...(seq === undefined ? {} : { seq }),
				ports: [port]
			};
			const checked = validateFrames([frame], {
				portCount: device.portCount,
				now: deps.clock.now(),
				maxFutureMs: deps.maxFutureMs,
				retentionMs: deps.retentionMs()
			});
			const rejection = checked.rejected[0];
			if (rejection) {
				return bad(
					'invalid_reading',
					rejection.field.replace(/^ports\[0\]\./, ''),
					rejection.reason
				);
			}
			const { accepted } = await store(device, checked.frames);
			return { ok: true, value: { duplicate: accepted === 0 } };
		}
	};
}

function bad(code: string, field: string, message: string): Outcome<never> {
	return { ok: false, status: 400, code, field, message };
}

export type IngestService = ReturnType<typeof createIngestService>;
