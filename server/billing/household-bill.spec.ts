import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PortBucket } from './aggregate';
import { computeBill } from './bill';
import { priceHousehold, spreadEvenly } from './household-bill';
import { billingPeriod, localMidnight } from './local-time';
import { roundBill, splitByWeight, toPaisa } from './paisa';
import { BD_LT_A_RESIDENTIAL_TARIFF, SEED_FLAT_TARIFF } from './presets';
import { forecastSlab } from './slab-forecast';
import { parseTariff, type TariffInput } from './tariff';

const TZ = 'Asia/Dhaka';
const DAY = 86_400_000;
const december = billingPeriod(localMidnight(2026, 12, 10, TZ), TZ);
const kwh = (n: number) => Math.round(n * 3_600_000_000);
/** LT-A as a household on 2 kW single phase has it: meter rent 40. */
const ltA: TariffInput = { ...BD_LT_A_RESIDENTIAL_TARIFF, meterRent: 40, sanctionedLoadKw: 2 };

/** A port's month: `total` kWh spread over the period's days. */
const portMonth = (port: string, total: number): PortBucket[] =>
	spreadEvenly(port, kwh(total), december.start, december.end, 4);

const price = (strips: PortBucket[], householdKwh: number | null, tariff = ltA) =>
	priceHousehold({
		tariffs: [tariff],
		tz: TZ,
		period: december,
		strips,
		householdKwh,
		rest: { from: december.start, to: december.end },
		now: december.end
	});

describe('the household bill, rounded as the utility prints it', () => {
	it('worked example 1: 250 kWh on 2 kW with no meter rent comes to 1,845.90', () => {
		const bill = roundBill(
			computeBill({
				buckets: portMonth('1', 250),
				tariffs: [{ ...ltA, meterRent: 0 }],
				tz: TZ,
				period: december
			})
		);
		expect(bill.energyCharge).toBe(1674);
		expect(bill.demand).toBe(84);
		expect(bill.vat).toBe(87.9);
		expect(bill.total).toBe(1845.9);
	});

	it('worked example 2: 350 kWh of which the strip measured 60; the strip adds 500.75, split 250.37 / 125.19 / 100.15 / 25.04', () => {
		const strips = [
			...portMonth('1', 30),
			...portMonth('2', 15),
			...portMonth('3', 12),
			...portMonth('4', 3)
		];
		const { household, strips: s } = price(strips, 350);
		expect(household).not.toBeNull();
		expect(household!.energyCharge).toBe(2454.5);
		expect(household!.vat).toBe(126.93);
		expect(household!.meterRent).toBe(40);
		expect(household!.total).toBe(2705.43);
		expect(s.cost).toBe(500.75);
		expect(s.ports.map((p) => p.cost)).toEqual([250.37, 125.19, 100.15, 25.04]);
		// The wrong answers: the strip billed as a household of its own, or an average share.
		const alone = price(strips, 60);
		expect(alone.household!.total).toBe(459.58);
		expect(s.cost).not.toBe(463.79);
	});

	it('without the household’s units the bill is not shown, and a flat rate still prices the strip exactly', () => {
		const flat = price(portMonth('1', 10), null, { ...SEED_FLAT_TARIFF, vatPercent: 5 });
		expect(flat.household).toBeNull();
		expect(flat.strips.cost).toBe(84); // 10 kWh × 8.00 + 5 % VAT
		const withHome = price(portMonth('1', 10), 300, { ...SEED_FLAT_TARIFF, vatPercent: 5 });
		expect(withHome.strips.cost).toBe(84);
		// The unrounded share gives the price per kWh the dashboard charges today's energy at.
		expect(withHome.strips.ports[0]!.exactCost / 10).toBeCloseTo(8.4, 12);
	});
});

describe('the slab forecast', () => {
	it('worked example 3: 380 kWh by the end of the 20th at 15 a day passes 400 on the 22nd', () => {
		const endOf20th = localMidnight(2026, 12, 21, TZ);
		const f = forecastSlab({
			tariff: parseTariff(ltA),
			soFarKwh: 380,
			perDay: 15,
			now: endOf20th,
			periodEnd: december.end
		});
		expect(f).not.toBeNull();
		expect(f!.boundKwh).toBe(400);
		expect(new Date(f!.crossesAt + 6 * 3_600_000).getUTCDate()).toBe(22);
		expect(f!.rateNow).toBe(8.02);
		expect(f!.rateAfter).toBe(12.67);
		expect(f!.headroomKwh).toBe(20);
		expect(f!.maxPerDay).toBeCloseTo(20 / 11, 9);
		const at = (units: number) => price(portMonth('1', units), units).household!.total;
		expect(at(400)).toBe(3126.48);
		expect(at(401)).toBe(3139.78);
	});

	it('says nothing when the month ends first, and treats the lifeline as a bound', () => {
		const t = parseTariff(ltA);
		const late = localMidnight(2026, 12, 30, TZ);
		expect(
			forecastSlab({ tariff: t, soFarKwh: 380, perDay: 5, now: late, periodEnd: december.end })
		).toBeNull();
		const life = forecastSlab({
			tariff: t,
			soFarKwh: 20,
			perDay: 2,
			now: december.start + DAY,
			periodEnd: december.end
		});
		expect(life).toMatchObject({ boundKwh: 50, lifeline: true, rateNow: 4.63, rateAfter: 5.26 });
		expect(
			forecastSlab({
				tariff: parseTariff(SEED_FLAT_TARIFF),
				soFarKwh: 20,
				perDay: 2,
				now: december.start,
				periodEnd: december.end
			})
		).toBeNull();
	});
});

describe('splitting by largest remainders', () => {
	it('gives the extra paisa to the largest remainders so the parts add up', () => {
		expect(splitByWeight(50075, [30, 15, 12, 3])).toEqual([25037, 12519, 10015, 2504]);
		expect(splitByWeight(100, [1, 1, 1])).toEqual([34, 33, 33]);
		expect(splitByWeight(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
	});
	it('rounds half up to the paisa', () => {
		expect(toPaisa(126.925)).toBe(12693);
		expect(toPaisa(1.005)).toBe(101);
	});
});

describe('properties of the strips’ cost', () => {
	it('ports always add up to the strips’ cost, which never exceeds the household bill’s variable part', () => {
		fc.assert(
			fc.property(
				fc.array(fc.integer({ min: 0, max: 200_000 }), { minLength: 1, maxLength: 4 }),
				fc.integer({ min: 0, max: 900_000 }),
				fc.constantFrom<TariffInput>(ltA, { ...SEED_FLAT_TARIFF, vatPercent: 5, meterRent: 40 }),
				(portWh, restWh, tariff) => {
					const strips = portWh.flatMap((wh, i) => portMonth(String(i + 1), wh / 1000));
					const stripKwh = strips.reduce((a, b) => a + b.energyMj, 0) / 3_600_000_000;
					const { household, strips: s } = price(strips, stripKwh + restWh / 1000, tariff);
					const sum = s.ports.reduce((a, p) => a + toPaisa(p.cost), 0);
					expect(sum).toBe(toPaisa(s.cost));
					const h = household!;
					const demandVat = Math.round(h.demand * 5);
					const variable = toPaisa(h.total) - toPaisa(h.fixed + h.meterRent + h.demand) - demandVat;
					expect(toPaisa(s.cost)).toBeLessThanOrEqual(variable);
					expect(s.cost).toBeGreaterThanOrEqual(0);
				}
			),
			{ numRuns: 150 }
		);
	});
});
