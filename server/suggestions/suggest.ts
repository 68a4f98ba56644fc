/**
 * Money-saving suggestions from a household's own last days of buckets, each priced at
 * the current tariff (pure: data in, suggestions out). Savings are per 30-day month and
 * use the marginal rate: the rate the next kWh costs at that hour, or under slabs the
 * rate of the slab this month's projected total reaches, which is what cutting a kWh saves.
 */
import { suggestionText } from './suggestion-text';
import { localParts, type Tariff } from '../billing';
import { cheapestRate, rateAt } from '../billing/marginal-rate';
import { MJ_PER_KWH } from '../energy/units';
import { STANDBY_BAND } from '../alerts/rules';

export interface UsageBucket {
	start: number;
	energyMj: number;
	runtimeMs: number;
	samples: number;
}

export interface PortUsage {
	key: string;
	name: string;
	/** the last `days` whole days of buckets */
	buckets: UsageBucket[];
	projectedKwh: number;
	lastMonthKwh: number;
}

export interface SuggestInput {
	ports: PortUsage[];
	tariff: Tariff;
	projectedMonthKwh: number;
	tz: string;
	days: number;
}

export type SuggestionKind = 'standby' | 'peak' | 'night' | 'jump';

export interface SuggestionFacts {
	watts?: number;
	percent?: number;
	nights?: number;
	days?: number;
	kwh?: number;
	projectedKwh?: number;
	lastMonthKwh?: number;
}

/** A suggestion with its English words, from its figures (one source: the messages). */
function said(s: Omit<Suggestion, 'title' | 'detail'>): Suggestion {
	return { ...s, ...suggestionText(s, 'en') };
}

export interface Suggestion {
	kind: SuggestionKind;
	portKey: string;
	portName: string;
	/** in English; suggestionText says them in any language from `facts` */
	title: string;
	detail: string;
	facts: SuggestionFacts;
	/** per 30-day month, in the tariff's currency, unrounded */
	monthlySaving: number;
}

const BUCKET_S = 900;
const kwh = (mj: number) => mj / MJ_PER_KWH;

export function suggest(input: SuggestInput): Suggestion[] {
	const minuteCache = new Map<number, number>();
	const minuteOf = (ms: number) => {
		let m = minuteCache.get(ms);
		if (m === undefined) {
			const p = localParts(ms, input.tz);
			minuteCache.set(ms, (m = p.hour * 60 + p.minute));
		}
		return m;
	};
	const rate = (ms: number) => rateAt(input.tariff, minuteOf(ms), input.projectedMonthKwh);
	const perMonth = 30 / input.days;
	const out: Suggestion[] = [];

	for (const p of input.ports) {
		const measured = p.buckets.filter((b) => b.samples > 0);
		if (measured.length === 0) continue;

		// Standby: drawing a little with nothing running, for most of the time measured.
		const standby = measured.filter((b) => {
			const w = b.energyMj / 1000 / BUCKET_S;
			return b.runtimeMs === 0 && w >= STANDBY_BAND.minW && w <= STANDBY_BAND.maxW;
		});
		if (standby.length >= measured.length / 2) {
			const cost = standby.reduce((a, b) => a + kwh(b.energyMj) * rate(b.start), 0) * perMonth;
			const w = standby.reduce((a, b) => a + b.energyMj, 0) / 1000 / BUCKET_S / standby.length;
			out.push(
				said({
					kind: 'standby',
					portKey: p.key,
					portName: p.name,
					facts: { watts: w, percent: Math.round((standby.length / measured.length) * 100) },
					monthlySaving: cost
				})
			);
		}

		// Left on all night: running through 01:00–05:00 on at least 3 nights in 7.
		const nights = new Map<string, { on: number; mj: number; cost: number }>();
		for (const b of measured) {
			const m = minuteOf(b.start);
			if (m < 60 || m >= 300) continue;
			const night = String(Math.floor(b.start / 86_400_000));
			const n = nights.get(night) ?? { on: 0, mj: 0, cost: 0 };
			if (b.runtimeMs >= 0.9 * BUCKET_S * 1000) n.on++;
			n.mj += b.energyMj;
			n.cost += kwh(b.energyMj) * rate(b.start);
			nights.set(night, n);
		}
		const allNight = [...nights.values()].filter((n) => n.on >= 15);
		if (allNight.length >= 3) {
			const cost = (allNight.reduce((a, n) => a + n.cost, 0) / input.days) * 30;
			out.push(
				said({
					kind: 'night',
					portKey: p.key,
					portName: p.name,
					facts: { nights: allNight.length, days: input.days },
					monthlySaving: cost
				})
			);
		}

		// Heavy use in expensive hours that could run in the cheapest ones (time-of-use only).
		const cheapest = cheapestRate(input.tariff);
		if (!input.tariff.slabs && input.tariff.energy.kind === 'tou') {
			const dear = measured.filter((b) => b.runtimeMs > 0 && rate(b.start) > cheapest);
			const saving =
				dear.reduce((a, b) => a + kwh(b.energyMj) * (rate(b.start) - cheapest), 0) * perMonth;
			if (saving >= 1) {
				out.push(
					said({
						kind: 'peak',
						portKey: p.key,
						portName: p.name,
						facts: { kwh: dear.reduce((a, b) => a + kwh(b.energyMj), 0) * perMonth },
						monthlySaving: saving
					})
				);
			}
		}

		// A jump against last month: 25 % and 3 kWh more than last month, projected.
		const extra = p.projectedKwh - p.lastMonthKwh;
		if (p.lastMonthKwh > 0 && extra >= 3 && p.projectedKwh >= p.lastMonthKwh * 1.25) {
			const avg =
				measured.reduce((a, b) => a + kwh(b.energyMj) * rate(b.start), 0) /
				Math.max(kwh(measured.reduce((a, b) => a + b.energyMj, 0)), 1e-9);
			out.push(
				said({
					kind: 'jump',
					portKey: p.key,
					portName: p.name,
					facts: { projectedKwh: p.projectedKwh, lastMonthKwh: p.lastMonthKwh },
					monthlySaving: extra * avg
				})
			);
		}
	}
	return out.filter((s) => s.monthlySaving > 0).sort((a, b) => b.monthlySaving - a.monthlySaving);
}
