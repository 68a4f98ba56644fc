import type { Db } from '../db/connection';

export interface PortName {
	deviceId: number;
	deviceName: string;
	port: number;
	label: string | null;
}

export interface BucketRow {
	device_id: number;
	port: number;
	start: number;
	energy_mj: number;
	runtime_ms: number;
	peak_w: number | null;
	samples: number;
}

export interface RollupRow {
	device_id: number;
	port: number;
	key: string;
	energy_mj: number;
	runtime_ms: number;
	peak_w: number | null;
}

/** `${deviceId}:${port}`: the port key bills and charts use across a household's strips. */
export const portKey = (deviceId: number, port: number): string => `${deviceId}:${port}`;

/**
 * Reads of stored energy, always scoped to one owner's devices. Joining through `ports`
 * fixes (device_id, port), so the time range uses the full primary key of the energy
 * tables instead of scanning every bucket a device ever had; CROSS JOIN keeps SQLite to
 * that order (left to choose, it searched the buckets by device alone: 5× slower).
 */
export function createUsageRepository(db: Db) {
	const names = db.prepare(
		`SELECT d.id AS deviceId, d.name AS deviceName, p.port, p.label
		 FROM devices d JOIN ports p ON p.device_id = d.id
		 WHERE d.owner_id = ? ORDER BY d.is_demo, d.id, p.port`
	);
	const buckets = db.prepare(
		`SELECT b.device_id, b.port, b.start, b.energy_mj, b.runtime_ms, b.peak_w, b.samples
		 FROM devices d CROSS JOIN ports p ON p.device_id = d.id
		 CROSS JOIN energy_buckets b ON b.device_id = p.device_id AND b.port = p.port
		 WHERE d.owner_id = ? AND b.start >= ? AND b.start < ?`
	);
	const portBuckets = db.prepare(
		`SELECT device_id, port, start, energy_mj, runtime_ms, peak_w, samples FROM energy_buckets
		 WHERE device_id = ? AND port = ? AND start >= ? AND start < ? ORDER BY start`
	);
	const daily = db.prepare(
		`SELECT r.device_id, r.port, r.day AS key, r.energy_mj, r.runtime_ms, r.peak_w
		 FROM devices d CROSS JOIN ports p ON p.device_id = d.id
		 CROSS JOIN energy_daily r ON r.device_id = p.device_id AND r.port = p.port
		 WHERE d.owner_id = ? AND r.day >= ? AND r.day <= ? ORDER BY r.day, r.device_id, r.port`
	);
	const monthly = db.prepare(
		`SELECT r.device_id, r.port, r.month AS key, r.energy_mj, r.runtime_ms, r.peak_w
		 FROM devices d CROSS JOIN ports p ON p.device_id = d.id
		 CROSS JOIN energy_monthly r ON r.device_id = p.device_id AND r.port = p.port
		 WHERE d.owner_id = ? AND r.month >= ? AND r.month <= ? ORDER BY r.month, r.device_id, r.port`
	);
	const stripMj = db
		.prepare(
			`SELECT COALESCE(SUM((SELECT SUM(b.energy_mj) FROM energy_buckets b
			   WHERE b.device_id = p.device_id AND b.port = p.port AND b.start >= ? AND b.start < ?)), 0)
			 FROM devices d CROSS JOIN ports p ON p.device_id = d.id WHERE d.owner_id = ?`
		)
		.pluck();
	const firstBucket = db
		.prepare(
			`SELECT MIN((SELECT MIN(b.start) FROM energy_buckets b WHERE b.device_id = p.device_id AND b.port = p.port))
			 FROM devices d CROSS JOIN ports p ON p.device_id = d.id WHERE d.owner_id = ?`
		)
		.pluck();
	const energy = db
		.prepare(
			`SELECT b.device_id, b.port, b.start, b.energy_mj FROM devices d CROSS JOIN ports p ON p.device_id = d.id
			 CROSS JOIN energy_buckets b ON b.device_id = p.device_id AND b.port = p.port
			 WHERE d.owner_id = ? AND b.start >= ? AND b.start < ?`
		)
		.raw();
	// Per port, a correlated sum walks each port's primary key range: no temporary b-tree.
	const energyByPort = db
		.prepare(
			`SELECT p.device_id, p.port, (SELECT COALESCE(SUM(b.energy_mj), 0) FROM energy_buckets b
			   WHERE b.device_id = p.device_id AND b.port = p.port AND b.start >= @from AND b.start < @to)
			 FROM devices d CROSS JOIN ports p ON p.device_id = d.id WHERE d.owner_id = @owner`
		)
		.raw();
	// The span-sum index's reads (span-sums.ts): every bucket once, then only what changed.
	const ports = db
		.prepare(
			`SELECT p.device_id, p.port FROM devices d CROSS JOIN ports p ON p.device_id = d.id
			 WHERE d.owner_id = ?`
		)
		.raw();
	const portEnergy = db
		.prepare(`SELECT start, energy_mj FROM energy_buckets WHERE device_id = ? AND port = ?`)
		.raw();
	const newestChange = db
		.prepare(
			`SELECT MAX((SELECT MAX(b.changed_at) FROM energy_buckets b WHERE b.device_id = d.id))
			 FROM devices d WHERE d.owner_id = ?`
		)
		.pluck();
	// SQLite's own counters: another connection's commit moves data_version, this one's
	// writes move total_changes(). Both still means nothing was written anywhere since.
	// PostgreSQL: the write-ahead log's insert position, which any process's write moves.
	const writeMark =
		db.dialect === 'postgres'
			? db.prepare(`SELECT pg_current_wal_insert_lsn()::text`).pluck()
			: db
					.prepare(
						`SELECT (SELECT data_version FROM pragma_data_version()) || ':' || total_changes()`
					)
					.pluck();
	// By (device_id, changed_at): the index the sync pull reads changes through.
	const changedSince = db
		.prepare(
			`SELECT b.device_id, b.port, b.start, b.energy_mj, b.changed_at
			 FROM devices d CROSS JOIN energy_buckets b ON b.device_id = d.id
			 WHERE d.owner_id = ? AND b.changed_at >= ?`
		)
		.raw();
	const householdAt = db
		.prepare(
			`SELECT COALESCE(SUM(b.energy_mj), 0) FROM devices d CROSS JOIN ports p ON p.device_id = d.id
			 CROSS JOIN energy_buckets b ON b.device_id = p.device_id AND b.port = p.port
			 WHERE d.owner_id = ? AND b.start = ?`
		)
		.pluck();
	const portSpan = db
		.prepare(
			`SELECT COALESCE(SUM(energy_mj), 0) FROM energy_buckets
			 WHERE device_id = ? AND port = ? AND start >= ? AND start < ?`
		)
		.pluck();
	const largestOwners = db
		.prepare(
			`SELECT d.owner_id FROM devices d JOIN ports p ON p.device_id = d.id
			 WHERE d.owner_id IS NOT NULL GROUP BY d.owner_id ORDER BY COUNT(*) DESC, d.owner_id LIMIT ?`
		)
		.pluck();
	const householdStrip = db
		.prepare(`SELECT id FROM devices WHERE owner_id = ? ORDER BY is_demo, id LIMIT 1`)
		.pluck();
	const owners = db
		.prepare(`SELECT DISTINCT owner_id FROM devices WHERE owner_id IS NOT NULL`)
		.pluck();

	return {
		portNames: (ownerId: number) => names.all(ownerId) as PortName[],
		buckets: (ownerId: number, start: number, end: number) =>
			buckets.all(ownerId, start, end) as BucketRow[],
		portBuckets: (deviceId: number, port: number, start: number, end: number) =>
			portBuckets.all(deviceId, port, start, end) as BucketRow[],
		/** Inclusive 'YYYY-MM-DD' range. */
		daily: (ownerId: number, from: string, to: string) =>
			daily.all(ownerId, from, to) as RollupRow[],
		/** Inclusive 'YYYY-MM' range. */
		monthly: (ownerId: number, from: string, to: string) =>
			monthly.all(ownerId, from, to) as RollupRow[],
		ownersWithDevices: () => owners.all() as number[],
		/** [deviceId, port, start, energyMj] of an owner's buckets in [start, end): the pricing path's lean read. */
		energy: (ownerId: number, start: number, end: number) =>
			energy.all(ownerId, start, end) as [number, number, number, number][],
		/** [deviceId, port, energyMj] of each of an owner's ports over [from, to). */
		energyByPort: (ownerId: number, from: number, to: number) =>
			energyByPort.all({ owner: ownerId, from, to }) as [number, number, number][],
		/** Millijoules all of an owner's strips measured in buckets starting in [start, end). */
		stripMj: (ownerId: number, start: number, end: number) =>
			stripMj.get(start, end, ownerId) as number,
		/** [deviceId, port] of each of an owner's ports, in energyByPort's order. */
		ports: (ownerId: number) => ports.all(ownerId) as [number, number][],
		/** [start, energyMj] of every bucket of one port, by start. */
		portEnergy: (deviceId: number, port: number) =>
			portEnergy.all(deviceId, port) as [number, number][],
		/** The newest changed_at of an owner's buckets, or null. */
		newestChange: (ownerId: number) => (newestChange.get(ownerId) as number | null) ?? null,
		/** Inside a write that may still roll back, whose rows an index must not take in. */
		inTransaction: (): boolean => db.inTransaction,
		/** A token that stays the same while nothing is written to the database. */
		changeMark: (): string => writeMark.get() as string,
		/** [deviceId, port, start, energyMj, changedAt] of an owner's buckets changed at or after `since` (server ms). */
		changedSince: (ownerId: number, since: number) =>
			changedSince.all(ownerId, since) as [number, number, number, number, number][],
		/** The owners with the most ports, most first. */
		largestOwners: (limit: number) => largestOwners.all(limit) as number[],
		/** Millijoules of all an owner's ports in the bucket starting at `start`. */
		householdAt: (ownerId: number, start: number) => householdAt.get(ownerId, start) as number,
		/** Millijoules of one port in buckets starting in [start, end). */
		portSpan: (deviceId: number, port: number, start: number, end: number) =>
			portSpan.get(deviceId, port, start, end) as number,
		/** The strip the household's own alerts hang on: its first real one, else the demo. */
		householdStrip: (ownerId: number) =>
			(householdStrip.get(ownerId) as number | undefined) ?? null,
		/** The start of the owner's first bucket with energy, or null. */
		firstBucketAt: (ownerId: number) => (firstBucket.get(ownerId) as number | null) ?? null
	};
}

export type UsageRepository = ReturnType<typeof createUsageRepository>;
