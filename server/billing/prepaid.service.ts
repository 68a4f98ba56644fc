/**
 * A prepaid household: its recharges and balance readings, the balance now as the meter's
 * own rules give it (billing/prepaid.ts), and when it runs out at the recent pace. Every
 * change is checked here, whoever sends it (form, API or the offline outbox), and a
 * refused one names its field and stores nothing.
 */
import type { Clock } from '../clock';
import { billingPeriod, localMidnight } from './local-time';
import { fromPaisa, toPaisa } from './paisa';
import { runMeter, type Money, type MonthStatement, type PrepaidRules } from './prepaid';
import { seriesOf, solveRest, stateAt, statementsOf, type MeterHistory } from './prepaid-history';
import type { HouseholdMonths } from './household-months';
import type { TariffsService } from './tariffs.service';
import type { UsageRepository } from './usage.repository';
import type { MeterResult, MeterService } from '../meter/meter.service';
import * as msg from '../../i18n/paraglide/messages.js';
import { entryInstant, refuse, sayOf } from '../meter/entry-time';
import { parseAmount } from '../meter/parse-amount';
import type { PrepaidRepository } from '../meter/prepaid.repository';
import type { SettingsService } from '../settings/settings.service';
import { intlLocale, type Locale } from '../settings/locale';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** How far ahead a forecast looks: past this, "more than two months" says enough. */
const HORIZON_MS = 62 * DAY_MS;
/** The strips' recent pace: the last week, hour by hour of the day. */
const PACE_MS = 7 * DAY_MS;

export interface PrepaidView {
	/** no recharge or balance reading yet: only the forms make sense */
	empty: boolean;
	/** the balance now, as the meter's rules give it from the last reading */
	balance: number;
	asOf: number;
	/** the balance reading the figure rests on; null when only recharges are known */
	anchor: Money | null;
	/** what happened to the balance since the anchor */
	since: { recharged: number; fixed: number; energy: number; rebate: number };
	/** when the balance reaches zero at the recent pace, and the plausible range around it */
	runOut: { at: number; early: number; late: number } | null;
	daysLeft: number | null;
	/** money a day at the recent pace */
	perDay: number;
	restPerDay: number;
	restFrom: 'balance' | 'household' | 'none';
	/** balance-reading intervals the rest of the home was learned from */
	readingsUsed: number;
	statements: MonthStatement[];
	/** the balance over the last 30 days, and the recharges in them, for the chart */
	series: { at: number; balance: number }[];
	recharges: { id: number; at: number; amount: number; token: string | null }[];
}

export function createPrepaidService(deps: {
	repo: PrepaidRepository;
	usage: UsageRepository;
	tariffs: TariffsService;
	settings: SettingsService;
	months: HouseholdMonths;
	meter: MeterService;
	clock: Clock;
}) {
	const { repo, usage, tariffs, settings, months, clock } = deps;
	const listeners: ((userId: number) => void)[] = [];

	function rules(userId: number, loadKw: number): PrepaidRules {
		const s = settings.forUser(userId);
		const versions = tariffs.versions(userId);
		// Each version from the local midnight of its date: found per hourly step without Intl.
		const starts = versions.map((v) => {
			const [y, m, d] = v.validFrom.split('-').map(Number) as [number, number, number];
			return { from: localMidnight(y, m, d, s.timezone), v };
		});
		return {
			periodOf: (at) => billingPeriod(at, s.timezone, s.billing_cycle_day),
			tariffAt: (at) => (starts.filter((x) => x.from <= at).at(-1) ?? starts[0]!).v,
			sanctionedLoadKw: loadKw,
			rebatePercent: s.prepaid_rebate_percent
		};
	}

	function history(userId: number) {
		return {
			recharges: repo.recharges(userId).map((r) => ({
				id: r.id,
				at: r.at,
				amount: fromPaisa(r.amount_paisa),
				token: r.token ?? null
			})),
			readings: repo.balances(userId).map((r) => ({ at: r.at, amount: fromPaisa(r.amount_paisa) }))
		};
	}

	/** The strips' kWh per hour over [from, to), as a lookup by the hour's start. */
	function hourly(userId: number, from: number, to: number): (hour: number) => number {
		const byHour = new Map<number, number>();
		for (const [, , start, mj] of usage.energy(userId, from, to)) {
			const h = Math.floor(start / HOUR_MS) * HOUR_MS;
			byHour.set(h, (byHour.get(h) ?? 0) + mj / 3_600_000_000);
		}
		return (h) => byHour.get(h) ?? 0;
	}

	/** What the history functions need of one household, gathered once. */
	function meterHistory(
		userId: number,
		r: PrepaidRules,
		stripKwh: (from: number, to: number) => number,
		known = history(userId)
	): MeterHistory {
		return {
			rules: r,
			...known,
			stripKwh,
			hourly: (from, to) => hourly(userId, from, to),
			now: clock.now()
		};
	}

	function view(userId: number): PrepaidView | null {
		// Most households are postpaid: ask the meter record before building the units model.
		if (deps.meter.household(userId).meter?.kind !== 'prepaid') return null;
		const h = months.household(userId);
		if (!h.meter) return null;
		const now = clock.now();
		const r = rules(userId, h.meter.sanctionedLoadKw);
		const all = history(userId);
		const known = meterHistory(userId, r, h.stripKwh, all);
		const { recharges, readings } = known;
		if (recharges.length === 0 && readings.length === 0) {
			// Nothing known yet: the page offers the two forms and says what they are for.
			return {
				empty: true,
				balance: 0,
				asOf: now,
				anchor: null,
				since: { recharged: 0, fixed: 0, energy: 0, rebate: 0 },
				runOut: null,
				daysLeft: null,
				perDay: 0,
				restPerDay: 0,
				restFrom: 'none',
				readingsUsed: 0,
				statements: [],
				series: [],
				recharges: []
			};
		}
		// The rest of the home from the last two months' balance readings, else the household model.
		const pairs = readings
			.slice(1)
			.map((b, i) => [readings[i]!, b] as const)
			.filter(([a, b]) => b.at > now - 60 * DAY_MS && b.at - a.at >= 6 * HOUR_MS);
		let restPerMs = h.units.restPerMs(now);
		let restFrom: PrepaidView['restFrom'] = restPerMs > 0 ? 'household' : 'none';
		if (pairs.length) {
			const learned = pairs.map(([a, b]) => ({
				rest: solveRest(known, a, b),
				ms: b.at - a.at
			}));
			restPerMs =
				learned.reduce((s, x) => s + x.rest * x.ms, 0) / learned.reduce((s, x) => s + x.ms, 0);
			restFrom = 'balance';
		}
		const anchor = readings.filter((x) => x.at <= now).at(-1) ?? null;
		const startAt = anchor?.at ?? recharges[0]!.at;
		const start = stateAt(known, startAt, anchor?.amount ?? 0, restPerMs);
		const past = runMeter(r, start, now, recharges, hourly(userId, startAt, now), restPerMs);
		const since = { recharged: 0, fixed: 0, energy: 0, rebate: 0 };
		for (const m of past.months.values()) {
			since.recharged += m.recharged;
			since.fixed += m.fixed;
			since.energy += m.energy;
			since.rebate += m.rebate;
		}

		// The strips' pace hour by hour of the day over the last week, the rest of the home flat.
		const paceFrom = Math.max(now - PACE_MS, h.firstBucket ?? now);
		const measured = hourly(userId, paceFrom, now);
		const profile = new Array<number>(24).fill(0);
		const days = Math.max(1, (now - paceFrom) / DAY_MS);
		for (let t = Math.floor(paceFrom / HOUR_MS) * HOUR_MS; t < now; t += HOUR_MS) {
			const i = (t / HOUR_MS) % 24;
			profile[i] = profile[i]! + measured(t) / days;
		}
		// The range narrows as balance readings teach the model: ±50 % on an estimate alone.
		const spread = 0.1 + 0.4 / (1 + pairs.length);
		const ahead = (scale: number) =>
			runMeter(
				r,
				past.end,
				now + HORIZON_MS,
				[],
				(t) => profile[(t / HOUR_MS) % 24]! * scale,
				restPerMs * scale,
				true
			).emptyAt;
		const at = past.end.balance > 0 ? ahead(1) : now;
		const early = past.end.balance > 0 ? ahead(1 + spread) : now;
		const late = past.end.balance > 0 ? ahead(Math.max(0.05, 1 - spread)) : now;
		const dayAhead = runMeter(
			r,
			past.end,
			now + DAY_MS,
			[],
			(t) => profile[(t / HOUR_MS) % 24]!,
			restPerMs
		);
		const perDay = past.end.balance - dayAhead.end.balance;
		return {
			empty: false,
			balance: fromPaisa(toPaisa(past.end.balance)),
			asOf: now,
			anchor,
			since,
			runOut: at === null ? null : { at, early: early ?? at, late: late ?? now + HORIZON_MS },
			daysLeft: at === null ? null : (at - now) / DAY_MS,
			perDay,
			restPerDay: restPerMs * DAY_MS,
			restFrom,
			readingsUsed: pairs.length,
			statements: statementsOf(known, restPerMs),
			series: seriesOf(known, restPerMs),
			recharges: all.recharges.slice(-10).reverse()
		};
	}

	/** A date typed in a form (today: now), or the instant an offline entry was typed. */
	function instantOf(userId: number, raw: unknown, typedAt?: unknown): MeterResult<number> {
		if (typeof typedAt === 'number') {
			// A phone's clock may run a little ahead of the server's.
			if (!Number.isFinite(typedAt) || typedAt > clock.now() + 5 * 60_000) {
				return refuse('date', sayOf(msg.pp_err_time_future));
			}
			return { ok: true, value: Math.min(typedAt, clock.now()) };
		}
		return entryInstant(raw, {
			field: 'date',
			tz: settings.forUser(userId).timezone,
			now: clock.now(),
			blankIsNow: true,
			future: sayOf(msg.pp_err_future)
		});
	}

	function prepaidMeter(userId: number) {
		const m = months.household(userId).meter;
		return m && m.kind === 'prepaid' ? m : null;
	}

	const changed = (userId: number) => listeners.forEach((l) => l(userId));

	return {
		view,
		recharge(userId: number, input: Record<string, unknown>): MeterResult {
			if (!prepaidMeter(userId)) return refuse('kind', sayOf(msg.pp_err_not_prepaid));
			const amount = parseAmount(input.amount);
			if (!Number.isFinite(amount) || amount <= 0 || amount > 1_000_000) {
				return refuse('amount', sayOf(msg.pp_err_recharge));
			}
			const at = instantOf(userId, input.date, input.at);
			if (!at.ok) return at;
			const token =
				String(input.token ?? '')
					.trim()
					.slice(0, 40) || null;
			repo.addRecharge(userId, at.value, toPaisa(amount), token, clock.now());
			changed(userId);
			return { ok: true, value: undefined };
		},
		/** "The meter shows ৳X now" (or on a past date). */
		balance(userId: number, input: Record<string, unknown>): MeterResult {
			const meter = prepaidMeter(userId);
			if (!meter) return refuse('kind', sayOf(msg.pp_err_not_prepaid));
			const amount =
				parseAmount(String(input.amount ?? '').replace(/^-/, '')) *
				(String(input.amount ?? '')
					.trim()
					.startsWith('-')
					? -1
					: 1);
			if (!Number.isFinite(amount) || amount > 1_000_000 || amount < -100_000) {
				return refuse('amount', sayOf(msg.pp_err_balance));
			}
			const at = instantOf(userId, input.date, input.at);
			if (!at.ok) return at;
			// Since the last reading the balance can only fall, except by recharges: more than that is a typo or a missing recharge.
			const all = history(userId);
			const { recharges, readings } = all;
			const last = readings.filter((x) => x.at <= at.value).at(-1);
			if (last) {
				const r = rules(userId, meter.sanctionedLoadKw);
				const most = runMeter(
					r,
					// Nothing is debited here, so the month's units do not matter.
					stateAt(
						meterHistory(userId, r, () => 0, all),
						last.at,
						last.amount,
						0
					),
					at.value,
					recharges,
					() => 0,
					0
				).end.balance;
				if (toPaisa(amount) > toPaisa(most)) {
					const money = (v: number, locale: Locale) =>
						v.toLocaleString(intlLocale(locale), {
							minimumFractionDigits: 2,
							maximumFractionDigits: 2,
							useGrouping: false
						});
					return refuse('amount', (locale) =>
						msg.pp_err_too_high(
							{ last: money(last.amount, locale), most: money(most, locale) },
							{ locale }
						)
					);
				}
			}
			repo.addBalance(userId, at.value, toPaisa(amount), clock.now());
			changed(userId);
			return { ok: true, value: undefined };
		},
		onChange(listener: (userId: number) => void): void {
			listeners.push(listener);
		}
	};
}

export type PrepaidService = ReturnType<typeof createPrepaidService>;
