import { beforeEach, describe, expect, it } from 'vitest';
import { createDailyCosts } from '../billing/daily-costs';
import { createPricing } from '../billing/pricing';
import { FakeClock } from '../clock';
import { openDatabase, type Db } from '../db/connection';
import { createSettingsService } from '../settings/settings.service';
import { createHistoryRepository } from './history.repository';
import { createHistoryService, type HistoryService } from './history.service';

const NOW = Date.UTC(2026, 2, 10, 6, 0, 5); // 12:00:05 on Tuesday 10 March 2026 in Dhaka
const MJ_PER_KWH = 3_600_000_000;
let db: Db;
let history: HistoryService;
let bills: ReturnType<typeof createPricing>['bills'];

beforeEach(() => {
	db = openDatabase(':memory:');
	for (const [id, email] of [
		[1, 'a'],
		[2, 'b']
	])
		db.prepare(
			`INSERT INTO users (id, email, password_hash, created_at, password_changed_at) VALUES (?, ?, 'x', 0, 0)`
		).run(id, email);
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
	const settings = createSettingsService(db, clock);
	const pricing = createPricing(db, clock, settings);
	bills = pricing.bills;
	history = createHistoryService({
		repo: createHistoryRepository(db),
		usage: pricing.usage,
		settings,
		bills: pricing.bills,
		dailyCosts: createDailyCosts(pricing.usage, pricing.bills, settings),
		clock
	});
});

function reading(device: number, port: number, ts: number, power: number) {
	db.prepare(
		`INSERT INTO readings (device_id, port, ts, voltage, current, power, received_at) VALUES (?, ?, ?, 230, 1, ?, 0)`
	).run(device, port, ts, power);
}

/** `kwh` in one 15-minute bucket, with its daily and monthly rollups, as the ledger keeps them. */
function energy(device: number, port: number, start: number, day: string, kwh: number) {
	const mj = Math.round(kwh * MJ_PER_KWH);
	db.prepare(
		`INSERT INTO energy_buckets (device_id, port, start, energy_mj, runtime_ms, peak_w, samples) VALUES (?, ?, ?, ?, 0, NULL, 1)`
	).run(device, port, start, mj);
	for (const [table, col, key] of [
		['energy_daily', 'day', day],
		['energy_monthly', 'month', day.slice(0, 7)]
	] as const)
		db.prepare(
			`INSERT INTO ${table} (device_id, port, ${col}, energy_mj) VALUES (?, ?, ?, ?)
			 ON CONFLICT DO UPDATE SET energy_mj = energy_mj + excluded.energy_mj`
		).run(device, port, key, mj);
}

describe('the last hour', () => {
	it('averages the stored readings per minute, null where nothing was measured', () => {
		reading(1, 1, NOW - 20_000, 100);
		reading(1, 1, NOW - 18_000, 200);
		reading(1, 2, NOW - 3_500_000, 7); // 05:01:45, the first minute shown
		reading(1, 2, NOW - 3_700_000, 9); // over an hour ago
		reading(2, 1, NOW - 20_000, 999); // someone else's
		const { series: s } = history.power(1);
		expect(s.ports.map((p) => p.name)).toEqual(['Desk · Port 1', 'Desk · Port 2']);
		expect(s.x).toHaveLength(60);
		expect(s.x[59]! * 1000).toBe(Date.UTC(2026, 2, 10, 6, 0)); // the minute that holds now
		expect(s.values[0]!.filter((v) => v !== null)).toEqual([150]);
		expect(s.values[0]![58]).toBe(150);
		expect(s.values[1]!.filter((v) => v !== null)).toEqual([7]);
		expect(s.values[1]![0]).toBe(7);
	});

	it('takes a minute with no reading from its quarter hour in the buckets', () => {
		const quarter = Date.UTC(2026, 2, 10, 5, 30); // 11:30 in Dhaka, a whole bucket ago
		energy(1, 1, quarter, '2026-03-10', 0.05); // 50 Wh in 15 min: 200 W
		reading(1, 1, quarter + 60_000, 180);
		const row = history.power(1).series.values[0]!;
		const at = (ms: number) => row[(ms - Date.UTC(2026, 2, 10, 5, 1)) / 60_000];
		expect(at(quarter)).toBe(200);
		expect(at(quarter + 60_000)).toBe(180); // a measured minute keeps its readings
		expect(at(quarter + 14 * 60_000)).toBe(200);
		expect(at(quarter + 15 * 60_000)).toBeNull(); // nothing measured since
	});

	it('leaves the running quarter hour to its readings', () => {
		const running = Date.UTC(2026, 2, 10, 6, 0); // began 5 s ago
		energy(1, 1, running, '2026-03-10', 0.0001);
		expect(history.power(1).series.values[0]!.every((v) => v === null)).toBe(true);
	});
});

describe('a period of energy and money', () => {
	it('gives a day in hours from the buckets, priced at the flat rate, later hours empty', () => {
		const midnight = Date.UTC(2026, 2, 9, 18); // 10 March 00:00 in Dhaka
		energy(1, 1, midnight + 3 * 3_600_000, '2026-03-10', 1.5); // 03:00
		energy(1, 2, midnight + 3 * 3_600_000 + 900_000, '2026-03-10', 0.5); // 03:15
		energy(2, 1, midnight + 3 * 3_600_000, '2026-03-10', 9); // someone else's
		const v = history.energy(1, 'day', '2026-03-10', true);
		expect(v.series.labels).toHaveLength(24);
		expect(v.series.labels[3]).toBe('03:00');
		expect(v.series.values[0]![3]).toBe(1.5);
		expect(v.series.values[1]![3]).toBe(0.5);
		expect(v.series.values[0]![12]).toBe(0); // 12:00 has begun
		expect(v.series.values[0]![13]).toBeNull(); // 13:00 has not
		expect(v.money![0]![3]).toBe(12); // 8 BDT/kWh
		expect(v.current.totalKwh).toBe(2);
		expect(v.current.totalMoney).toBe(16);
		expect(v.prev).toBe('2026-03-09');
		expect(v.next).toBeNull();
	});

	it('compares a week with the week before, Monday to Sunday', () => {
		energy(1, 1, Date.UTC(2026, 2, 8, 6), '2026-03-08', 2); // Sunday: the week before
		energy(1, 1, Date.UTC(2026, 2, 9, 6), '2026-03-09', 3); // Monday
		const v = history.energy(1, 'week', '2026-03-11', true);
		expect(v.series.labels[0]).toBe('2026-03-09');
		expect(v.series.labels[6]).toBe('2026-03-15');
		expect(v.current.kwh).toEqual([3, 0, null, null, null, null, null]);
		expect(v.previous.first).toBe('2026-03-02');
		expect(v.previous.totalKwh).toBe(2);
		expect(v.previous.kwh[6]).toBe(2);
		expect(v.previous.totalMoney).toBe(16);
	});

	it('prices a month at the figure its bill gives each port', () => {
		energy(1, 1, Date.UTC(2026, 1, 3, 6), '2026-02-03', 10);
		energy(1, 2, Date.UTC(2026, 1, 20, 6), '2026-02-20', 2.5);
		const v = history.energy(1, 'month', '2026-02-14', true);
		expect(v.series.labels).toHaveLength(28);
		expect(v.ports).toEqual([
			{ kwh: 10, money: 80 },
			{ kwh: 2.5, money: 20 }
		]);
		const bill = bills.ofMonth(1, '2026-02')!;
		expect(v.current.totalMoney).toBe(bill.strips.cost);
		expect(v.next).toBe('2026-03-01');
		expect(v.prev).toBe('2026-01-01');
	});

	it('gives a year in months, months still to come empty', () => {
		energy(1, 1, Date.UTC(2026, 0, 5, 6), '2026-01-05', 4);
		energy(1, 1, Date.UTC(2025, 5, 5, 6), '2025-06-05', 1);
		const v = history.energy(1, 'year', '2026-07-01', true);
		expect(v.series.labels[0]).toBe('2026-01');
		expect(v.current.kwh.slice(0, 4)).toEqual([4, 0, 0, null]);
		expect(v.current.totalMoney).toBe(32);
		expect(v.previous.kwh[5]).toBe(1);
		expect(v.next).toBeNull();
		expect(v.prev).toBe('2025-01-01');
	});

	it('leaves money out, and the bills unread, unless asked', () => {
		energy(1, 1, Date.UTC(2026, 2, 9, 6), '2026-03-09', 1);
		const v = history.energy(1, 'month');
		expect(v.current.totalKwh).toBe(1);
		expect(v.money).toBeNull();
		expect(v.current.totalMoney).toBeNull();
		expect(v.ports[0]!.money).toBeNull();
	});

	it('shows only the owner’s ports', () => {
		energy(2, 1, Date.UTC(2026, 2, 9, 6), '2026-03-09', 5);
		const v = history.energy(2, 'month');
		expect(v.series.ports.map((p) => p.key)).toEqual(['2:1']);
		expect(v.current.totalKwh).toBe(5);
		expect(history.energy(1, 'month').current.totalKwh).toBe(0);
	});
});
