import { describe, expect, it } from 'vitest';
import { computeBill } from './bill';
import { billingPeriod, localMidnight } from './local-time';
import { BD_LT_A_RESIDENTIAL_TARIFF, SEED_FLAT_TARIFF } from './presets';
import { compareToPrevious, projectBill } from './projection';

const DHAKA = 'Asia/Dhaka';
const DAY = 86_400_000;
const kwh = (n: number) => n * 3_600_000_000;
const january = billingPeriod(localMidnight(2026, 1, 15, DHAKA), DHAKA); // 31 days
const april = billingPeriod(localMidnight(2026, 4, 15, DHAKA), DHAKA); // 30 days

/** One kWh-sized bucket at the start of each of the first `days` days. */
const daily = (start: number, days: number, each: number) =>
	Array.from({ length: days }, (_, d) => ({
		port: 1,
		start: start + d * DAY,
		energyMj: kwh(each)
	}));

describe('projectBill', () => {
	it('extrapolates the average daily energy to the whole period', () => {
		const p = projectBill({
			buckets: daily(january.start, 10, 1),
			tariffs: [SEED_FLAT_TARIFF],
			tz: DHAKA,
			period: january,
			now: january.start + 10 * DAY
		});
		expect(p.soFar.totalKwh).toBe(10);
		expect(p.factor).toBeCloseTo(3.1, 12);
		expect(p.projected.totalKwh).toBeCloseTo(31, 9);
		expect(p.projected.total).toBeCloseTo(248, 9);
	});

	it('applies the slabs to the projected total, not to the energy so far', () => {
		// 40 kWh in half of April would be a lifeline bill; 80 kWh projected is not:
		// 75 × 5.26 + 5 × 7.20 = 430.50
		const p = projectBill({
			buckets: daily(april.start, 15, 40 / 15),
			tariffs: [BD_LT_A_RESIDENTIAL_TARIFF],
			tz: DHAKA,
			period: april,
			now: april.start + 15 * DAY
		});
		expect(p.soFar.energyLines[0]?.label).toMatch(/Lifeline/);
		expect(p.projected.totalKwh).toBeCloseTo(80, 9);
		expect(p.projected.energyCharge).toBeCloseTo(430.5, 9);
	});

	it('leaves out buckets that start at or after now', () => {
		const p = projectBill({
			buckets: daily(january.start, 20, 1),
			tariffs: [SEED_FLAT_TARIFF],
			tz: DHAKA,
			period: january,
			now: january.start + 10 * DAY
		});
		expect(p.soFar.totalKwh).toBe(10);
		expect(p.soFar.complete).toBe(false);
	});

	it('projects only the monthly charges before the period has begun', () => {
		const p = projectBill({
			buckets: [],
			tariffs: [{ ...SEED_FLAT_TARIFF, fixedMonthly: 25 }],
			tz: DHAKA,
			period: january,
			now: january.start - DAY
		});
		expect(p.factor).toBe(0);
		expect(p.projected.total).toBe(25);
	});

	it('equals the actual bill once the period is over', () => {
		const input = {
			buckets: daily(january.start, 31, 2),
			tariffs: [BD_LT_A_RESIDENTIAL_TARIFF],
			tz: DHAKA,
			period: january
		};
		const p = projectBill({ ...input, now: january.end + DAY });
		expect(p.factor).toBe(1);
		expect(p.projected.total).toBe(computeBill(input).total);
	});
});

describe('compareToPrevious', () => {
	const bill = (kwhTotal: number) =>
		computeBill({
			buckets: daily(january.start, 1, kwhTotal),
			tariffs: [SEED_FLAT_TARIFF],
			tz: DHAKA,
			period: january
		});

	it('reports the change in kWh and money, absolute and in percent', () => {
		expect(compareToPrevious(bill(120), bill(100))).toEqual({
			kwh: { current: 120, previous: 100, change: 20, percent: 20 },
			money: { current: 960, previous: 800, change: 160, percent: 20 }
		});
	});

	it('reports a fall as a negative change', () => {
		expect(compareToPrevious(bill(75), bill(100)).money).toEqual({
			current: 600,
			previous: 800,
			change: -200,
			percent: -25
		});
	});

	it('gives no percentage when the previous period was zero', () => {
		const c = compareToPrevious(bill(10), bill(0));
		expect(c.kwh).toEqual({ current: 10, previous: 0, change: 10, percent: null });
		expect(c.money.percent).toBeNull();
	});
});
