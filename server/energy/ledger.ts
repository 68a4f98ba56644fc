import type { Db } from '../db/connection';
import type { ReadingsRepository, RollupDelta, StoredReading } from './readings.repository';
import { localDayKey } from '../time/calendar-keys';
import { BucketDeltas, type BucketDelta } from './bucket-deltas';
import type { EnergyOptions, Sample } from './interval';

export interface LedgerResult {
	stored: StoredReading[];
	duplicates: StoredReading[];
}

/**
 * Stores readings and keeps the energy tables equal to what in-order delivery would give.
 *
 * The totals are the sum over consecutive pairs of a port's readings. A reading that
 * lands after the newest one adds one pair; one that lands inside the history splits
 * the pair (prev, next) into (prev, r) and (r, next): withdraw the first, add the two.
 * Energy is integer mJ, so withdrawing and adding in any order gives exact totals.
 */
export class EnergyLedger {
	/** Newest stored sample per `${device}:${port}`; changed only after a commit. */
	private readonly newest = new Map<string, Sample | null>();

	constructor(
		private readonly db: Db,
		private readonly repo: ReadingsRepository,
		private readonly options: (deviceId: number) => EnergyOptions,
		private readonly timeZone: (deviceId: number) => string,
		/**
		 * Other processes write the same devices (a cluster): the newest sample is read from
		 * the database, under the device's lock, never from this process's memory.
		 */
		private readonly shared = false
	) {
		this.tx = db.transaction((deviceId, readings, staged, alongside) => {
			const r = this.apply(deviceId, readings, staged);
			alongside?.();
			return r;
		});
	}

	/** Prepared once: better-sqlite3 compiles BEGIN/COMMIT for every transaction() call. */
	private readonly tx: (
		deviceId: number,
		readings: readonly StoredReading[],
		staged: Map<string, Sample | null>,
		alongside?: () => void
	) => LedgerResult;

	/** `alongside` runs in the same transaction (bookkeeping that must commit with the readings). */
	record(
		deviceId: number,
		readings: readonly StoredReading[],
		alongside?: () => void
	): LedgerResult {
		const staged = new Map<string, Sample | null>();
		const result = this.tx(deviceId, readings, staged, alongside);
		if (!this.shared) for (const [k, v] of staged) this.newest.set(k, v);
		return result;
	}

	/** After a failed commit nothing cached can be trusted. */
	forgetAll(): void {
		this.newest.clear();
	}

	/** Drops the cached newest samples of a device (after its readings were deleted). */
	forget(deviceId: number): void {
		for (const k of this.newest.keys()) if (k.startsWith(`${deviceId}:`)) this.newest.delete(k);
	}

	private apply(
		deviceId: number,
		readings: readonly StoredReading[],
		staged: Map<string, Sample | null>
	): LedgerResult {
		if (this.shared) this.repo.lockDevice(deviceId);
		const sorted = [...readings].sort((a, b) => a.port - b.port || a.ts - b.ts);
		const deltas = new BucketDeltas(this.options(deviceId));
		const stored: StoredReading[] = [];
		const duplicates: StoredReading[] = [];
		const newest = this.newestOf(deviceId, sorted, staged);

		// Readings after a port's newest (the usual case) are stored together and chain
		// from it; one inside the history splits the pair around it, against the database.
		const appended: StoredReading[] = [];
		const lastAppended = new Map<number, number>();
		for (const r of sorted) {
			const n = newest.get(r.port) ?? null;
			if (!n || r.ts > n.ts) {
				if (lastAppended.get(r.port) === r.ts) duplicates.push(r);
				else {
					appended.push(r);
					lastAppended.set(r.port, r.ts);
				}
				continue;
			}
			if (!this.repo.insert(r)) {
				duplicates.push(r);
				continue;
			}
			stored.push(r);
			const s = sampleOf(r);
			deltas.sample(r.port, r.ts, r.power);
			const prev = this.repo.sampleBefore(deviceId, r.port, r.ts);
			const next = this.repo.sampleAfter(deviceId, r.port, r.ts);
			if (prev && next) deltas.interval(r.port, prev, next, -1);
			if (prev) deltas.interval(r.port, prev, s, 1);
			if (next) deltas.interval(r.port, s, next, 1);
		}

		const inserted = new Set(this.repo.insertNewest(appended));
		const latestByPort = new Map<number, StoredReading>();
		for (const r of appended) {
			if (!inserted.has(r)) {
				duplicates.push(r);
				continue;
			}
			stored.push(r);
			const s = sampleOf(r);
			deltas.sample(r.port, r.ts, r.power);
			const prev = latestByPort.get(r.port);
			const from = prev ? sampleOf(prev) : (newest.get(r.port) ?? null);
			if (from) deltas.interval(r.port, from, s, 1);
			latestByPort.set(r.port, r);
			staged.set(`${deviceId}:${r.port}`, s);
		}

		this.write(deviceId, deltas, readings[0]?.receivedAt ?? 0);
		this.repo.setLatest([...latestByPort.values()]);
		stored.sort((a, b) => a.port - b.port || a.ts - b.ts);
		return { stored, duplicates };
	}

	/** Each port's newest stored sample before this batch: from memory, else one read. */
	private newestOf(
		deviceId: number,
		sorted: readonly StoredReading[],
		staged: Map<string, Sample | null>
	): Map<number, Sample | null> {
		const out = new Map<number, Sample | null>();
		const unknown: number[] = [];
		for (const r of sorted) {
			if (out.has(r.port) || unknown.includes(r.port)) continue;
			const key = `${deviceId}:${r.port}`;
			if (staged.has(key)) out.set(r.port, staged.get(key)!);
			else if (this.newest.has(key)) out.set(r.port, this.newest.get(key)!);
			else unknown.push(r.port);
		}
		for (const [port, s] of this.repo.newestSamples(deviceId, unknown)) {
			out.set(port, s);
			staged.set(`${deviceId}:${port}`, s);
		}
		return out;
	}

	/** `changedAt` (server time) lets the sync pull find what changed since a cursor. */
	private write(deviceId: number, deltas: BucketDeltas, changedAt: number): void {
		for (const g of deltas.gaps) {
			if (g.add) this.repo.addGap(deviceId, g.port, g.startTs, g.endTs);
			else this.repo.removeGap(deviceId, g.port, g.startTs);
		}
		const tz = this.timeZone(deviceId);
		const days = new Map<string, RollupDelta>();
		const months = new Map<string, RollupDelta>();
		const buckets: BucketDelta[] = [];
		for (const d of deltas.buckets.values()) {
			if (d.energyMj === 0 && d.runtimeMs === 0 && d.samples === 0) continue;
			buckets.push(d);
			const day = localDayKey(d.start, tz);
			merge(days, d.port, day, d);
			merge(months, d.port, day.slice(0, 7), d);
		}
		this.repo.addToBuckets(deviceId, buckets, changedAt);
		this.repo.addToDays(deviceId, [...days.values()], changedAt);
		this.repo.addToMonths(deviceId, [...months.values()], changedAt);
	}
}

const sampleOf = (r: StoredReading): Sample => ({
	ts: r.ts,
	power: r.power,
	energyWh: r.energyWh,
	epoch: r.epoch ?? null
});

function merge(
	into: Map<string, RollupDelta>,
	port: number,
	key: string,
	d: { energyMj: number; runtimeMs: number; peakW: number | null }
): void {
	const k = `${port}|${key}`;
	const cur = into.get(k);
	if (!cur) {
		into.set(k, { port, key, energyMj: d.energyMj, runtimeMs: d.runtimeMs, peakW: d.peakW });
		return;
	}
	cur.energyMj += d.energyMj;
	cur.runtimeMs += d.runtimeMs;
	if (d.peakW !== null) cur.peakW = cur.peakW === null ? d.peakW : Math.max(cur.peakW, d.peakW);
}
