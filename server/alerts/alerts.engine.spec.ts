import { beforeEach, describe, expect, it } from 'vitest';
import {
	BD_LT_A_RESIDENTIAL_TARIFF,
	localMidnight,
	parseTariff,
	SEED_FLAT_TARIFF,
	type Tariff
} from '../billing';
import { FakeClock } from '../clock';
import { openDatabase, type Db } from '../db/connection';
import { createAlertPricing } from './alert-pricing';
import { costSentence } from './alert-text';
import type { AlertView } from './alert.types';
import { createAlertsEngine, type AlertsEngine, type HouseholdWatch } from './alerts.engine';
import { createAlertsRepository } from './alerts.repository';
import { createAlertsService, type AlertsService } from './alerts.service';
import { createThresholds } from './thresholds.repository';

const S = 1000;
const MIN = 60 * S;
const TZ = 'Asia/Dhaka';
// 10:00 local on a weekday, outside peak hours.
const T0 = localMidnight(2026, 3, 10, TZ) + 10 * 60 * MIN;

let db: Db;
let clock: FakeClock;
let alerts: AlertsService;
let engine: AlertsEngine;
let opened: AlertView[];
let changes: number;
let costs: number;
let slab: HouseholdWatch | null;
let low: HouseholdWatch | null;
/** How often the engine read a port's history to learn its usual draw. */
let historyReads: number;
let tariff: Tariff;
let monthKwh: number;

/** Time-of-use: 6.00 a unit, 10.00 from 17:00 to 23:00, VAT 5 %. */
const TOU = parseTariff({
	id: 'tou',
	name: 'Time of use',
	validFrom: '2020-01-01',
	energy: {
		kind: 'tou',
		defaultRate: 6,
		windows: [{ name: 'Peak', start: '17:00', end: '23:00', rate: 10 }]
	},
	vatPercent: 5
});

function rows(rule?: string) {
	return db
		.prepare(
			`SELECT rule, port, cleared_at, opened_at FROM alerts WHERE (? IS NULL OR rule = ?) ORDER BY id`
		)
		.all(rule ?? null, rule ?? null) as {
		rule: string;
		port: number | null;
		cleared_at: number | null;
		opened_at: number;
	}[];
}

/** Readings of one port every 10 s of device time from `from` for `seconds`. */
function feed(port: number, power: number, from: number, seconds: number) {
	for (let t = from; t <= from + seconds * S; t += 10 * S) {
		clock.set(t);
		engine.onReadings(1, [{ port, ts: t, power }], t);
	}
}

beforeEach(() => {
	historyReads = 0;
	db = openDatabase(':memory:');
	db.prepare(
		`INSERT INTO users (id, email, password_hash, created_at, password_changed_at) VALUES (7, 'a@b.c', 'x', 0, 0)`
	).run();
	db.prepare(
		`INSERT INTO devices (id, name, port_count, token_hash, created_at, owner_id) VALUES (1, 'Desk', 4, 'h', 0, 7)`
	).run();
	for (const p of [1, 2, 3, 4])
		db.prepare(`INSERT INTO ports (device_id, port) VALUES (1, ?)`).run(p);
	clock = new FakeClock(T0);
	opened = [];
	changes = 0;
	costs = 0;
	slab = null;
	low = null;
	tariff = parseTariff(SEED_FLAT_TARIFF);
	monthKwh = 0;
	alerts = createAlertsService(createAlertsRepository(db), clock, {
		ownerOf: () => 7,
		opened: (_u, a) => opened.push(a),
		changed: () => changes++
	});
	const bucketsOf = db.prepare(
		`SELECT start, energy_mj AS energyMj, peak_w AS peakW, samples FROM energy_buckets
		 WHERE device_id = ? AND port = ? AND start >= ? AND start < ? ORDER BY start`
	);
	engine = createAlertsEngine({
		alerts,
		thresholds: createThresholds(db),
		clock,
		timeZone: () => TZ,
		maxGapMs: () => 5 * MIN,
		defaultIntervalMs: () => 20 * S,
		devices: () => [{ id: 1, ownerId: 7, lastSeenAt: null }],
		ports: () => [1, 2, 3, 4].map((port) => ({ deviceId: 1, port, ownerId: 7 })),
		portBuckets: (d, p, s, e) => {
			historyReads++;
			return bucketsOf.all(d, p, s, e) as never;
		},
		costsToday: () => [{ deviceId: 1, port: 2, cost: costs }],
		slabAhead: () => slab,
		balanceLow: () => low,
		prices: createAlertPricing({
			ownerOf: () => 7,
			timeZone: () => TZ,
			tariffs: () => [tariff],
			monthKwh: () => monthKwh,
			portBuckets: (d, p, s, e) => bucketsOf.all(d, p, s, e) as never
		})
	});
});

describe('BALANCE_LOW, a prepaid household’s warning', () => {
	const watch = (tag: string | null): HouseholdWatch => ({
		deviceId: 1,
		tag,
		message: tag
			? {
					k: 'balance',
					balance: tag.startsWith('1d') ? 40 : 150,
					runOut: null,
					currency: 'BDT',
					timezone: 'Asia/Dhaka'
				}
			: null
	});

	it('warns under three days, again under one, and clears when a recharge lands', () => {
		low = watch('3d:41');
		engine.tickHousehold(T0);
		low = watch('1d:41');
		engine.tickHousehold(T0 + 15 * MIN);
		expect(opened.map((a) => [a.rule, a.message])).toEqual([
			['BALANCE_LOW', 'Balance about ৳150.00. Recharge soon.'],
			['BALANCE_LOW', 'Balance about ৳40.00. Recharge soon.']
		]);
		low = watch(null); // recharge 42 landed
		engine.tickHousehold(T0 + 30 * MIN);
		expect(rows('BALANCE_LOW').every((r) => r.cleared_at !== null)).toBe(true);
		low = watch('3d:42'); // the next cycle warns afresh
		engine.tickHousehold(T0 + 45 * MIN);
		expect(opened).toHaveLength(3);
	});
});

describe('SLAB_AHEAD, the household’s next slab', () => {
	const ahead = (tag: string | null): HouseholdWatch => ({
		deviceId: 1,
		tag,
		message: tag
			? {
					k: 'slab',
					forecast: {
						boundKwh: Number(tag.slice(8)),
						soFarKwh: 380,
						crossesAt: Date.UTC(2026, 11, 22, 6),
						rateNow: 8.02,
						rateAfter: 12.67,
						headroomKwh: 20,
						maxPerDay: 2,
						lifeline: false
					},
					currency: 'BDT',
					timezone: 'Asia/Dhaka'
				}
			: null
	});

	it('is raised once per slab and month, in money, and cleared when the pace drops', () => {
		slab = ahead('2026-12:400');
		engine.tickHousehold(T0);
		expect(rows('SLAB_AHEAD')).toEqual([
			{ rule: 'SLAB_AHEAD', port: null, cleared_at: null, opened_at: T0 }
		]);
		expect(opened.map((a) => a.message)).toEqual([
			'At this pace you pass 400 units on Dec 22; after that each unit costs ৳12.67 instead of ৳8.02. Stay under 400 by using at most 2.0 units a day.'
		]);
		engine.tickHousehold(T0 + 15 * MIN); // still ahead: nothing new
		expect(rows('SLAB_AHEAD')).toHaveLength(1);

		slab = ahead(null); // the household slowed down
		engine.tickHousehold(T0 + 30 * MIN);
		expect(rows('SLAB_AHEAD')[0]!.cleared_at).toBe(T0 + 30 * MIN);

		slab = ahead('2026-12:400'); // faster again: that slab was already announced this month
		engine.tickHousehold(T0 + 45 * MIN);
		expect(rows('SLAB_AHEAD')).toHaveLength(1);
		expect(opened).toHaveLength(1);
	});

	it('moves on to the next slab: the passed one clears and the next is raised', () => {
		slab = ahead('2026-12:400');
		engine.tickHousehold(T0);
		slab = ahead('2026-12:600');
		engine.tickHousehold(T0 + 15 * MIN);
		expect(rows('SLAB_AHEAD').map((r) => r.cleared_at === null)).toEqual([false, true]);
		expect(opened.map((a) => a.message)).toEqual([
			'At this pace you pass 400 units on Dec 22; after that each unit costs ৳12.67 instead of ৳8.02. Stay under 400 by using at most 2.0 units a day.',
			'At this pace you pass 600 units on Dec 22; after that each unit costs ৳12.67 instead of ৳8.02. Stay under 600 by using at most 2.0 units a day.'
		]);
	});

	it('looks once a quarter hour from the scheduler’s minute', () => {
		let asked = 0;
		const counting = createAlertsEngine({
			alerts,
			thresholds: createThresholds(db),
			clock,
			timeZone: () => TZ,
			maxGapMs: () => 5 * MIN,
			defaultIntervalMs: () => 20 * S,
			devices: () => [],
			ports: () => [{ deviceId: 1, port: 1, ownerId: 7 }],
			portBuckets: () => [],
			costsToday: () => [],
			slabAhead: () => (asked++, null),
			balanceLow: () => null,
			prices: {
				isPeak: () => false,
				dayOfUse: () => null,
				peakPremium: () => null,
				standbyMonth: () => null,
				today: () => null
			}
		});
		for (let m = 0; m < 30; m++) counting.tick(T0 + m * MIN);
		expect(asked).toBe(2);
	});
});

/** A quarter hour of energy for a port, as ingestion stores it. */
function bucket(port: number, start: number, kwh: number, peakW = 0) {
	db.prepare(
		`INSERT INTO energy_buckets (device_id, port, start, energy_mj, peak_w, samples) VALUES (1, ?, ?, ?, ?, 90)`
	).run(port, start, Math.round(kwh * 3_600_000_000), peakW);
}

/** On for `on` s and off for `off` s, readings every 10 s, `cycles` times from `from`. */
function cycle(port: number, power: number, from: number, on: number, off: number, cycles: number) {
	let t = from;
	for (let c = 0; c < cycles; c++) {
		feed(port, power, t, on - 10);
		feed(port, 0, t + on * S, off - 10);
		t += (on + off) * S;
	}
	return t;
}

const open = (rule: string) =>
	db
		.prepare(
			`SELECT trigger_count AS count, opened_at AS openedAt, last_at AS lastAt FROM alerts
			 WHERE rule = ? AND cleared_at IS NULL`
		)
		.all(rule) as { count: number; openedAt: number; lastAt: number }[];

describe('HIGH_USAGE on a scripted timeline', () => {
	it('raises after 60 s above the threshold, counts a new start inside the hold window, and clears after 30 quiet minutes', () => {
		feed(1, 3500, T0, 50);
		expect(rows()).toEqual([]); // 50 s: not yet

		feed(1, 3500, T0 + 60 * S, 0);
		// Stamped with the readings' own time the condition started, not the time it arrived.
		expect(rows()).toEqual([{ rule: 'HIGH_USAGE', port: 1, cleared_at: null, opened_at: T0 }]);
		expect(opened.map((a) => [a.rule, a.severity, a.deviceName, a.count])).toEqual([
			['HIGH_USAGE', 'WARNING', 'Desk', 1]
		]);

		feed(1, 3600, T0 + 70 * S, 300); // five more minutes above: still one alert
		feed(1, 900, T0 + 380 * S, 0); // drops below: stays open (hysteresis)
		expect(rows()[0]!.cleared_at).toBeNull();
		feed(1, 3500, T0 + 390 * S, 20); // starts again inside the window: the same alert, twice
		expect(rows()).toHaveLength(1);
		expect(open('HIGH_USAGE')).toEqual([{ count: 2, openedAt: T0, lastAt: T0 + 390 * S }]);
		expect(opened).toHaveLength(1);

		feed(1, 100, T0 + 420 * S, 1740); // 29 min 50 s quiet since the last reading above
		expect(rows()[0]!.cleared_at).toBeNull();
		feed(1, 100, T0 + 2220 * S, 0); // 30 min: cleared
		expect(rows()[0]!.cleared_at).toBe(T0 + 2220 * S);

		feed(1, 3500, T0 + 2230 * S, 60); // a new episode is a new alert
		expect(rows().map((r) => r.cleared_at === null)).toEqual([false, true]);
		expect(opened).toHaveLength(2);
	});

	it('a load flapping every 20 s for 10 minutes is one alert that counts each start', () => {
		cycle(1, 3500, T0, 20, 20, 15);
		expect(rows()).toHaveLength(1);
		expect(open('HIGH_USAGE')).toEqual([{ count: 15, openedAt: T0, lastAt: T0 + 14 * 40 * S }]);
		expect(opened).toHaveLength(1);
	});

	it('by default a cycling iron and a kettle boiling do not trip it', () => {
		cycle(1, 1230, T0, 50, 20, 20); // an iron's thermostat for 23 minutes
		feed(2, 2200, T0, 240); // a kettle for four minutes
		feed(3, 2990, T0, 300); // a 3 kW kettle at high mains
		expect(rows()).toEqual([]);
	});

	it('learns what a port usually draws: a daily 3.5 kW heater trips only at half again', () => {
		for (let i = 1; i <= 120; i++) bucket(4, T0 - i * 900 * S, 0.8, 3500);
		feed(4, 3600, T0, 120);
		expect(rows()).toEqual([]);
		feed(4, 5400, T0 + 130 * S, 60);
		expect(opened.map((a) => a.message)).toEqual(['Above 5,250 W for over a minute (5,400 W)']);
	});

	it('reads a port’s history to learn its usual draw only once a reading is over the floor', () => {
		for (let i = 1; i <= 120; i++) bucket(4, T0 - i * 900 * S, 0.8, 3500);
		feed(4, 3000, T0, 120);
		feed(1, 200, T0, 120);
		expect(historyReads).toBe(0);
		feed(4, 3600, T0 + 130 * S, 120);
		// Learned once, kept for the hour: 3,600 W is not over half again its usual 3,500 W.
		expect(historyReads).toBe(1);
		expect(rows()).toEqual([]);
		feed(4, 5400, T0 + 260 * S, 60);
		expect(historyReads).toBe(1);
		expect(opened.map((a) => a.message)).toEqual(['Above 5,250 W for over a minute (5,400 W)']);
	});

	it('says what it costs a day at the household’s marginal rate, to the paisa', () => {
		bucket(1, T0 - 3600 * S, 1.2);
		bucket(1, T0 - 900 * S, 0.35);
		feed(1, 3500, T0, 60);
		// 1.55 kWh in the last 24 hours at the flat 8.00: 12.40 a day.
		expect(opened[0]!).toMatchObject({ costPaisa: 1240, costPer: 'day', currency: 'BDT' });
		expect(costSentence(opened[0]!)).toBe('About ৳12.40 a day at the last 24 hours’ use.');
	});

	it('prices at the slab the household’s month has reached, with VAT, rounded half up', () => {
		tariff = parseTariff({ ...BD_LT_A_RESIDENTIAL_TARIFF, meterRent: 0 });
		monthKwh = 250; // the 201–300 slab: 7.59, +5 % VAT
		bucket(1, T0 - 900 * S, 1.55);
		feed(1, 3500, T0, 60);
		// 1.55 × 7.59 × 1.05 = 12.352725 → 12.35
		expect(opened[0]!.costPaisa).toBe(1235);
	});

	it('holds on device time: a replayed minute raises as it is read, late older readings change nothing', () => {
		engine.onReadings(
			1,
			Array.from({ length: 7 }, (_, i) => ({ port: 3, ts: T0 + i * 10 * S, power: 4000 })),
			T0 + 10 * MIN
		);
		expect(rows('HIGH_USAGE')).toHaveLength(1);
		expect(rows('HIGH_USAGE')[0]!.opened_at).toBe(T0);
		engine.onReadings(1, [{ port: 3, ts: T0 + 5 * S, power: 10 }], T0 + 11 * MIN);
		expect(rows('HIGH_USAGE')[0]!.cleared_at).toBeNull();
	});

	it('starts the hold again after a silence longer than the maximum gap', () => {
		feed(1, 3500, T0, 30);
		feed(1, 3500, T0 + 10 * MIN, 30); // 30 s + 30 s either side of a 10-minute silence
		expect(rows()).toEqual([]);
	});

	it('uses the port threshold from settings', () => {
		createThresholds(db).set(1, 4, { highUsageW: 100, dailyCost: null, peakW: null });
		// A fresh engine would read the new value; this one cached the default for port 4 only if asked.
		feed(4, 150, T0, 60);
		expect(rows('HIGH_USAGE').map((r) => r.port)).toEqual([4]);
	});

	it('a strip that went quiet has its alert closed by the minute tick after the hold window', () => {
		feed(1, 3500, T0, 60);
		feed(1, 0, T0 + 70 * S, 0);
		engine.tickPeakEnd(T0 + 29 * MIN);
		expect(rows()[0]!.cleared_at).toBeNull();
		engine.tickPeakEnd(T0 + 31 * MIN);
		expect(rows()[0]!.cleared_at).toBe(T0 + 31 * MIN);
	});
});

describe('PEAK_USAGE', () => {
	const evening = localMidnight(2026, 3, 10, TZ) + (18 * 60 + 30) * MIN;

	it('is never raised under a flat tariff, whatever the hour', () => {
		feed(2, 700, evening, 300);
		expect(rows()).toEqual([]);
	});

	it('under time-of-use, only in the dear hours, priced at what they cost above the cheapest', () => {
		tariff = TOU;
		feed(2, 700, T0, 120); // 10:00: the cheapest rate
		expect(rows()).toEqual([]);
		bucket(2, evening - 900 * S, 0.5);
		feed(2, 700, evening, 60);
		expect(rows()).toEqual([{ rule: 'PEAK_USAGE', port: 2, cleared_at: null, opened_at: evening }]);
		// 0.5 kWh at 10.00 instead of 6.00, with 5 % VAT: 2.10 a day.
		expect(opened[0]!).toMatchObject({ severity: 'INFO', costPaisa: 210, costPer: 'day' });
		expect(costSentence(opened[0]!)).toBe(
			'About ৳2.10 a day more than the same use at the cheapest rate.'
		);
		const end = localMidnight(2026, 3, 10, TZ) + 23 * 60 * MIN;
		engine.tickPeakEnd(end - MIN); // 22:59: still dear, and not quiet for long
		expect(rows()[0]!.cleared_at).toBeNull();
		engine.tickPeakEnd(end + MIN); // 23:01
		expect(rows()[0]!.cleared_at).toBe(end + MIN);
	});
});

describe('DEVICE_OFFLINE', () => {
	it('raises after three reporting intervals without data and clears on the next reading', () => {
		feed(1, 50, T0, 30); // interval 10 s
		clock.set(T0 + 30 * S + 30 * S);
		engine.tickOffline(clock.now());
		expect(rows()).toEqual([]); // exactly three intervals: not yet
		clock.advance(1000);
		engine.tickOffline(clock.now());
		engine.tickOffline(clock.now() + MIN);
		expect(rows()).toEqual([
			{ rule: 'DEVICE_OFFLINE', port: null, cleared_at: null, opened_at: clock.now() }
		]);
		feed(1, 50, T0 + 5 * MIN, 0);
		expect(rows()[0]!.cleared_at).toBe(T0 + 5 * MIN);
	});
});

describe('HIGH_COST', () => {
	it('raises when a port costs more than 100 today, once, and clears when the cost is back under', () => {
		costs = 99;
		engine.tickCost(clock.now());
		expect(rows()).toEqual([]);
		costs = 150;
		engine.tickCost(clock.now());
		engine.tickCost(clock.now() + MIN);
		expect(rows()).toEqual([{ rule: 'HIGH_COST', port: 2, cleared_at: null, opened_at: T0 }]);
		expect(opened[0]!.severity).toBe('CRITICAL');
		costs = 0; // a new day
		engine.tickCost(clock.now() + 2 * MIN);
		expect(rows()[0]!.cleared_at).toBe(T0 + 2 * MIN);
	});
});

describe('STANDBY_WASTE', () => {
	const night = localMidnight(2026, 3, 11, TZ); // 00:00
	const insert = (start: number, watts: number, peak = watts) =>
		db
			.prepare(
				`INSERT INTO energy_buckets (device_id, port, start, energy_mj, peak_w, samples) VALUES (1, 3, ?, ?, ?, 90)`
			)
			.run(start, Math.round(watts * 900 * 1000), peak);

	it('raises after six steady standby hours at night and clears when the port is used', () => {
		for (let i = 0; i < 24; i++) insert(night + i * 900 * S, 2 + (i % 2) * 0.3);
		clock.set(night + 6 * 60 * MIN - 1); // 05:59: only 23 full buckets
		engine.tickStandby(clock.now());
		expect(rows()).toEqual([]);
		clock.set(night + 6 * 60 * MIN); // 06:00
		engine.tickStandby(clock.now());
		engine.tickStandby(clock.now() + MIN);
		expect(rows()).toEqual([
			{ rule: 'STANDBY_WASTE', port: 3, cleared_at: null, opened_at: clock.now() }
		]);
		insert(night + 24 * 900 * S, 2); // still standby at 06:00–06:15
		clock.set(night + 6.25 * 60 * MIN);
		engine.tickStandby(clock.now());
		expect(rows()[0]!.cleared_at).toBeNull();
		insert(night + 25 * 900 * S, 80, 120); // the TV is on
		clock.set(night + 6.5 * 60 * MIN);
		engine.tickStandby(clock.now());
		expect(rows()[0]!.cleared_at).toBe(clock.now());
	});

	it('ignores an unsteady draw (a phone that finished charging)', () => {
		for (let i = 0; i < 24; i++) insert(night + i * 900 * S, i < 8 ? 15 : 1);
		clock.set(night + 6 * 60 * MIN);
		engine.tickStandby(clock.now());
		expect(rows()).toEqual([]);
	});
});

describe('acknowledging', () => {
	it('acknowledges one or all of the owner’s alerts, and nobody else’s', () => {
		feed(1, 3500, T0, 60);
		feed(2, 3500, T0 + 100 * S, 60);
		const [a, b] = alerts.list(7);
		expect(alerts.acknowledge(8, a!.id)).toBe(false);
		expect(alerts.acknowledge(7, a!.id)).toBe(true);
		expect(alerts.unacknowledged(7)).toBe(1);
		expect(alerts.acknowledgeAll(7)).toBe(1);
		expect(alerts.get(7, b!.id)!.acknowledgedAt).toBe(clock.now());
		expect(alerts.list(8)).toEqual([]);
	});

	it('keeps cleared alerts 90 days', () => {
		feed(1, 3500, T0, 60);
		feed(1, 10, T0 + 70 * S, 31 * 60);
		expect(alerts.purge(T0 + 89 * 86_400_000)).toBe(0);
		expect(alerts.purge(T0 + 91 * 86_400_000)).toBe(1);
	});
});

describe('one open alert per rule, device and port, held by the database', () => {
	it('a second process raising the same alert writes nothing and announces nothing', () => {
		const other: AlertView[] = [];
		const second = createAlertsService(createAlertsRepository(db), clock, {
			ownerOf: () => 7,
			opened: (_u, a) => other.push(a),
			changed: () => {}
		});
		expect(alerts.raise('HIGH_USAGE', 1, 2, 'first', T0)).toBe(true);
		// The second service's memory does not know the first's alert: only the index stops it.
		expect(second.raise('HIGH_USAGE', 1, 2, 'second', T0 + S)).toBe(false);
		expect(rows('HIGH_USAGE')).toHaveLength(1);
		expect(other).toEqual([]);
		expect(() =>
			db
				.prepare(
					`INSERT INTO alerts (device_id, port, rule, severity, message, opened_at, updated_at)
					 VALUES (1, 2, 'HIGH_USAGE', 'WARNING', 'x', 0, 0)`
				)
				.run()
		).toThrow(/UNIQUE/);
		// A whole-strip alert (no port) is held to one as well.
		alerts.raise('DEVICE_OFFLINE', 1, null, 'quiet', T0);
		expect(second.raise('DEVICE_OFFLINE', 1, null, 'quiet', T0)).toBe(false);
		expect(rows('DEVICE_OFFLINE')).toHaveLength(1);
	});

	it("a second process learns of the first one's alerts, and can clear them", () => {
		// Two processes: each tells the other of its transitions (a cluster does it by NOTIFY).
		const processes: AlertsService[] = [];
		const make = (other: () => AlertsService | undefined) =>
			createAlertsService(createAlertsRepository(db), clock, {
				ownerOf: () => 7,
				opened: () => {},
				changed: () => {},
				transition: (t) => other()?.transitionedElsewhere(t)
			});
		const first = make(() => processes[1]);
		const second = make(() => processes[0]);
		processes.push(first, second);
		expect(first.raise('HIGH_USAGE', 1, 3, 'high', T0)).toBe(true);
		expect(second.isOpen('HIGH_USAGE', 1, 3)).toBe(true);
		// The condition ends where the second process sees the strip's readings.
		expect(second.clear('HIGH_USAGE', 1, 3, T0 + S)).toBe(true);
		expect(rows('HIGH_USAGE').map((r) => r.cleared_at)).toEqual([T0 + S]);
		expect(first.isOpen('HIGH_USAGE', 1, 3)).toBe(false);
		// One that missed the news reads the set again.
		const late = createAlertsService(createAlertsRepository(db), clock, {
			ownerOf: () => 7,
			opened: () => {},
			changed: () => {}
		});
		first.raise('HIGH_USAGE', 1, 4, 'high', T0 + 2 * S);
		expect(late.isOpen('HIGH_USAGE', 1, 4)).toBe(false);
		late.reload();
		expect(late.isOpen('HIGH_USAGE', 1, 4)).toBe(true);
	});
});
