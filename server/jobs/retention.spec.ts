import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/connection';
import { createRetention } from './retention';

const DAY = 86_400_000;
let db: Db;

function count(sql: string, ...args: unknown[]): number {
	return db
		.prepare(sql)
		.pluck()
		.get(...args) as number;
}

beforeEach(() => {
	db = openDatabase(':memory:');
	db.prepare(
		`INSERT INTO devices (id, name, port_count, token_hash, created_at) VALUES (1, 'a', 2, 'h', 0)`
	).run();
	for (const p of [1, 2]) db.prepare(`INSERT INTO ports (device_id, port) VALUES (1, ?)`).run(p);
	const insert = db.prepare(
		`INSERT INTO readings (device_id, port, ts, voltage, current, power, received_at) VALUES (1, ?, ?, 230, 1, 230, 0)`
	);
	// 40 days of one reading every 5 minutes on two ports: 23,040 rows.
	db.transaction(() => {
		for (let ts = 0; ts < 40 * DAY; ts += 300_000) for (const p of [1, 2]) insert.run(p, ts);
	})();
	db.prepare(
		`INSERT INTO energy_buckets (device_id, port, start, energy_mj) VALUES (1, 1, 0, 5), (1, 2, 0, 7)`
	).run();
});

describe('raw-reading retention', () => {
	it('deletes only readings before the cutoff, in batches, and keeps buckets', async () => {
		const cutoff = 10 * DAY + 1;
		const before = count(`SELECT count(*) FROM readings WHERE ts < ?`, cutoff);
		expect(before).toBe(2 * (10 * 288 + 1));
		const deleted = await createRetention(db, 500).run(cutoff);
		expect(deleted).toBe(before);
		expect(count(`SELECT count(*) FROM readings WHERE ts < ?`, cutoff)).toBe(0);
		expect(count(`SELECT min(ts) FROM readings`)).toBe(10 * DAY + 300_000);
		expect(count(`SELECT count(*) FROM readings`)).toBe(2 * 40 * 288 - before);
		expect(count(`SELECT count(*) FROM energy_buckets`)).toBe(2);
	});

	it('yields between batches, so other writes (ingestion) run while it deletes', async () => {
		const run = createRetention(db, 100).run(30 * DAY);
		let interleaved = false;
		setImmediate(() => {
			db.prepare(
				`INSERT INTO readings (device_id, port, ts, voltage, current, power, received_at) VALUES (1, 1, ?, 230, 1, 1, 0)`
			).run(41 * DAY);
			interleaved = count(`SELECT count(*) FROM readings WHERE ts < ?`, 30 * DAY) > 0;
		});
		await run;
		expect(interleaved).toBe(true);
		expect(count(`SELECT count(*) FROM readings WHERE ts = ?`, 41 * DAY)).toBe(1);
		expect(count(`SELECT count(*) FROM readings WHERE ts < ?`, 30 * DAY)).toBe(0);
	});

	it('does nothing when nothing is old enough', async () => {
		expect(await createRetention(db).run(0)).toBe(0);
	});
});
