/**
 * The one pricing path every money figure takes (docs/decisions.md, rule 8): a billing month's
 * household units from the meter readings and the strips, the household's bill on them,
 * and what the strips and each port add to it. The bills page, the dashboard, daily costs,
 * history, exports, suggestions and alerts all read their money from here.
 */
import type { Clock } from '../clock';
import {
	billingPeriod,
	localMidnight,
	type Bill,
	type BillingPeriod,
	type PortBucket
} from './index';
import { priceHousehold, type PortCost } from './household-bill';
import { createHouseholdUnits, type HouseholdUnits, type UnitsBasis } from './household-units';
import { forecastSlab, type SlabForecast } from './slab-forecast';
import { dayKey } from './local-time';
import { tariffInForce } from './tariff';
import { MJ_PER_KWH, mjToKwh } from '../energy/units';
import type { MeterService } from '../meter/meter.service';
import type { SettingsService } from '../settings/settings.service';
import type { TariffsService } from './tariffs.service';
import { parseMonthKey } from './month-keys';
import { portKey, type UsageRepository } from './usage.repository';

const DAY_MS = 86_400_000;
/** The strips' port key of the energy a projection expects after now. */
const AHEAD = 'ahead';

export interface MonthFigures {
	period: BillingPeriod;
	/** the household's bill (so far, while running); null until the household tells us about its meter */
	household: Bill | null;
	householdKwh: number | null;
	basis: UnitsBasis | null;
	strips: { kwh: number; cost: number; ports: PortCost[] };
}

export interface Projection {
	household: Bill | null;
	householdKwh: number | null;
	strips: { kwh: number; cost: number };
	/** the days the strips' pace was measured over */
	measuredDays: number;
	/** household kWh a day at the present pace (strips + rest of the home) */
	perDay: number;
}

export function createHouseholdMonths(deps: {
	usage: UsageRepository;
	tariffs: TariffsService;
	settings: SettingsService;
	meter: MeterService;
	clock: Clock;
}) {
	const { usage, tariffs, settings, meter, clock } = deps;

	function place(userId: number) {
		const s = settings.forUser(userId);
		return { tz: s.timezone, cycleDay: s.billing_cycle_day };
	}

	function period(userId: number, key?: string): BillingPeriod {
		const { tz, cycleDay } = place(userId);
		if (!key) return billingPeriod(clock.now(), tz, cycleDay);
		const { year, month } = parseMonthKey(key);
		return billingPeriod(localMidnight(year, month, cycleDay, tz), tz, cycleDay);
	}

	/** The strips' kWh over a span; one household's figures ask for the same spans often. */
	function stripKwhOf(userId: number): (from: number, to: number) => number {
		const memo = new Map<string, number>();
		return (from, to) => {
			if (to <= from) return 0;
			const key = `${from}|${to}`;
			let kwh = memo.get(key);
			if (kwh === undefined) memo.set(key, (kwh = mjToKwh(usage.stripMj(userId, from, to))));
			return kwh;
		};
	}

	/** Everything the household has told us, and the units model built on it. */
	function household(userId: number) {
		const h = meter.household(userId);
		const stripKwh = stripKwhOf(userId);
		const firstBucket = usage.firstBucketAt(userId);
		const now = clock.now();
		let estimateRestPerDay: number | null = null;
		if (h.meter?.monthlyKwh != null) {
			// "About N units a month" covers the whole home; the strips' own recent pace is part of it.
			const from = Math.max(now - 30 * DAY_MS, firstBucket ?? now);
			const stripsPerDay = now > from ? (stripKwh(from, now) * DAY_MS) / (now - from) : 0;
			estimateRestPerDay = Math.max(0, (h.meter.monthlyKwh * 12) / 365.25 - stripsPerDay);
		}
		const units: HouseholdUnits = createHouseholdUnits({
			meters: h.spans,
			stripKwh,
			estimateRestPerDay
		});
		const starts = [
			firstBucket,
			units.firstReadingAt(),
			h.meter?.monthlyKwh != null ? h.meter.installedAt : null
		];
		const known = starts.filter((t): t is number => t !== null);
		return {
			meter: h.meter,
			units,
			stripKwh,
			firstBucket,
			/** the first instant the household has any data for: no bill before its month */
			firstDataAt: known.length ? Math.min(...known) : null
		};
	}
	type Household = ReturnType<typeof household>;

	/**
	 * The strips' buckets of a period from its start up to `to`. When the price of a month
	 * depends only on its kWh (one tariff version all month, no time-of-use), each port's
	 * energy is one sum at the period's start: the bill is the same, and reading a month
	 * costs one indexed sum per port instead of thousands of rows.
	 */
	function stripBuckets(
		userId: number,
		p: { start: number; end: number },
		to: number
	): PortBucket[] {
		const tz = place(userId).tz;
		const versions = tariffs.versions(userId);
		const hourly = versions.some((t) => t.energy.kind === 'tou' && !t.slabs);
		const oneVersion =
			tariffInForce(versions, dayKey(p.start, tz)) ===
			tariffInForce(versions, dayKey(p.end - 1, tz));
		if (!hourly && oneVersion) {
			return usage
				.energyByPort(userId, p.start, to)
				.filter(([, , energyMj]) => energyMj > 0)
				.map(([deviceId, port, energyMj]) => ({
					port: portKey(deviceId, port),
					start: p.start,
					energyMj
				}));
		}
		return usage.energy(userId, p.start, to).map(([deviceId, port, start, energyMj]) => ({
			port: portKey(deviceId, port),
			start,
			energyMj
		}));
	}

	function hasData(h: Household, p: { start: number; end: number }): boolean {
		return h.firstDataAt !== null && h.firstDataAt < p.end && clock.now() > p.start;
	}

	/** A month's figures up to now; null for a month before the household's first data. */
	function figures(userId: number, p: BillingPeriod, h = household(userId)): MonthFigures | null {
		if (!hasData(h, p)) return null;
		const until = Math.min(clock.now(), p.end);
		const units = h.meter ? h.units.between(p.start, until) : null;
		const priced = priceHousehold({
			tariffs: tariffs.versions(userId),
			tz: place(userId).tz,
			period: p,
			strips: stripBuckets(userId, p, until),
			householdKwh: units?.kwh ?? null,
			rest: { from: p.start, to: until },
			sanctionedLoadKw: h.meter?.sanctionedLoadKw,
			now: clock.now()
		});
		return {
			period: p,
			household: priced.household,
			householdKwh: units?.kwh ?? null,
			basis: units?.basis ?? null,
			strips: priced.strips
		};
	}

	/**
	 * The running month to its end, from the days actually measured: the strips' pace since
	 * they started this month (not since the 1st), plus the rest of the home at its rate.
	 */
	function project(userId: number, f: MonthFigures, h = household(userId)): Projection {
		const now = clock.now();
		const p = f.period;
		const measuredFrom = Math.max(p.start, h.firstBucket ?? now);
		const measuredMs = Math.max(0, now - measuredFrom);
		const stripPerMs = measuredMs > 0 ? h.stripKwh(measuredFrom, now) / measuredMs : 0;
		const restPerMs = h.meter ? h.units.restPerMs(now) : 0;
		const ahead = Math.max(0, p.end - now);
		const aheadMj = Math.round(stripPerMs * ahead * 3_600_000_000);
		const householdKwh =
			f.householdKwh === null ? null : f.householdKwh + (stripPerMs + restPerMs) * ahead;
		const aheadBuckets: PortBucket[] =
			aheadMj > 0
				? [{ port: AHEAD, start: Math.ceil(now / 900_000) * 900_000, energyMj: aheadMj }]
				: [];
		const priced = priceHousehold({
			tariffs: tariffs.versions(userId),
			tz: place(userId).tz,
			period: p,
			strips: [...stripBuckets(userId, p, now), ...aheadBuckets.filter((b) => b.start < p.end)],
			householdKwh,
			rest: { from: p.start, to: p.end },
			sanctionedLoadKw: h.meter?.sanctionedLoadKw,
			now
		});
		return {
			household: priced.household && { ...priced.household, complete: false },
			householdKwh,
			strips: { kwh: priced.strips.kwh, cost: priced.strips.cost },
			measuredDays: measuredMs / DAY_MS,
			perDay: (stripPerMs + restPerMs) * DAY_MS
		};
	}

	/** When the household passes its next slab this month at the present pace; null when it does not. */
	function forecast(userId: number, f: MonthFigures, proj: Projection): SlabForecast | null {
		if (f.householdKwh === null) return null;
		const now = clock.now();
		const tariff = tariffInForce(tariffs.versions(userId), dayKey(now, place(userId).tz));
		return forecastSlab({
			tariff,
			soFarKwh: f.householdKwh,
			perDay: proj.perDay,
			now,
			periodEnd: f.period.end
		});
	}

	/** What one more kWh adds to the household's month as it stands: the price of a month the strips have not used yet. */
	function nextKwhPrice(userId: number, p: BillingPeriod, h = household(userId)): number {
		const until = Math.max(Math.min(clock.now(), p.end), p.start + 1);
		const units = h.meter ? h.units.between(p.start, until).kwh : null;
		const at = Math.floor((until - 1) / 900_000) * 900_000;
		return priceHousehold({
			tariffs: tariffs.versions(userId),
			tz: place(userId).tz,
			period: p,
			strips: [{ port: 'probe', start: at, energyMj: MJ_PER_KWH }],
			householdKwh: units === null ? null : units + 1,
			rest: { from: p.start, to: until },
			sanctionedLoadKw: h.meter?.sanctionedLoadKw,
			now: clock.now()
		}).strips.cost;
	}

	return { period, household, figures, project, forecast, nextKwhPrice };
}

export type HouseholdMonths = ReturnType<typeof createHouseholdMonths>;
