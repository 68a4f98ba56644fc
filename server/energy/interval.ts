import { whToMj } from './units';

export interface Sample {
	ts: number;
	/** Active power in W. */
	power: number;
	/** The meter's cumulative counter in Wh, when the device sends one. */
	energyWh: number | null;
	/** The counter's epoch; counters of two epochs are never compared (null: not reported). */
	epoch?: number | null;
}

export interface EnergyOptions {
	/** Without a counter, nothing is integrated across a longer silence. */
	maxGapMs: number;
	/** Runtime counts the time spent above this draw. */
	standbyW: number;
	/** A counter step implying more than this is a glitch, not energy. */
	maxPlausibleW: number;
}

export const defaultEnergyOptions: EnergyOptions = {
	maxGapMs: 5 * 60_000,
	standbyW: 5,
	maxPlausibleW: 16_000
};

export interface Interval {
	energyMj: number;
	runtimeMs: number;
	/** True when the energy of the interval is unknown (recorded as a gap). */
	gap: boolean;
}

/**
 * The energy of the interval (a.ts, b.ts], a function of the two samples alone: that is
 * what makes the totals independent of the order in which readings arrive.
 *
 * With counters of one epoch on both ends the counter delta is the truth, even across a
 * long silence (the meter kept counting). Across an epoch change (a meter reset or
 * replaced) the counters say nothing about each other: power is integrated instead.
 * Without epochs a decrease is a reset and the new value counts from zero, but only
 * within the maximum gap: after a longer silence the new value may hold energy counted
 * by another strip (a used replacement meter), so that interval is a gap.
 * Otherwise power is integrated with the trapezoidal rule over the real time between
 * the samples, unless they are further apart than the maximum gap.
 */
export function intervalBetween(a: Sample, b: Sample, o: EnergyOptions): Interval {
	const dt = b.ts - a.ts;
	if (dt <= 0) return { energyMj: 0, runtimeMs: 0, gap: false };
	const withinGap = dt <= o.maxGapMs;
	const runtimeMs = withinGap && (a.power + b.power) / 2 > o.standbyW ? dt : 0;

	const sameEpoch = a.epoch == null || b.epoch == null || a.epoch === b.epoch;
	if (a.energyWh !== null && b.energyWh !== null && sameEpoch) {
		const from = whToMj(a.energyWh);
		const to = whToMj(b.energyWh);
		const delta = to >= from ? to - from : withinGap ? to : null;
		// W × ms = mJ: the most a strip could draw in dt.
		if (delta !== null && delta <= o.maxPlausibleW * dt) {
			return { energyMj: delta, runtimeMs, gap: false };
		}
	}
	if (!withinGap) return { energyMj: 0, runtimeMs: 0, gap: true };
	return { energyMj: Math.round(((a.power + b.power) / 2) * dt), runtimeMs, gap: false };
}
