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

/** The rate with VAT: what one more kWh adds to the bill (fixed charges do not move). */
export const withVat = (t: Tariff, rate: number): number => rate * (1 + (t.vatPercent ?? 0) / 100);

/**
 * Whether the tariff charges more at some hours than at others: time-of-use energy rates
 * with a window dearer than the cheapest rate. Slabs price by the month's total, not the hour.
 */
export function hasPeakPrices(t: Tariff): boolean {
	return !t.slabs && t.energy.kind === 'tou' && rateSpread(t) > 0;
}

const rateSpread = (t: Tariff): number =>
	t.energy.kind === 'tou'
		? Math.max(t.energy.defaultRate, ...t.energy.windows.map((w) => w.rate)) - cheapestRate(t)
		: 0;

/** A wall-clock minute the tariff prices above its cheapest rate. */
export const isPeakMinute = (t: Tariff, minute: number): boolean =>
	hasPeakPrices(t) && rateAt(t, minute, 0) > cheapestRate(t);
