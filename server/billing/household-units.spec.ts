import { describe, expect, it } from 'vitest';
import { createHouseholdUnits, type MeterSpan } from './household-units';

const DAY = 86_400_000;
const DEC1 = Date.UTC(2026, 11, 1);
const day = (d: number) => DEC1 + (d - 1) * DAY;
/** The strips draw a steady 2 kWh a day. */
const stripKwh = (from: number, to: number) => ((to - from) / DAY) * 2;

describe('the household’s units', () => {
	it('between two readings is their difference, and past them the strips plus the learned rest of the home', () => {
		const meters: MeterSpan[] = [
			{
				from: day(1),
				until: null,
				readings: [
					{ at: day(3), kwh: 1000 },
					{ at: day(28), kwh: 1250 }
				]
			}
		];
		const units = createHouseholdUnits({ meters, stripKwh, estimateRestPerDay: null });
		// 250 units over 25 days, 50 of them the strips': the rest of the home used 8 a day.
		expect(units.between(day(3), day(28)).kwh).toBeCloseTo(250, 9);
		expect(units.between(day(3), day(28)).basis.exact).toBe(true);
		const month = units.between(day(1), day(32));
		expect(month.kwh).toBeCloseTo(20 + 250 + 40, 9);
		expect(month.stripKwh).toBeCloseTo(62, 9);
		expect(month.basis).toMatchObject({
			exact: false,
			readingsInside: 2,
			restFrom: 'readings',
			lastReading: { at: day(28), kwh: 1250 }
		});
		expect(month.basis.restPerDay).toBeCloseTo(8, 9);
	});

	it('follows the strips inside an interval: a day the strips used more holds more of the units', () => {
		const busy = (from: number, to: number) =>
			stripKwh(from, to) + (from < day(5) && to > day(4) ? 10 : 0);
		const meters: MeterSpan[] = [
			{
				from: day(1),
				until: null,
				readings: [
					{ at: day(1), kwh: 0 },
					{ at: day(11), kwh: 110 }
				]
			}
		];
		const units = createHouseholdUnits({ meters, stripKwh: busy, estimateRestPerDay: null });
		// 110 = 20 + 10 (the strips) + 80 (the rest, 8 a day): day 4 holds 2 + 10 + 8.
		expect(units.between(day(4), day(5)).kwh).toBeCloseTo(20, 9);
		expect(units.between(day(1), day(11)).kwh).toBeCloseTo(110, 9);
	});

	it('with no reading rests on the household’s own estimate of a month', () => {
		const meters: MeterSpan[] = [{ from: day(1), until: null, readings: [] }];
		const units = createHouseholdUnits({ meters, stripKwh, estimateRestPerDay: 6 });
		const month = units.between(day(1), day(32));
		expect(month.kwh).toBeCloseTo(31 * 8, 9);
		expect(month.basis).toMatchObject({ restFrom: 'estimate', lastReading: null, exact: false });
	});

	it('with nothing from the household counts only the strips, and says so', () => {
		const units = createHouseholdUnits({ meters: [], stripKwh, estimateRestPerDay: null });
		const month = units.between(day(1), day(32));
		expect(month.kwh).toBeCloseTo(62, 9);
		expect(month.basis.restFrom).toBe('none');
	});

	it('adds the old meter’s units to the new one’s across a replacement, never their registers', () => {
		const meters: MeterSpan[] = [
			{
				from: day(1),
				until: day(15),
				readings: [
					{ at: day(1), kwh: 500 },
					{ at: day(15), kwh: 640 }
				]
			},
			{
				from: day(15),
				until: null,
				readings: [
					{ at: day(15), kwh: 0 },
					{ at: day(29), kwh: 140 }
				]
			}
		];
		const units = createHouseholdUnits({ meters, stripKwh, estimateRestPerDay: null });
		expect(units.between(day(1), day(29)).kwh).toBeCloseTo(280, 9);
		expect(units.between(day(10), day(20)).kwh).toBeCloseTo(100, 9);
		expect(units.firstReadingAt()).toBe(day(1));
	});

	it('never counts fewer units than the strips measured, even when readings disagree with them', () => {
		const meters: MeterSpan[] = [
			{
				from: day(1),
				until: null,
				readings: [
					{ at: day(1), kwh: 0 },
					{ at: day(11), kwh: 5 }
				]
			}
		];
		const units = createHouseholdUnits({ meters, stripKwh, estimateRestPerDay: null });
		expect(units.between(day(1), day(11)).kwh).toBeCloseTo(20, 9);
		expect(units.restPerMs(day(20))).toBe(0);
	});

	it('estimates the rest of the home past the last reading to the quarter hour, so a figure holds for fifteen minutes', () => {
		const meters: MeterSpan[] = [
			{
				from: day(1),
				until: null,
				readings: [
					{ at: day(1), kwh: 0 },
					{ at: day(11), kwh: 100 }
				]
			}
		];
		const units = createHouseholdUnits({ meters, stripKwh, estimateRestPerDay: null });
		const quarter = day(12) + 10 * 900_000;
		const at = (t: number) => units.between(day(1), t).kwh;
		// The strips' measured energy counts to the instant; the rest (8 a day) to the quarter.
		const strips = (t: number) => stripKwh(quarter, t);
		expect(at(quarter + 60_000) - strips(quarter + 60_000)).toBeCloseTo(at(quarter), 9);
		expect(at(quarter + 899_999) - strips(quarter + 899_999)).toBeCloseTo(at(quarter), 9);
		expect(at(quarter + 900_000) - strips(quarter + 900_000)).toBeCloseTo(at(quarter) + 8 / 96, 9);
		expect(at(quarter)).toBeCloseTo(100 + 2 * 1.1042 + 8 * 1.1042, 2);
	});
});
