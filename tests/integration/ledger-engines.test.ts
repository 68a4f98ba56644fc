import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../server/db/connection';
import { defaultEnergyOptions } from '../../server/energy/interval';
import { EnergyLedger } from '../../server/energy/ledger';
import {
	createReadingsRepository,
	type StoredReading
} from '../../server/energy/readings.repository';
import { readingSeries, replayBatches } from '../helpers/ledger-series';
import { createDatabase } from '../helpers/postgres';

/**
 * The ledger on the engine this suite runs on, as a cluster uses it (no newest-sample cache,
 * PostgreSQL's multi-row statements): any reordering, split and replay of a series gives
 * the energy tables of in-order delivery.
 */
const T0 = Date.UTC(2026, 10, 26, 17, 50);
let db: Db;
let nextDevice = 1;

beforeAll(async () => {
	const pg = process.env.TEST_PG_URL;
	db = openDatabase(pg ? await createDatabase(pg) : ':memory:');
});
afterAll(() => db?.close());

function device(): { id: number; ledger: EnergyLedger } {
	const id = nextDevice++;
	db.prepare(
		`INSERT INTO devices (id, name, port_count, token_hash, created_at) VALUES (?, 'd', 4, ?, 0)`
	).run(id, `h${id}`);
	const ledger = new EnergyLedger(
		db,
		createReadingsRepository(db),
		() => defaultEnergyOptions,
		() => 'Asia/Dhaka',
		true
	);
	return { id, ledger };
}

const reading =
	(deviceId: number) =>
	(port: number, ts: number, power: number, energyWh: number | null): StoredReading => ({
		deviceId,
		port,
		ts,
		voltage: 230,
		current: power / 230,
		power,
		pf: null,
		energyWh,
		epoch: null,
		relay: null,
		seq: null,
		receivedAt: 0
	});

function snapshot(deviceId: number) {
	const q = (sql: string) => db.prepare(sql).all(deviceId);
	return {
		buckets: q(
			`SELECT port, start, energy_mj, runtime_ms, peak_w, samples FROM energy_buckets WHERE device_id = ? AND (energy_mj != 0 OR runtime_ms != 0 OR samples != 0) ORDER BY port, start`
		),
		daily: q(
			`SELECT port, day, energy_mj, runtime_ms, peak_w FROM energy_daily WHERE device_id = ? AND (energy_mj != 0 OR runtime_ms != 0) ORDER BY port, day`
		),
		gaps: q(
			`SELECT port, start_ts, end_ts FROM energy_gaps WHERE device_id = ? ORDER BY port, start_ts`
		),
		latest: q(
			`SELECT port, last_ts, power, energy_wh FROM ports WHERE device_id = ? ORDER BY port`
		),
		readings: q(`SELECT count(*) AS n FROM readings WHERE device_id = ?`)
	};
}

describe('the energy ledger on this engine', () => {
	it('gives exactly the totals of in-order delivery for any reordering, split and replay', () => {
		fc.assert(
			fc.property(
				readingSeries(T0, reading(0), 40),
				fc.func(fc.integer()),
				fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 8 }),
				fc.integer({ min: 0, max: 5 }),
				(series, order, sizes, dupes) => {
					const inOrder = device();
					for (const r of series)
						inOrder.ledger.record(inOrder.id, [{ ...r, deviceId: inOrder.id }]);
					const replay = device();
					let duplicates = 0;
					for (const batch of replayBatches(series, order, sizes, dupes))
						duplicates += replay.ledger.record(
							replay.id,
							batch.map((r) => ({ ...r, deviceId: replay.id }))
						).duplicates.length;
					expect(snapshot(replay.id)).toEqual(snapshot(inOrder.id));
					expect(duplicates).toBe(Math.min(dupes, series.length));
				}
			),
			{ numRuns: 40 }
		);
	}, 120_000);
});
