import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/connection';
import { createReadingsRepository, type StoredReading } from './readings.repository';
import { defaultEnergyOptions } from './interval';
import { EnergyLedger } from './ledger';
import { MJ_PER_WH } from './units';
import { readingSeries, replayBatches } from '../../tests/helpers/ledger-series';

const T0 = Date.UTC(2026, 10, 26, 17, 50); // 23:50 in Dhaka: the series crosses midnight

function setup(tz = 'Asia/Dhaka') {
	const db = openDatabase(':memory:');
	db.prepare(
		`INSERT INTO devices (id, name, port_count, token_hash, created_at) VALUES (1, 'd', 4, 'h', 0)`
	).run();
	const ledger = new EnergyLedger(
		db,
		createReadingsRepository(db),
		() => defaultEnergyOptions,
		() => tz
	);
	return { db, ledger };
}

const reading = (
	port: number,
	ts: number,
	power: number,
	energyWh: number | null = null,
	epoch: number | null = null
): StoredReading => ({
	deviceId: 1,
	port,
	ts,
	voltage: 230,
	current: power / 230,
	power,
	pf: null,
	energyWh,
	epoch,
	relay: null,
	seq: null,
	receivedAt: 0
});

function snapshot(db: Db) {
	return {
		buckets: db
			.prepare(
				`SELECT port, start, energy_mj, runtime_ms, peak_w, samples FROM energy_buckets WHERE energy_mj != 0 OR runtime_ms != 0 OR samples != 0 ORDER BY port, start`
			)
			.all(),
		daily: db
			.prepare(
				`SELECT port, day, energy_mj, runtime_ms, peak_w FROM energy_daily WHERE energy_mj != 0 OR runtime_ms != 0 ORDER BY port, day`
			)
			.all(),
		monthly: db
			.prepare(
				`SELECT port, month, energy_mj, runtime_ms FROM energy_monthly WHERE energy_mj != 0 OR runtime_ms != 0 ORDER BY port, month`
			)
			.all(),
		gaps: db
			.prepare(`SELECT port, start_ts, end_ts FROM energy_gaps ORDER BY port, start_ts`)
			.all(),
		latest: db.prepare(`SELECT port, last_ts, power, energy_wh FROM ports ORDER BY port`).all()
	};
}

const totalMj = (db: Db, port: number) =>
	(
		db
			.prepare(`SELECT ifnull(sum(energy_mj), 0) AS e FROM energy_daily WHERE port = ?`)
			.get(port) as { e: number }
	).e;

describe('EnergyLedger', () => {
	it('integrates power between readings into the day of the household zone', () => {
		const { db, ledger } = setup();
		// 100 W for 20 minutes, a reading every minute, from 23:50 to 00:10 local time.
		ledger.record(
			1,
			Array.from({ length: 21 }, (_, i) => reading(1, T0 + i * 60_000, 100))
		);
		const days = db.prepare(`SELECT day, energy_mj FROM energy_daily ORDER BY day`).all();
		expect(days).toEqual([
			{ day: '2026-11-26', energy_mj: 100 * 600_000 },
			{ day: '2026-11-27', energy_mj: 100 * 600_000 }
		]);
	});

	it('counts the same (device, port, ts) once', () => {
		const { db, ledger } = setup();
		ledger.record(1, [reading(1, T0, 100), reading(1, T0 + 60_000, 100)]);
		const again = ledger.record(1, [reading(1, T0 + 60_000, 999), reading(1, T0 + 120_000, 100)]);
		expect(again.duplicates.map((d) => d.ts)).toEqual([T0 + 60_000]);
		expect(totalMj(db, 1)).toBe(100 * 120_000);
	});

	it('records a silence longer than the maximum gap and integrates nothing across it', () => {
		const { db, ledger } = setup();
		ledger.record(1, [reading(1, T0, 100), reading(1, T0 + 10 * 60_000, 100)]);
		expect(totalMj(db, 1)).toBe(0);
		expect(snapshot(db).gaps).toEqual([{ port: 1, start_ts: T0, end_ts: T0 + 600_000 }]);
	});

	it('fills a recorded gap when the missing readings arrive late', () => {
		const { db, ledger } = setup();
		ledger.record(1, [reading(1, T0, 100), reading(1, T0 + 8 * 60_000, 100)]);
		ledger.record(1, [reading(1, T0 + 4 * 60_000, 100)]);
		expect(snapshot(db).gaps).toEqual([]);
		expect(totalMj(db, 1)).toBe(100 * 480_000);
	});

	it('takes energy from counter deltas and survives a counter reset', () => {
		const { db, ledger } = setup();
		ledger.record(1, [
			reading(1, T0, 50, 1000),
			reading(1, T0 + 60_000, 50, 1001),
			reading(1, T0 + 120_000, 50, 0.5), // the module was reset
			reading(1, T0 + 180_000, 50, 1.5)
		]);
		expect(totalMj(db, 1)).toBe(1 * MJ_PER_WH + 0.5 * MJ_PER_WH + 1 * MJ_PER_WH);
	});

	it('never counts across a counter epoch: that interval comes from power, in any order', () => {
		const rows = [
			reading(1, T0, 600, 5000, 0),
			reading(1, T0 + 60_000, 600, 5010, 0),
			reading(1, T0 + 120_000, 600, 5010, 1), // meter replaced: epoch 1, counter unchanged
			reading(1, T0 + 180_000, 600, 5020, 1)
		];
		const expected = 10 * MJ_PER_WH + 600 * 60_000 + 10 * MJ_PER_WH;
		const inOrder = setup();
		inOrder.ledger.record(1, rows);
		expect(totalMj(inOrder.db, 1)).toBe(expected);
		// The epoch is stored: a late reading inside the change splits the pair correctly.
		const late = setup();
		late.ledger.record(1, [rows[0]!, rows[1]!, rows[3]!]);
		late.ledger.record(1, [rows[2]!]);
		expect(totalMj(late.db, 1)).toBe(expected);
		expect(snapshot(late.db)).toEqual(snapshot(inOrder.db));
	});

	it('updates the latest reading of a port only with a newer one', () => {
		const { db, ledger } = setup();
		ledger.record(1, [reading(2, T0 + 60_000, 40)]);
		ledger.record(1, [reading(2, T0, 900)]);
		expect(db.prepare(`SELECT last_ts, power FROM ports WHERE port = 2`).get()).toEqual({
			last_ts: T0 + 60_000,
			power: 40
		});
	});

	it('gives exactly the totals of in-order delivery for any reordering and split (property)', () => {
		fc.assert(
			fc.property(
				readingSeries(T0, reading),
				fc.func(fc.integer()),
				fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 20 }),
				fc.integer({ min: 0, max: 3 }),
				(readings, order, sizes, dupes) => {
					const inOrder = setup();
					for (const r of readings) inOrder.ledger.record(1, [r]);
					const expected = snapshot(inOrder.db);

					const replay = setup();
					for (const batch of replayBatches(readings, order, sizes, dupes))
						replay.ledger.record(1, batch);
					expect(snapshot(replay.db)).toEqual(expected);
					inOrder.db.close();
					replay.db.close();
				}
			),
			{ numRuns: 150 }
		);
	}, 60_000); // 150 runs: seconds on a loaded machine; a limit, not a figure
});
