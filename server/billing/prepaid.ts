/**
 * A prepaid meter's balance, as the meter itself keeps it: recharges add money; the first
 * recharge at or after each billing month's start deducts that month's fixed charges (a
 * month with no recharge is deducted at the next one); every unit debits the rate of the
 * slab the month's units have reached, less the prepaid rebate, with VAT. The meter's
 * displayed balance is the truth: each balance reading re-anchors the model, and the gap
 * between two readings teaches it the rest of the home's use.
 *
 * Assumption, written down because no source states it: a prepaid meter cannot know the
 * month will stay under the lifeline bound, so units within that bound are debited at the
 * lifeline rate and the units after it at the tiers, never re-priced afterwards.
 */
import type { BillingPeriod } from './local-time';
import { roundHalfUp } from './paisa';
import { tierAt } from './slabs';
import type { Tariff } from './tariff';

export interface Money {
	at: number;
	/** currency units, e.g. 1000.00 */
	amount: number;
}

export interface PrepaidRules {
	periodOf(at: number): BillingPeriod;
	tariffAt(at: number): Tariff;
	sanctionedLoadKw: number;
	rebatePercent: number;
}

/** A month's fixed deductions: demand charge, meter rent, and VAT on the demand charge, each to the paisa. */
export function fixedDeduction(t: Tariff, loadKw: number): number {
	const demand = roundHalfUp((t.demandPerKw ?? 0) * loadKw * 100);
	const rent = roundHalfUp((t.meterRent ?? 0) * 100);
	const fixed = roundHalfUp((t.fixedMonthly ?? 0) * 100);
	const vat = roundHalfUp((demand * (t.vatPercent ?? 0)) / 100);
	return (demand + rent + fixed + vat) / 100;
}

/** The price of the next unit at the month's units so far: rate, less rebate, plus VAT. */
export function unitDebit(
	t: Tariff,
	monthUnits: number,
	rebatePercent: number
): { gross: number; rebate: number } {
	let rate: number;
	if (t.slabs) {
		const { lifeline } = t.slabs;
		rate =
			lifeline && monthUnits < lifeline.maxKwh ? lifeline.rate : tierAt(t.slabs, monthUnits).rate;
	} else {
		rate = t.energy.kind === 'flat' ? t.energy.rate : t.energy.defaultRate;
	}
	const withVat = rate * (1 + (t.vatPercent ?? 0) / 100);
	return { gross: withVat, rebate: (withVat * rebatePercent) / 100 };
}

export interface MonthStatement {
	key: string;
	recharged: number;
	fixed: number;
	/** energy with VAT before the rebate, and the rebate */
	energy: number;
	rebate: number;
	units: number;
}

export interface RunState {
	at: number;
	balance: number;
	/** the household's units so far in the billing month of `at` */
	monthUnits: number;
	/** months whose fixed charges wait for a recharge */
	pending: BillingPeriod[];
}

export interface RunResult {
	end: RunState;
	months: Map<string, MonthStatement>;
	/** the balance every six hours (for the chart), at each recharge and at the end */
	points: { at: number; balance: number }[];
	/** when the balance first reached zero, if it did */
	emptyAt: number | null;
}

const HOUR_MS = 3_600_000;

/**
 * Runs the meter from `start` to `to` in hourly steps. `stripKwhAt(hourStart)` is what the
 * strips measured that hour (or are expected to); `restPerMs` the rest of the home.
 */
export function runMeter(
	rules: PrepaidRules,
	start: RunState,
	to: number,
	recharges: readonly Money[],
	stripKwhAt: (hourStart: number) => number,
	restPerMs: number,
	stopAtEmpty = false
): RunResult {
	const s: RunState = { ...start, pending: [...start.pending] };
	const months = new Map<string, MonthStatement>();
	// Steps never cross a period's end, so the statement is the running period's.
	const statement = (_at: number) => {
		const key = period.key;
		let m = months.get(key);
		if (!m) months.set(key, (m = { key, recharged: 0, fixed: 0, energy: 0, rebate: 0, units: 0 }));
		return m;
	};
	const points: { at: number; balance: number }[] = [];
	let emptyAt: number | null = null;
	let period = rules.periodOf(s.at);
	const todo = recharges.filter((r) => r.at >= s.at && r.at < to).sort((a, b) => a.at - b.at);
	let next = 0;
	while (s.at < to) {
		const stepEnd = Math.min(to, Math.floor(s.at / HOUR_MS) * HOUR_MS + HOUR_MS, period.end);
		while (next < todo.length && todo[next]!.at < stepEnd) {
			const r = todo[next++]!;
			s.balance += r.amount;
			statement(r.at).recharged += r.amount;
			for (const m of s.pending) {
				const fixed = fixedDeduction(rules.tariffAt(m.start), rules.sanctionedLoadKw);
				s.balance -= fixed;
				statement(r.at).fixed += fixed;
			}
			s.pending = [];
			points.push({ at: r.at, balance: s.balance });
		}
		const units =
			stripKwhAt(Math.floor(s.at / HOUR_MS) * HOUR_MS) * ((stepEnd - s.at) / HOUR_MS) +
			restPerMs * (stepEnd - s.at);
		if (units > 0) {
			const price = unitDebit(rules.tariffAt(s.at), s.monthUnits, rules.rebatePercent);
			const m = statement(s.at);
			m.energy += units * price.gross;
			m.rebate += units * price.rebate;
			m.units += units;
			s.balance -= units * (price.gross - price.rebate);
			s.monthUnits += units;
		}
		s.at = stepEnd;
		if (emptyAt === null && s.balance <= 0) {
			emptyAt = s.at;
			if (stopAtEmpty) break;
		}
		if (s.at >= period.end) {
			period = rules.periodOf(s.at);
			s.monthUnits = 0;
			s.pending.push(period);
		}
		if (s.at % (6 * HOUR_MS) === 0 || s.at === to) points.push({ at: s.at, balance: s.balance });
	}
	return { end: s, months, points, emptyAt };
}
