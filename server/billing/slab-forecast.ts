/**
 * When the household's month passes its next slab bound at the present pace, what a unit
 * costs after that, and how many units a day keep it under. Slabs are marginal, so past
 * a bound every further unit costs the next slab's rate; passing the lifeline bound
 * re-prices the whole month, which is why it counts as a bound too.
 */
import { tierAt } from './slabs';
import type { Tariff } from './tariff';

export interface SlabForecast {
	/** the bound the month passes, kWh */
	boundKwh: number;
	/** the household's units so far this month */
	soFarKwh: number;
	/** when the pace reaches the bound (UTC ms) */
	crossesAt: number;
	/** the price of a unit now and after the bound */
	rateNow: number;
	rateAfter: number;
	/** units left under the bound, and per day over the rest of the month to stay under it */
	headroomKwh: number;
	maxPerDay: number;
	lifeline: boolean;
}

const DAY_MS = 86_400_000;

/** Null when the tariff has no slabs, the pace is nil, or the month ends before the bound. */
export function forecastSlab(input: {
	tariff: Tariff;
	soFarKwh: number;
	/** the household's pace, kWh per day */
	perDay: number;
	now: number;
	periodEnd: number;
}): SlabForecast | null {
	const { tariff, soFarKwh, perDay, now, periodEnd } = input;
	const slabs = tariff.slabs;
	if (!slabs || !(perDay > 0) || now >= periodEnd) return null;
	const { lifeline } = slabs;
	let bound: number | null;
	let rateNow: number;
	let rateAfter: number;
	const onLifeline = lifeline !== undefined && soFarKwh <= lifeline.maxKwh;
	if (onLifeline) {
		bound = lifeline.maxKwh;
		rateNow = lifeline.rate;
		rateAfter = tierAt(slabs, bound).rate;
	} else {
		const tier = tierAt(slabs, soFarKwh);
		bound = tier.upToKwh;
		rateNow = tier.rate;
		rateAfter = bound === null ? tier.rate : tierAt(slabs, bound).rate;
	}
	if (bound === null) return null;
	const headroomKwh = bound - soFarKwh;
	const crossesAt = now + (headroomKwh / perDay) * DAY_MS;
	if (crossesAt >= periodEnd) return null;
	return {
		boundKwh: bound,
		soFarKwh,
		crossesAt,
		rateNow,
		rateAfter,
		headroomKwh,
		maxPerDay: headroomKwh / ((periodEnd - now) / DAY_MS),
		lifeline: onLifeline
	};
}
