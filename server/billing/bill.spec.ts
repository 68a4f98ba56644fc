import { describe, expect, it } from 'vitest';
import { computeBill } from './bill';
import { billingPeriod, localMidnight } from './local-time';
import { roundMoney, formatMoney } from './money';
import { BD_LT_A_RESIDENTIAL_TARIFF, SEED_FLAT_TARIFF } from './presets';
import type { TariffInput } from './tariff';
import type { PortBucket } from './aggregate';

const DHAKA = 'Asia/Dhaka';
const BERLIN = 'Europe/Berlin';
const MIN = 60_000;
const BUCKET = 900_000;
/** millijoules in `n` kWh */
const kwh = (n: number) => n * 3_600_000_000;
/** UTC ms of a local wall-clock time in Dhaka (no DST there, so plain addition is exact) */
const dhaka = (y: number, m: number, d: number, hh = 0, mm = 0) =>
	localMidnight(y, m, d, DHAKA) + (hh * 60 + mm) * MIN;
const january = billingPeriod(dhaka(2026, 1, 15), DHAKA);
const april = billingPeriod(dhaka(2026, 4, 15), DHAKA); // 30 days

const tariff = (over: Partial<TariffInput>): TariffInput => ({
	id: 'test',
	name: 'Test',
	validFrom: '2020-01-01',
	energy: { kind: 'flat', rate: 10 },
	...over
});

const touTariff = tariff({
	energy: {
		kind: 'tou',
		defaultRate: 8,
		windows: [
			{ name: 'Peak', start: '18:00', end: '23:00', rate: 12 },
			{ name: 'Night', start: '23:00', end: '06:00', rate: 5 }
		]
	}
});

/** `total` kWh for one port spread evenly over the first `days` days of a period, one bucket per hour. */
function spread(port: number, total: number, period: { start: number }, days = 10): PortBucket[] {
	const hours = days * 24;
	return Array.from({ length: hours }, (_, h) => ({
		port,
		start: period.start + h * 4 * BUCKET,
		energyMj: kwh(total / hours)
	}));
}

describe('flat tariff', () => {
	it('charges every kWh at the flat rate and gives each port its own cost', () => {
		const bill = computeBill({
			buckets: [...spread(1, 10, january), ...spread(2, 2.5, january)],
			tariffs: [SEED_FLAT_TARIFF],
			tz: DHAKA,
			period: january
		});
		expect(bill.totalKwh).toBeCloseTo(12.5, 9);
		expect(bill.energyCharge).toBeCloseTo(100, 9);
		expect(bill.total).toBeCloseTo(100, 9);
		expect(bill.ports.map((p) => [p.port, roundMoney(p.energyCharge)])).toEqual([
			['1', 80],
			['2', 20]
		]);
		expect(bill.energyLines).toEqual([
			{
				label: 'Energy',
				part: { kind: 'energy' },
				kwh: 12.5,
				rate: 8,
				amount: 100,
				tariffId: 'seed-flat'
			}
		]);
	});

	it('accepts buckets grouped by port in a Map', () => {
		const buckets = new Map([[1, [{ start: january.start, energyMj: kwh(3) }]]]);
		const bill = computeBill({ buckets, tariffs: [SEED_FLAT_TARIFF], tz: DHAKA, period: january });
		expect(bill.ports).toEqual([{ port: '1', kwh: 3, energyCharge: 24 }]);
	});

	it('ignores buckets outside the period', () => {
		const buckets = [
			{ port: 1, start: january.start - BUCKET, energyMj: kwh(5) },
			{ port: 1, start: january.end, energyMj: kwh(5) }
		];
		expect(
			computeBill({ buckets, tariffs: [SEED_FLAT_TARIFF], tz: DHAKA, period: january }).totalKwh
		).toBe(0);
	});

	it('refuses a bucket that does not start on a 15-minute boundary', () => {
		const buckets = [{ port: 1, start: january.start + MIN, energyMj: 1 }];
		expect(() =>
			computeBill({ buckets, tariffs: [SEED_FLAT_TARIFF], tz: DHAKA, period: january })
		).toThrow(/15-minute/);
	});

	it('orders ports numerically', () => {
		const buckets = [10, 2, 1].map((port) => ({ port, start: january.start, energyMj: kwh(1) }));
		const bill = computeBill({ buckets, tariffs: [SEED_FLAT_TARIFF], tz: DHAKA, period: january });
		expect(bill.ports.map((p) => p.port)).toEqual(['1', '2', '10']);
	});
});

describe('time-of-use tariff', () => {
	// One kWh in each bucket below; expected: Peak 2 × 12 + Night 3 × 5 + other 2 × 8 = 55.
	const starts = [
		dhaka(2026, 1, 10, 17, 45), // other hours
		dhaka(2026, 1, 10, 18, 0), // peak
		dhaka(2026, 1, 10, 22, 45), // peak
		dhaka(2026, 1, 10, 23, 0), // night, before midnight
		dhaka(2026, 1, 11, 2, 0), // night, after midnight
		dhaka(2026, 1, 11, 5, 45), // night, last bucket
		dhaka(2026, 1, 11, 6, 0) // other hours
	];
	const bill = computeBill({
		buckets: starts.map((start) => ({ port: 1, start, energyMj: kwh(1) })),
		tariffs: [touTariff],
		tz: DHAKA,
		period: january
	});

	it('splits energy by window, the hours outside every window last', () => {
		expect(bill.energyLines.map((l) => [l.label, l.kwh, l.rate, l.amount])).toEqual([
			['Peak', 2, 12, 24],
			['Night', 3, 5, 15],
			['Other hours', 2, 8, 16]
		]);
	});

	it('charges a window that crosses midnight on both sides of it', () => {
		expect(bill.energyLines.find((l) => l.label === 'Night')?.kwh).toBe(3);
	});

	it('adds the windows up to the energy charge', () => {
		expect(bill.energyCharge).toBe(55);
		expect(bill.ports[0]?.energyCharge).toBe(55);
	});
});

describe('slabs', () => {
	const slabBill = (kwhTotal: number) =>
		computeBill({
			buckets: spread(1, kwhTotal, january),
			tariffs: [BD_LT_A_RESIDENTIAL_TARIFF],
			tz: DHAKA,
			period: january
		});

	it('charges the whole bill at the lifeline rate when the month is at most 50 kWh', () => {
		const bill = slabBill(50);
		expect(bill.energyCharge).toBeCloseTo(50 * 4.63, 9); // 231.50
		expect(bill.energyLines).toHaveLength(1);
		expect(bill.energyLines[0]?.rate).toBe(4.63);
	});

	it('charges 51 kWh marginally from the first slab, not the lifeline', () => {
		const bill = slabBill(51);
		expect(bill.energyCharge).toBeCloseTo(51 * 5.26, 9); // 268.26
		expect(bill.energyLines.map((l) => l.label)).toEqual(['0–75 kWh']);
	});

	it('charges each kWh at the rate of the slab it falls in', () => {
		// 75×5.26 + 125×7.20 + 100×7.59 + 100×8.02 + 200×12.67 + 100×14.61 = 6,850.50
		const bill = slabBill(700);
		expect(bill.energyLines.map((l) => roundMoney(l.kwh))).toEqual([75, 125, 100, 100, 200, 100]);
		expect(roundMoney(bill.energyCharge)).toBe(6850.5);
	});

	it('replaces the time-of-use rates when a tariff has both', () => {
		const both = tariff({
			energy: touTariff.energy,
			slabs: { tiers: [{ upToKwh: null, rate: 3 }] }
		});
		const buckets = [{ port: 1, start: dhaka(2026, 1, 10, 19, 0), energyMj: kwh(10) }];
		expect(computeBill({ buckets, tariffs: [both], tz: DHAKA, period: january }).energyCharge).toBe(
			30
		);
	});

	it('shares the slab charge between ports pro rata to their kWh', () => {
		const bill = computeBill({
			buckets: [...spread(1, 150, january), ...spread(2, 100, january)],
			tariffs: [BD_LT_A_RESIDENTIAL_TARIFF],
			tz: DHAKA,
			period: january
		});
		expect(bill.ports.map((p) => roundMoney(p.energyCharge))).toEqual([1004.4, 669.6]); // 1,674 × 0.6 / 0.4
	});
});

describe('other charges', () => {
	const oneBucket = (n: number) => [{ port: 1, start: january.start, energyMj: kwh(n) }];

	it('adds VAT on energy but not on the fixed charge', () => {
		const bill = computeBill({
			buckets: oneBucket(100),
			tariffs: [tariff({ vatPercent: 5, fixedMonthly: 50 })],
			tz: DHAKA,
			period: january
		});
		expect(bill.vat).toBe(50); // 5 % of 1,000
		expect(bill.fixed).toBe(50);
		expect(bill.total).toBe(1100);
	});

	it('charges demand on the sanctioned load of the tariff', () => {
		const bill = computeBill({
			buckets: [],
			tariffs: [tariff({ demandPerKw: 42, sanctionedLoadKw: 3 })],
			tz: DHAKA,
			period: january
		});
		expect(bill.demand).toBe(126);
		expect(bill.total).toBe(126);
	});

	it('lets the sanctioned load given to the bill override the tariff', () => {
		const bill = computeBill({
			buckets: [],
			tariffs: [tariff({ demandPerKw: 42, sanctionedLoadKw: 3, vatPercent: 5 })],
			tz: DHAKA,
			period: january,
			sanctionedLoadKw: 2
		});
		expect(bill.demand).toBe(84);
		expect(bill.vat).toBeCloseTo(4.2, 12); // VAT covers the demand charge
	});

	it('adds meter rent without VAT', () => {
		const bill = computeBill({
			buckets: oneBucket(10),
			tariffs: [tariff({ meterRent: 40, vatPercent: 5 })],
			tz: DHAKA,
			period: january
		});
		expect(bill.meterRent).toBe(40);
		expect(bill.total).toBeCloseTo(100 + 5 + 40, 12);
	});
});

describe('the first worked example (docs/decisions.md, tariff facts)', () => {
	const bill = computeBill({
		buckets: [...spread(1, 150, january, 31), ...spread(2, 100, january, 20)],
		tariffs: [BD_LT_A_RESIDENTIAL_TARIFF],
		tz: DHAKA,
		period: january,
		sanctionedLoadKw: 2
	});

	it('comes to exactly 1,845.90 BDT for 250 kWh and 2 kW', () => {
		expect(roundMoney(bill.totalKwh)).toBe(250);
		expect(roundMoney(bill.energyCharge)).toBe(1674);
		expect(roundMoney(bill.demand)).toBe(84);
		expect(roundMoney(bill.vat)).toBe(87.9);
		expect(roundMoney(bill.total)).toBe(1845.9);
		expect(formatMoney(bill.total, bill.currency, 'en')).toBe('BDT\u00a01,845.90');
	});

	it('splits the energy charge by slab', () => {
		expect(
			bill.energyLines.map((l) => [l.label, roundMoney(l.kwh), l.rate, roundMoney(l.amount)])
		).toEqual([
			['0–75 kWh', 75, 5.26, 394.5],
			['75–200 kWh', 125, 7.2, 900],
			['200–300 kWh', 50, 7.59, 379.5]
		]);
	});

	it('tells the UI to say "check against your bill"', () => {
		expect(bill.checkAgainstBill).toBe(true);
	});
});

describe('month boundary in Asia/Dhaka', () => {
	const buckets = [
		{ port: 1, start: dhaka(2026, 1, 31, 23, 45), energyMj: kwh(1) },
		{ port: 1, start: dhaka(2026, 2, 1, 0, 0), energyMj: kwh(2) }
	];
	const february = billingPeriod(dhaka(2026, 2, 1), DHAKA);

	it('bills a bucket at 23:45 local on the last day to that month', () => {
		expect(
			computeBill({ buckets, tariffs: [SEED_FLAT_TARIFF], tz: DHAKA, period: january }).totalKwh
		).toBe(1);
	});

	it('bills a bucket at 00:00 local on the 1st to the next month', () => {
		expect(
			computeBill({ buckets, tariffs: [SEED_FLAT_TARIFF], tz: DHAKA, period: february }).totalKwh
		).toBe(2);
	});
});

describe('DST in Europe/Berlin', () => {
	const peakTariff = tariff({
		energy: {
			kind: 'tou',
			defaultRate: 1,
			windows: [{ name: 'Peak', start: '18:00', end: '23:00', rate: 10 }]
		}
	});
	/** One kWh in every bucket of a local day. */
	const wholeDay = (m: number, d: number) => {
		const period = {
			start: localMidnight(2026, m, d, BERLIN),
			end: localMidnight(2026, m, d + 1, BERLIN)
		};
		const count = (period.end - period.start) / BUCKET;
		const buckets = Array.from({ length: count }, (_, i) => ({
			port: 1,
			start: period.start + i * BUCKET,
			energyMj: kwh(1)
		}));
		return {
			period,
			count,
			bill: computeBill({ buckets, tariffs: [peakTariff], tz: BERLIN, period })
		};
	};

	it('has 92 buckets on the March change day and keeps the 18:00–23:00 window at 20 of them', () => {
		const { count, bill } = wholeDay(3, 29);
		expect(count).toBe(92);
		expect(bill.energyLines.map((l) => [l.label, l.kwh])).toEqual([
			['Peak', 20],
			['Other hours', 72]
		]);
	});

	it('has 100 buckets on the October change day and keeps the 18:00–23:00 window at 20 of them', () => {
		const { count, bill } = wholeDay(10, 25);
		expect(count).toBe(100);
		expect(bill.energyLines.map((l) => [l.label, l.kwh])).toEqual([
			['Peak', 20],
			['Other hours', 80]
		]);
	});

	it('places the window on local summer time after the March change', () => {
		// 16:00 UTC is 18:00 CEST on 29 March but 17:00 CET the day before.
		const period = {
			start: localMidnight(2026, 3, 28, BERLIN),
			end: localMidnight(2026, 3, 30, BERLIN)
		};
		const bill = (start: number) =>
			computeBill({
				buckets: [{ port: 1, start, energyMj: kwh(1) }],
				tariffs: [peakTariff],
				tz: BERLIN,
				period
			});
		expect(bill(Date.UTC(2026, 2, 29, 16, 0)).energyCharge).toBe(10);
		expect(bill(Date.UTC(2026, 2, 28, 16, 0)).energyCharge).toBe(1);
	});

	it('places the window on local winter time after the October change', () => {
		const period = {
			start: localMidnight(2026, 10, 25, BERLIN),
			end: localMidnight(2026, 10, 26, BERLIN)
		};
		const bill = (start: number) =>
			computeBill({
				buckets: [{ port: 1, start, energyMj: kwh(1) }],
				tariffs: [peakTariff],
				tz: BERLIN,
				period
			});
		expect(bill(Date.UTC(2026, 9, 25, 17, 0)).energyCharge).toBe(10); // 18:00 CET
		expect(bill(Date.UTC(2026, 9, 25, 16, 45)).energyCharge).toBe(1); // 17:45 CET
	});
});

describe('a tariff change mid-month', () => {
	const v1 = tariff({
		id: 'v1',
		validFrom: '2020-01-01',
		energy: { kind: 'flat', rate: 8 },
		fixedMonthly: 31
	});
	const v2 = tariff({
		id: 'v2',
		validFrom: '2026-01-16',
		energy: { kind: 'flat', rate: 10 },
		fixedMonthly: 62
	});
	const bill = computeBill({
		buckets: [
			{ port: 1, start: dhaka(2026, 1, 15, 23, 45), energyMj: kwh(10) },
			{ port: 1, start: dhaka(2026, 1, 16, 0, 0), energyMj: kwh(10) }
		],
		tariffs: [v2, v1],
		tz: DHAKA,
		period: january
	});

	it('prices each bucket by the version in force on its local date', () => {
		expect(bill.energyLines.map((l) => [l.tariffId, l.amount])).toEqual([
			['v1', 80],
			['v2', 100]
		]);
	});

	it('prorates monthly charges by the days each version covers', () => {
		expect(bill.segments.map((s) => [s.tariffId, s.from, s.to, s.days])).toEqual([
			['v1', '2026-01-01', '2026-01-15', 15],
			['v2', '2026-01-16', '2026-01-31', 16]
		]);
		expect(bill.fixed).toBeCloseTo(31 * (15 / 31) + 62 * (16 / 31), 12); // 15 + 32 = 47
		expect(bill.total).toBeCloseTo(180 + 47, 12);
	});

	it('prorates slab bounds by the days each version covers', () => {
		// April has 30 days; the change on the 16th gives each version half the month,
		// so the 100 kWh first slab becomes 50 kWh in each half.
		const a = tariff({
			id: 'a',
			validFrom: '2020-01-01',
			slabs: {
				tiers: [
					{ upToKwh: 100, rate: 5 },
					{ upToKwh: null, rate: 10 }
				]
			}
		});
		const b = tariff({
			id: 'b',
			validFrom: '2026-04-16',
			slabs: {
				tiers: [
					{ upToKwh: 100, rate: 6 },
					{ upToKwh: null, rate: 12 }
				]
			}
		});
		const split = computeBill({
			buckets: [
				{ port: 1, start: dhaka(2026, 4, 2), energyMj: kwh(60) }, // 50×5 + 10×10 = 350
				{ port: 1, start: dhaka(2026, 4, 20), energyMj: kwh(40) } // 40×6 = 240
			],
			tariffs: [a, b],
			tz: DHAKA,
			period: april
		});
		expect(split.energyCharge).toBe(590);
	});
});

describe('billing cycle starting on the 15th', () => {
	const cycle = billingPeriod(dhaka(2026, 3, 1), DHAKA, 15); // 15 Feb – 14 Mar
	const bill = computeBill({
		buckets: [
			{ port: 1, start: dhaka(2026, 2, 14, 23, 45), energyMj: kwh(1) },
			{ port: 1, start: dhaka(2026, 2, 15, 0, 0), energyMj: kwh(2) },
			{ port: 1, start: dhaka(2026, 3, 14, 23, 45), energyMj: kwh(4) },
			{ port: 1, start: dhaka(2026, 3, 15, 0, 0), energyMj: kwh(8) }
		],
		tariffs: [tariff({ fixedMonthly: 30 })],
		tz: DHAKA,
		period: cycle
	});

	it('bills from 00:00 on the 15th to 23:45 on the 14th of the next month', () => {
		expect(bill.totalKwh).toBe(6);
	});

	it('charges the full monthly fee for the 28-day cycle', () => {
		expect(bill.segments).toMatchObject([
			{ from: '2026-02-15', to: '2026-03-14', days: 28, share: 1 }
		]);
		expect(bill.fixed).toBe(30);
	});
});
