import type { Db } from '../db/connection';

export interface MeterRow {
	id: number;
	kind: 'postpaid' | 'prepaid';
	phase: 'single' | 'three';
	sanctioned_load_kw: number;
	monthly_kwh: number | null;
	installed_at: number;
	replaced_at: number | null;
}

export interface ReadingRow {
	id: number;
	meter_id: number;
	taken_at: number;
	kwh: number;
}

export interface MeterFields {
	kind: MeterRow['kind'];
	phase: MeterRow['phase'];
	sanctionedLoadKw: number;
	monthlyKwh: number | null;
}

/** SQL for a household's meters and their readings; rules live in the service. */
export function createMeterRepository(db: Db) {
	const meters = db.prepare(
		`SELECT id, kind, phase, sanctioned_load_kw, monthly_kwh, installed_at, replaced_at
		 FROM household_meters WHERE user_id = ? ORDER BY installed_at, id`
	);
	const readings = db.prepare(
		`SELECT r.id, r.meter_id, r.taken_at, r.kwh FROM meter_readings r
		 JOIN household_meters m ON m.id = r.meter_id WHERE m.user_id = ? ORDER BY r.taken_at`
	);
	const insertMeter = db
		.prepare(
			`INSERT INTO household_meters (user_id, kind, phase, sanctioned_load_kw, monthly_kwh, installed_at, updated_at)
		 VALUES (@userId, @kind, @phase, @sanctionedLoadKw, @monthlyKwh, @installedAt, @now) RETURNING id`
		)
		.pluck();
	const updateMeter = db.prepare(
		`UPDATE household_meters SET kind = @kind, phase = @phase, sanctioned_load_kw = @sanctionedLoadKw,
		 monthly_kwh = @monthlyKwh, updated_at = @now WHERE id = @id AND user_id = @userId`
	);
	const closeMeter = db.prepare(
		`UPDATE household_meters SET replaced_at = ?, updated_at = ? WHERE id = ? AND user_id = ?`
	);
	const insertReading = db.prepare(
		`INSERT INTO meter_readings (meter_id, taken_at, kwh, created_at) VALUES (?, ?, ?, ?)
		 ON CONFLICT (meter_id, taken_at) DO UPDATE SET kwh = excluded.kwh`
	);
	const deleteReading = db.prepare(
		`DELETE FROM meter_readings WHERE id = ? AND meter_id IN (SELECT id FROM household_meters WHERE user_id = ?)`
	);

	return {
		meters: (userId: number) => meters.all(userId) as MeterRow[],
		readings: (userId: number) => readings.all(userId) as ReadingRow[],
		create: (userId: number, f: MeterFields, installedAt: number, now: number): number =>
			Number(insertMeter.get({ userId, ...f, installedAt, now })),
		update: (userId: number, id: number, f: MeterFields, now: number) =>
			updateMeter.run({ userId, id, ...f, now }),
		close: (userId: number, id: number, at: number, now: number) =>
			closeMeter.run(at, now, id, userId),
		addReading: (meterId: number, at: number, kwh: number, now: number) =>
			insertReading.run(meterId, at, kwh, now),
		removeReading: (userId: number, id: number) => deleteReading.run(id, userId).changes > 0,
		transaction: <T>(fn: () => T): T => db.transaction(fn)()
	};
}

export type MeterRepository = ReturnType<typeof createMeterRepository>;
