/**
 * Monthly slab (tier) pricing. Slabs are marginal: each kWh is charged at the rate
 * of the tier it falls in. A lifeline replaces all tiers when the month's total is
 * small enough. When a billing month is split between tariff versions, each part is
 * priced against its version's bounds scaled by the share of days it covers, the
 * usual utility proration (`scale` below).
 */
import type { Slabs } from './tariff';

/** What a line is, for its label in the reader's language (bills page, export). */
export type LinePart =
	| { kind: 'lifeline'; maxKwh: number }
	| { kind: 'tier'; fromKwh: number; toKwh: number }
	| { kind: 'above'; fromKwh: number }
	| { kind: 'energy' }
	| { kind: 'window'; name: string }
	| { kind: 'other-hours' };

export interface ChargeLine {
	/** in English; `part` says it in any language (server/billing/line-text.ts) */
	label: string;
	part?: LinePart;
	kwh: number;
	/** currency units per kWh */
	rate: number;
	/** full precision; round only for display */
	amount: number;
	/** the tariff version the line was priced with */
	tariffId?: string;
}

function fmtKwh(n: number): string {
	return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

/** Price `kwh` of one month (or the `scale` share of one) against slabs. Lines with no energy are left out. */
export function priceSlabs(kwh: number, slabs: Slabs, scale = 1): ChargeLine[] {
	if (kwh <= 0) return [];
	const { lifeline } = slabs;
	if (lifeline && kwh <= lifeline.maxKwh * scale) {
		return [
			{
				label: `Lifeline (≤ ${fmtKwh(lifeline.maxKwh * scale)} kWh)`,
				part: { kind: 'lifeline', maxKwh: lifeline.maxKwh * scale },
				kwh,
				rate: lifeline.rate,
				amount: kwh * lifeline.rate
			}
		];
	}
	const lines: ChargeLine[] = [];
	let lower = 0;
	for (const tier of slabs.tiers) {
		const upper = tier.upToKwh === null ? Infinity : tier.upToKwh * scale;
		const inTier = Math.min(kwh, upper) - lower;
		if (inTier > 0) {
			const label =
				upper === Infinity ? `Above ${fmtKwh(lower)} kWh` : `${fmtKwh(lower)}–${fmtKwh(upper)} kWh`;
			const part: LinePart =
				upper === Infinity
					? { kind: 'above', fromKwh: lower }
					: { kind: 'tier', fromKwh: lower, toKwh: upper };
			lines.push({ label, part, kwh: inTier, rate: tier.rate, amount: inTier * tier.rate });
		}
		if (kwh <= upper) break;
		lower = upper;
	}
	return lines;
}

/** The tier the next unit falls in once the month has reached `units` (a bound's own unit is the tier's last). */
export function tierAt(slabs: Slabs, units: number): Slabs['tiers'][number] {
	return (
		slabs.tiers.find((t) => t.upToKwh === null || units < t.upToKwh) ??
		slabs.tiers[slabs.tiers.length - 1]!
	);
}
