import type { Db, Statement } from '../db/connection';
import { chunks, manyRows, rowsWriter } from '../db/rows-writer';
import type { BucketDelta } from './bucket-deltas';
import type { Sample } from './interval';

export interface StoredReading {
	deviceId: number;
	port: number;
	ts: number;
	voltage: number;
	current: number;
	power: number;
	pf: number | null;
	energyWh: number | null;
	/** The counter epoch the device reported (null or absent: a device without epochs). */
	epoch?: number | null;
	relay: boolean | null;
	seq: number | null;
	receivedAt: number;
}

export interface RollupDelta {
	port: number;
	key: string;
	energyMj: number;
	runtimeMs: number;
	peakW: number | null;
}

interface SampleRow {
	ts: number;
	power: number;
	energy_wh: number | null;
	epoch: number | null;
}

/** SQLite has no booleans: 1, 0, or NULL for "not reported". */
const sqlBool = (b: boolean | null): number | null => (b === null ? null : b ? 1 : 0);

const toSample = (r: SampleRow | undefined): Sample | null =>
	r ? { ts: r.ts, power: r.power, energyWh: r.energy_wh, epoch: r.epoch } : null;

// Peaks merge with max(); SQLite's max() of NULL is NULL, hence the CASE. The stored
// column is named with its table: PostgreSQL finds a bare name ambiguous beside excluded.
const peakMerge = (table: string, col: string) =>
	`CASE WHEN ${table}.${col} IS NULL THEN excluded.${col} WHEN excluded.${col} IS NULL THEN ${table}.${col} ELSE max(${table}.${col}, excluded.${col}) END`;

/** Advisory lock keys of devices start here, clear of the cluster's few fixed keys. */
const DEVICE_LOCKS = 1_000_000_000_000;

/** SQL for raw readings and the energy tables; no rules live here. */
export function createReadingsRepository(db: Db) {
	const insert = db.prepare(
		`INSERT OR IGNORE INTO readings (device_id, port, ts, voltage, current, power, pf, energy_wh, epoch, relay, seq, received_at)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	);
	const before = db.prepare(
		`SELECT ts, power, energy_wh, epoch FROM readings WHERE device_id = ? AND port = ? AND ts < ? ORDER BY ts DESC LIMIT 1`
	);
	const after = db.prepare(
		`SELECT ts, power, energy_wh, epoch FROM readings WHERE device_id = ? AND port = ? AND ts > ? ORDER BY ts ASC LIMIT 1`
	);
	const bucketSql = (values: string) =>
		`INSERT INTO energy_buckets (device_id, port, start, energy_mj, runtime_ms, peak_w, samples, changed_at)
		 VALUES ${values}
		 ON CONFLICT (device_id, port, start) DO UPDATE SET
		   energy_mj = energy_buckets.energy_mj + excluded.energy_mj,
		   runtime_ms = energy_buckets.runtime_ms + excluded.runtime_ms,
		   peak_w = ${peakMerge('energy_buckets', 'peak_w')},
		   samples = energy_buckets.samples + excluded.samples,
		   changed_at = excluded.changed_at`;
	const rollupSql = (table: string, keyCol: string) => (values: string) =>
		`INSERT INTO ${table} (device_id, port, ${keyCol}, energy_mj, runtime_ms, peak_w, changed_at)
		 VALUES ${values}
		 ON CONFLICT (device_id, port, ${keyCol}) DO UPDATE SET
		   energy_mj = ${table}.energy_mj + excluded.energy_mj,
		   runtime_ms = ${table}.runtime_ms + excluded.runtime_ms,
		   peak_w = ${peakMerge(table, 'peak_w')},
		   changed_at = excluded.changed_at`;
	const addGap = db.prepare(
		`INSERT INTO energy_gaps (device_id, port, start_ts, end_ts) VALUES (?, ?, ?, ?)
		 ON CONFLICT (device_id, port, start_ts) DO UPDATE SET end_ts = excluded.end_ts`
	);
	const removeGap = db.prepare(
		`DELETE FROM energy_gaps WHERE device_id = ? AND port = ? AND start_ts = ?`
	);
	const latestSql = (values: string) =>
		`INSERT INTO ports (device_id, port, last_ts, voltage, current, power, pf, energy_wh, relay)
		 VALUES ${values}
		 ON CONFLICT (device_id, port) DO UPDATE SET
		   last_ts = excluded.last_ts, voltage = excluded.voltage, current = excluded.current,
		   power = excluded.power, pf = excluded.pf, energy_wh = excluded.energy_wh,
		   relay = coalesce(excluded.relay, ports.relay)
		 WHERE ports.last_ts IS NULL OR excluded.last_ts >= ports.last_ts`;
	// Two processes of a cluster must not interleave one device's readings: the energy of a
	// pair depends on its neighbours. SQLite has one writer at a time anyway.
	const lock = db.dialect === 'postgres' ? db.prepare(`SELECT pg_advisory_xact_lock(?)`) : null;

	// On PostgreSQL every statement is a round trip, so rows go many to a statement; SQLite's
	// prepared single-row statements in a loop are faster than building wide ones.
	const wide = db.dialect === 'postgres';
	const READING_COLS = 12;
	const buckets = rowsWriter(db, bucketSql, 8);
	const daily = rowsWriter(db, rollupSql('energy_daily', 'day'), 7);
	const monthly = rowsWriter(db, rollupSql('energy_monthly', 'month'), 7);
	const latest = rowsWriter(db, latestSql, 9);
	const insertMany = manyRows(
		db,
		(values) =>
			`INSERT INTO readings (device_id, port, ts, voltage, current, power, pf, energy_wh, epoch, relay, seq, received_at)
			 VALUES ${values} ON CONFLICT (device_id, port, ts) DO NOTHING RETURNING port, ts`,
		READING_COLS
	);
	const newestMany = new Map<number, Statement>();
	const newestOfPorts = (n: number): Statement => {
		let st = newestMany.get(n);
		if (!st) {
			// One indexed LIMIT 1 per port, in one round trip.
			const one = (i: number) =>
				`SELECT * FROM (SELECT port, ts, power, energy_wh, epoch FROM readings WHERE device_id = ? AND port = ? ORDER BY ts DESC LIMIT 1) AS newest${i}`;
			st = db.prepare(Array.from({ length: n }, (_, i) => one(i)).join(' UNION ALL '));
			newestMany.set(n, st);
		}
		return st;
	};

	return {
		/** Holds the device's readings for this transaction (PostgreSQL; SQLite: no-op). */
		lockDevice(deviceId: number): void {
			lock?.get(DEVICE_LOCKS + deviceId);
		},
		/** False when (device, port, ts) was already stored: a duplicate counts once. */
		insert(r: StoredReading): boolean {
			return (
				insert.run(
					r.deviceId,
					r.port,
					r.ts,
					r.voltage,
					r.current,
					r.power,
					r.pf,
					r.energyWh,
					r.epoch ?? null,
					sqlBool(r.relay),
					r.seq,
					r.receivedAt
				).changes === 1
			);
		},
		/**
		 * Stores readings known to be newer than any stored for their port; answers those
		 * that were stored (a duplicate of a concurrent insert is left out).
		 */
		insertNewest(rs: readonly StoredReading[]): StoredReading[] {
			if (!wide) return rs.filter((r) => this.insert(r));
			const stored = new Set<string>();
			for (const part of chunks(rs, insertMany.maxRows)) {
				const params: unknown[] = [];
				for (const r of part)
					params.push(
						r.deviceId,
						r.port,
						r.ts,
						r.voltage,
						r.current,
						r.power,
						r.pf,
						r.energyWh,
						r.epoch ?? null,
						sqlBool(r.relay),
						r.seq,
						r.receivedAt
					);
				for (const row of insertMany.statement(part.length).all(...params) as {
					port: number;
					ts: number;
				}[])
					stored.add(`${row.port}:${row.ts}`);
			}
			return rs.filter((r) => stored.has(`${r.port}:${r.ts}`));
		},
		/** The newest stored sample of each port (null: none yet). */
		newestSamples(deviceId: number, ports: readonly number[]): Map<number, Sample | null> {
			const out = new Map<number, Sample | null>();
			if (!wide || ports.length === 0) {
				for (const p of ports) out.set(p, this.sampleBefore(deviceId, p, Number.MAX_SAFE_INTEGER));
				return out;
			}
			for (const p of ports) out.set(p, null);
			const rows = newestOfPorts(ports.length).all(
				...ports.flatMap((p) => [deviceId, p])
			) as (SampleRow & { port: number })[];
			for (const r of rows) out.set(r.port, toSample(r));
			return out;
		},
		sampleBefore: (deviceId: number, port: number, ts: number) =>
			toSample(before.get(deviceId, port, ts) as SampleRow | undefined),
		sampleAfter: (deviceId: number, port: number, ts: number) =>
			toSample(after.get(deviceId, port, ts) as SampleRow | undefined),
		/** Adds to the 15-minute buckets (each (port, start) once in `rows`). */
		addToBuckets(deviceId: number, rows: readonly BucketDelta[], changedAt: number) {
			buckets.write(
				rows.map((d) => [
					deviceId,
					d.port,
					d.start,
					d.energyMj,
					d.runtimeMs,
					d.peakW,
					d.samples,
					changedAt
				])
			);
		},
		addToDays: (deviceId: number, ds: readonly RollupDelta[], changedAt: number) =>
			daily.write(ds.map((d) => rollupRow(deviceId, d, changedAt))),
		addToMonths: (deviceId: number, ds: readonly RollupDelta[], changedAt: number) =>
			monthly.write(ds.map((d) => rollupRow(deviceId, d, changedAt))),
		addGap: (deviceId: number, port: number, startTs: number, endTs: number) =>
			addGap.run(deviceId, port, startTs, endTs),
		removeGap: (deviceId: number, port: number, startTs: number) =>
			removeGap.run(deviceId, port, startTs),
		/** The newest reading of each port, when newer than the one kept (one per port). */
		setLatest(rs: readonly StoredReading[]) {
			latest.write(
				rs.map((r) => [
					r.deviceId,
					r.port,
					r.ts,
					r.voltage,
					r.current,
					r.power,
					r.pf,
					r.energyWh,
					sqlBool(r.relay)
				])
			);
		}
	};
}

const rollupRow = (deviceId: number, d: RollupDelta, changedAt: number): unknown[] => [
	deviceId,
	d.port,
	d.key,
	d.energyMj,
	d.runtimeMs,
	d.peakW,
	changedAt
];

export type ReadingsRepository = ReturnType<typeof createReadingsRepository>;
