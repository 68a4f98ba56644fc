/**
 * A prepaid household's past, replayed by the meter's rules (billing/prepaid.ts): the
 * state at an instant, the rest-of-home rate two balance readings imply, the balance line
 * for the chart and the month-by-month statements. Plain values in, so the service only
 * gathers what they need.
 */
import {
	runMeter,
	type Money,
	type MonthStatement,
	type PrepaidRules,
	type RunState
} from './prepaid';

const DAY_MS = 86_400_000;

export interface MeterHistory {
	rules: PrepaidRules;
	recharges: readonly Money[];
	readings: readonly Money[];
	/** what the strips measured in [from, to), kWh */
	stripKwh(from: number, to: number): number;
	/** what the strips measured hour by hour over [from, to), as a lookup by the hour's start */
	hourly(from: number, to: number): (hour: number) => number;
	now: number;
}

/** The meter's state just before `at`: the month's units so far and the months still to deduct. */
export function stateAt(h: MeterHistory, at: number, balance: number, restPerMs: number): RunState {
	const r = h.rules;
	const p = r.periodOf(at);
	const monthUnits = h.stripKwh(p.start, at) + restPerMs * (at - p.start);
	const first = h.recharges[0]?.at ?? at;
	const pending = [];
	for (let m = r.periodOf(first); m.start <= at; m = r.periodOf(m.end)) {
		const deductedBy = h.recharges.find((x) => x.at >= m.start);
		if (!deductedBy || deductedBy.at >= at) pending.push(m);
	}
	return { at, balance, monthUnits, pending };
}

/** The rest of the home (kWh per ms) that makes the model meet a later reading (bisection). */
export function solveRest(h: MeterHistory, a: Money, b: Money): number {
	const strips = h.hourly(a.at, b.at);
	// The strips' part of the state is the same for every candidate: read it once.
	const base = stateAt(h, a.at, a.amount, 0);
	const since = a.at - h.rules.periodOf(a.at).start;
	const balanceAt = (rest: number) =>
		runMeter(
			h.rules,
			{ ...base, monthUnits: base.monthUnits + rest * since },
			b.at,
			h.recharges,
			strips,
			rest
		).end.balance;
	let lo = 0;
	let hi = 60 / DAY_MS; // 60 units a day: far above a household's rest
	if (balanceAt(lo) <= b.amount) return 0;
	if (balanceAt(hi) >= b.amount) return hi;
	for (let i = 0; i < 30; i++) {
		const mid = (lo + hi) / 2;
		if (balanceAt(mid) > b.amount) lo = mid;
		else hi = mid;
	}
	return (lo + hi) / 2;
}

/**
 * The balance over the last 30 days for the chart: the rules run from the first recharge
 * (or reading), re-anchored at every balance reading on the way, as the meter was read.
 */
export function seriesOf(h: MeterHistory, restPerMs: number): { at: number; balance: number }[] {
	const window = h.now - 30 * DAY_MS;
	const anchors = h.readings.filter((x) => x.at <= h.now);
	const before = anchors.filter((x) => x.at <= window).at(-1);
	let at = before?.at ?? Math.min(h.recharges[0]?.at ?? h.now, anchors[0]?.at ?? h.now);
	let balance = before?.amount ?? 0;
	const strips = h.hourly(at, h.now);
	const points: { at: number; balance: number }[] = [];
	for (const next of [...anchors.filter((x) => x.at > at), { at: h.now, amount: NaN }]) {
		const run = runMeter(
			h.rules,
			stateAt(h, at, balance, restPerMs),
			next.at,
			h.recharges,
			strips,
			restPerMs
		);
		points.push({ at, balance }, ...run.points);
		at = next.at;
		balance = Number.isNaN(next.amount) ? run.end.balance : next.amount;
	}
	return points.filter((p) => p.at >= window);
}

/** The last three billing months since the first recharge, for the statements a family member reads. */
export function statementsOf(h: MeterHistory, restPerMs: number): MonthStatement[] {
	const first = h.recharges[0]?.at;
	if (first === undefined) return [];
	const r = h.rules;
	const from = Math.max(r.periodOf(first).start, r.periodOf(h.now - 92 * DAY_MS).start);
	const run = runMeter(
		r,
		stateAt(h, from, 0, restPerMs),
		h.now,
		h.recharges,
		h.hourly(from, h.now),
		restPerMs
	);
	return [...run.months.values()];
}
