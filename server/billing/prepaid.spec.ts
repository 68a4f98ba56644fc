import { describe, expect, it } from 'vitest';
import { billingPeriod, localMidnight } from './local-time';
import { fixedDeduction, runMeter, unitDebit, type PrepaidRules } from './prepaid';
import { BD_LT_A_RESIDENTIAL_TARIFF } from './presets';
import { parseTariff } from './tariff';

const TZ = 'Asia/Dhaka';
const ltA = parseTariff({ ...BD_LT_A_RESIDENTIAL_TARIFF, meterRent: 40 });
const rules: PrepaidRules = {
	periodOf: (at) => billingPeriod(at, TZ),
	tariffAt: () => ltA,
	sanctionedLoadKw: 2,
	rebatePercent: 0.5
};
const dec = (d: number, h = 0) => localMidnight(2026, 12, d, TZ) + h * 3_600_000;
const jan = (d: number, h = 0) => localMidnight(2027, 1, d, TZ) + h * 3_600_000;
const nothing = () => 0;
/** The state at the start of December, its fixed charges waiting for a recharge. */
const december = (balance = 0) => ({
	at: dec(1),
	balance,
	monthUnits: 0,
	pending: [billingPeriod(dec(1), TZ)]
});

describe('the prepaid meter’s rules', () => {
	it('worked example 4: the month’s first recharge of 1,000.00 deducts 128.20 and leaves 871.80', () => {
		expect(fixedDeduction(ltA, 2)).toBe(128.2);
		const run = runMeter(
			rules,
			december(),
			dec(3, 12),
			[{ at: dec(3, 10), amount: 1000 }],
			nothing,
			0
		);
		expect(run.end.balance).toBeCloseTo(871.8, 9);
		expect(run.months.get('2026-12')).toMatchObject({ recharged: 1000, fixed: 128.2, energy: 0 });
	});

	it('deducts the fixed charges once in a month with two recharges', () => {
		const recharges = [
			{ at: dec(3, 10), amount: 1000 },
			{ at: dec(18, 10), amount: 500 }
		];
		const run = runMeter(rules, december(), dec(20), recharges, nothing, 0);
		expect(run.end.balance).toBeCloseTo(1500 - 128.2, 9);
		expect(run.months.get('2026-12')!.fixed).toBe(128.2);
	});

	it('a month with no recharge is deducted at the next one, with that month’s own', () => {
		// 300 left from November; nothing recharged in December; 1,000 on 5 January.
		const run = runMeter(
			rules,
			december(300),
			jan(10),
			[{ at: jan(5, 9), amount: 1000 }],
			nothing,
			0
		);
		// December's pending at its start, January's at its start: both taken from the January recharge.
		expect(run.end.balance).toBeCloseTo(300 + 1000 - 2 * 128.2, 9);
		expect(run.months.get('2027-01')!.fixed).toBeCloseTo(256.4, 9);
	});

	it('debits each unit at the slab the month has reached, with VAT, less the rebate', () => {
		// 10 units an hour for 10 hours from 45 units into the month: 5 at the lifeline rate, 95 at the first tiers.
		const start = { ...december(1000), monthUnits: 45, pending: [] };
		const run = runMeter(rules, start, dec(1, 10), [], () => 10, 0);
		const at = (u: number) => unitDebit(ltA, u, 0.5);
		expect(at(45).gross).toBeCloseTo(4.63 * 1.05, 12);
		expect(at(80).gross).toBeCloseTo(7.2 * 1.05, 12);
		expect(at(80).rebate).toBeCloseTo(7.2 * 1.05 * 0.005, 12);
		expect(run.end.monthUnits).toBeCloseTo(145, 9);
		// Hourly steps price each hour at the slab it starts in.
		const expected = [45, 55, 65, 75, 85, 95, 105, 115, 125, 135].reduce(
			(s, u) => s + 10 * (at(u).gross - at(u).rebate),
			0
		);
		expect(run.end.balance).toBeCloseTo(1000 - expected, 9);
	});

	it('says when the balance runs out', () => {
		const run = runMeter(
			rules,
			{ ...december(50), monthUnits: 100, pending: [] },
			dec(10),
			[],
			nothing,
			1 / 3_600_000,
			true
		);
		// 1 unit an hour at 7.20 × 1.05 less 0.5 %: 50 lasts 6.65 hours, so the 7th hour ends it.
		expect(run.emptyAt).toBe(dec(1, 7));
	});
});
