import { describe, expect, it } from 'vitest';
import { defaultEnergyOptions as o, intervalBetween } from './interval';
import { spreadOverBuckets } from './spread';
import { MJ_PER_WH } from './units';

const s = (ts: number, power: number, energyWh: number | null = null, epoch?: number) => ({
	ts,
	power,
	energyWh,
	...(epoch === undefined ? {} : { epoch })
});

describe('intervalBetween', () => {
	it('integrates power with the trapezoidal rule over the real time', () => {
		// 100 W → 200 W over 60 s: mean 150 W × 60 s = 9,000 J.
		expect(intervalBetween(s(0, 100), s(60_000, 200), o)).toEqual({
			energyMj: 9_000_000,
			runtimeMs: 60_000,
			gap: false
		});
	});

	it('integrates nothing across a silence longer than the maximum gap, and says so', () => {
		expect(intervalBetween(s(0, 100), s(5 * 60_000 + 1, 100), o)).toEqual({
			energyMj: 0,
			runtimeMs: 0,
			gap: true
		});
	});

	it('integrates exactly at the maximum gap', () => {
		expect(intervalBetween(s(0, 60), s(5 * 60_000, 60), o).energyMj).toBe(60 * 300_000);
	});

	it('prefers the counter delta over the power readings', () => {
		const iv = intervalBetween(s(0, 1000, 10), s(60_000, 1000, 10.5), o);
		expect(iv.energyMj).toBe(0.5 * MJ_PER_WH);
	});

	it('uses the counter across a long silence because the meter kept counting', () => {
		const iv = intervalBetween(s(0, 50, 100), s(3_600_000, 50, 150), o);
		expect(iv).toEqual({ energyMj: 50 * MJ_PER_WH, runtimeMs: 0, gap: false });
	});

	it('treats a decreasing counter as a reset that counts from zero', () => {
		const iv = intervalBetween(s(0, 100, 500), s(60_000, 100, 2), o);
		expect(iv.energyMj).toBe(2 * MJ_PER_WH);
	});

	it('never compares counters of two epochs: the interval of the change is integrated from power', () => {
		// A meter reset to zero: 5,000 Wh then 2 Wh (not 2 Wh since the reset), 300 W for a minute.
		const iv = intervalBetween(s(0, 300, 5000, 0), s(60_000, 300, 2, 1), o);
		expect(iv).toEqual({ energyMj: 300 * 60_000, runtimeMs: 60_000, gap: false });
	});

	it('does not take a rise across an epoch change as energy either', () => {
		// A replacement module that happens to read a little more than the old one.
		const iv = intervalBetween(s(0, 100, 10, 3), s(10_000, 100, 10.1, 4), o);
		expect(iv.energyMj).toBe(100 * 10_000);
	});

	it('records a gap for an epoch change after a silence longer than the maximum gap', () => {
		// Offline for 2 h, back with a used replacement meter: its reading is not ours.
		const iv = intervalBetween(s(0, 300, 5000, 0), s(2 * 3_600_000, 300, 1234.5, 1), o);
		expect(iv).toEqual({ energyMj: 0, runtimeMs: 0, gap: true });
	});

	it('counts within one epoch as before, and when only one side reports an epoch', () => {
		expect(intervalBetween(s(0, 100, 10, 2), s(60_000, 100, 12, 2), o).energyMj).toBe(
			2 * MJ_PER_WH
		);
		expect(intervalBetween(s(0, 100, 10), s(60_000, 100, 12, 0), o).energyMj).toBe(2 * MJ_PER_WH);
	});

	it('without epochs, does not count a decrease after a long silence from zero', () => {
		// The same 2 h outage from a device without epochs: 1,234.5 Wh would look plausible.
		const iv = intervalBetween(s(0, 300, 5000), s(2 * 3_600_000, 300, 1234.5), o);
		expect(iv).toEqual({ energyMj: 0, runtimeMs: 0, gap: true });
	});

	it('falls back to power when a counter step is physically impossible', () => {
		// 1,000 Wh in one minute would be 60 kW.
		const iv = intervalBetween(s(0, 100, 0), s(60_000, 100, 1000), o);
		expect(iv.energyMj).toBe(100 * 60_000);
	});

	it('counts runtime only above the standby threshold', () => {
		expect(intervalBetween(s(0, 3), s(10_000, 4), o).runtimeMs).toBe(0);
		expect(intervalBetween(s(0, 3), s(10_000, 8), o).runtimeMs).toBe(10_000);
	});
});

describe('spreadOverBuckets', () => {
	it('keeps an interval inside one bucket whole', () => {
		expect(spreadOverBuckets(1_000, 61_000, 777, 60_000)).toEqual([
			{ start: 0, energyMj: 777, runtimeMs: 60_000 }
		]);
	});

	it('closes the earlier bucket with a sample exactly on the boundary', () => {
		expect(spreadOverBuckets(800_000, 900_000, 10, 100_000)).toEqual([
			{ start: 0, energyMj: 10, runtimeMs: 100_000 }
		]);
	});

	it('splits by time and the shares add up to the whole exactly', () => {
		const shares = spreadOverBuckets(850_000, 1_850_001, 1_000_001, 1_000_001);
		expect(shares.map((x) => x.start)).toEqual([0, 900_000, 1_800_000]);
		expect(shares.reduce((a, x) => a + x.energyMj, 0)).toBe(1_000_001);
		expect(shares[0]!.energyMj).toBe(Math.floor((1_000_001 * 50_000) / 1_000_001));
	});
});
