import { beforeEach, describe, expect, it } from 'vitest';
import { createUsageRepository } from '../billing/usage.repository';
import { FakeClock } from '../clock';
import { openDatabase, type Db } from '../db/connection';
import { createSettingsService } from '../settings/settings.service';
import { createHistoryService, type HistoryService } from './history.service';

const NOW = Date.UTC(2026, 2, 10, 6, 0, 5); // 12:00:05 in Dhaka
let db: Db;
let history: HistoryService;

beforeEach(() => {
	db = openDatabase(':memory:');
	db.prepare(
		`INSERT INTO users (id, email, password_hash, created_at, password_changed_at) VALUES (1, 'a', 'x', 0, 0)`
	).run();
	db.prepare(
		`INSERT INTO users (id, email, password_hash, created_at, password_changed_at) VALUES (2, 'b', 'x', 0, 0)`
	).run();
	db.prepare(
		`INSERT INTO devices (id, name, port_count, token_hash, created_at, owner_id) VALUES (1, 'Desk', 2, 'h', 0, 1)`
	).run();
	db.prepare(
		`INSERT INTO devices (id, name, port_count, token_hash, created_at, owner_id) VALUES (2, 'Other', 1, 'i', 0, 2)`
	).run();
	for (const [d, p] of [
		[1, 1],
		[1, 2],
		[2, 1]
	])
		db.prepare(`INSERT INTO ports (device_id, port) VALUES (?, ?)`).run(d, p);
	const clock = new FakeClock(NOW);
	history = createHistoryService(
		db,
		createUsageRepository(db),
		createSettingsService(db, clock),
		clock
	);
});

function reading(device: number, port: number, ts: number, power: number) {
	db.prepare(
		`INSERT INTO readings (device_id, port, ts, voltage, current, power, received_at) VALUES (?, ?, ?, 230, 1, ?, 0)`
	).run(device, port, ts, power);
}

describe('history series', () => {
	it('averages power per 10-second bin over the last hour, null where nothing was measured', () => {
		reading(1, 1, NOW - 20_000, 100);
		reading(1, 1, NOW - 18_000, 200);
		reading(1, 2, NOW - 3_590_000, 7);
		reading(2, 1, NOW - 20_000, 999); // someone else's
		const s = history.power(1, 'hour');
		expect(s.ports.map((p) => p.name)).toEqual(['Desk · Port 1', 'Desk · Port 2']);
		expect(s.x).toHaveLength(360);
		expect(s.x[359]! * 1000).toBe(NOW - 5_000); // the bin that holds now
		const port1 = s.values[0]!;
		expect(port1.filter((v) => v !== null)).toEqual([150]);
		expect(port1[357]).toBe(150);
		expect(s.values[1]!.filter((v) => v !== null)).toEqual([7]);
	});

	it('gives daily kWh bars for every day of a month', () => {
		db.prepare(
			`INSERT INTO energy_daily (device_id, port, day, energy_mj) VALUES (1, 2, '2026-03-05', 7200000000)`
		).run();
		const s = history.daily(1, '2026-03');
		expect(s.labels).toHaveLength(31);
		expect(s.values[1]![4]).toBe(2);
		expect(s.values[0]![4]).toBe(0);
	});
});
