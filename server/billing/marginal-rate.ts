/**
 * The price of the next kWh: the rate at that wall-clock minute (flat or time-of-use), or
 * under slabs the rate of the slab the month's total has reached. Suggestions price
 * savings with it, and a month without energy uses it as its average price.
 */
import type { Tariff } from './index';
import { inWindow } from './tariff';

export function rateAt(t: Tariff, minute: number, monthKwh: number): number {
	if (t.slabs) {
		const { lifeline, tiers } = t.slabs;
		if (lifeline && monthKwh <= lifeline.maxKwh) return lifeline.rate;
		return (
			tiers.find((x) => x.upToKwh === null || monthKwh <= x.upToKwh) ?? tiers[tiers.length - 1]!
		).rate;
	}
	const e = t.energy;
	if (e.kind === 'flat') return e.rate;
	return e.windows.find((w) => inWindow(minute, w))?.rate ?? e.defaultRate;
}

export function cheapestRate(t: Tariff): number {
	const e = t.energy;
	return e.kind === 'flat' ? e.rate : Math.min(e.defaultRate, ...e.windows.map((w) => w.rate));
}
