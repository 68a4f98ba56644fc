/**
 * What the bills page (and the phone's offline copy of it) shows for a billing month: the
 * household's bill, what it rests on, what the strips and each port add to it, the
 * projection to the month's end and the next slab. Nothing monetary is stored: a bill is
 * computed when it is read, so a tariff or meter change recomputes every month it touches.
 */
import { portDisplayName } from '../devices/port-name';
import type { Bill } from './index';
import type { PortCost } from './household-bill';
import type { PrepaidView } from './prepaid.service';
import { bareRate, type PortPrice } from './port-price';
import type { UnitsBasis } from './household-units';
import type { SlabForecast } from './slab-forecast';
import type { Clock } from '../clock';
import type { MeterView } from '../meter/meter.service';
import type { SettingsService } from '../settings/settings.service';
import type { TariffsService } from './tariffs.service';
import type { HouseholdMonths, MonthFigures, Projection } from './household-months';
import { shiftMonth } from './month-keys';
import type { UsageRepository } from './usage.repository';

export interface NamedPortCost extends PortCost {
	name: string;
}

export interface Change {
	current: number;
	previous: number;
	change: number;
	/** percent of previous; null when previous is 0 */
	percent: number | null;
}

export interface BillView {
	key: string;
	previousKey: string;
	/** null for the running month: there is no bill after it yet */
	nextKey: string | null;
	period: { start: number; end: number };
	currency: string;
	locale: string;
	timezone: string;
	running: boolean;
	/** the instant the figures run to: now while the month runs, else its end */
	asOf: number;
	/** false for a month before the household's first reading, strip data or estimate */
	hasData: boolean;
	/** the household's meter as set up; null until it is */
	meter: Pick<MeterView, 'kind' | 'phase' | 'sanctionedLoadKw' | 'monthlyKwh'> | null;
	/** the household's bill (so far, while running); null without a meter or data */
	household: Bill | null;
	householdKwh: number | null;
	basis: UnitsBasis | null;
	/** what the strips add to the household's bill, and each port's share */
	strips: { kwh: number; cost: number; ports: NamedPortCost[] };
	projected: Projection | null;
	forecast: SlabForecast | null;
	/** against the month before, only when that month was measured from its first day */
	change: { kwh: Change; money: Change; of: 'household' | 'strips' } | null;
	/** the months before with data, oldest first, for the chart */
	history: { key: string; kwh: number; total: number }[];
	/** some tariff figures are unofficial: "check against your bill" */
	checkAgainstBill: boolean;
	/** the balance, what ate it and when it runs out, for a prepaid meter (running month only) */
	prepaid: PrepaidView | null;
}

const HISTORY_MONTHS = 6;

/**
 * A price per kWh from a difference of two bills: to 1e-9 of a currency unit, so the float
 * noise of the subtraction (8.000000000000002 under a flat 8.00) is not shown as a price.
 */
const perKwh = (cost: number, kwh: number) => Math.round((cost / kwh) * 1e9) / 1e9;

function change(current: number, previous: number): Change {
	const diff = current - previous;
	return {
		current,
		previous,
		change: diff,
		percent: previous === 0 ? null : (diff / previous) * 100
	};
}

/** The figure a month is compared and charted by: the household's bill, else the strips' cost. */
function headline(f: MonthFigures): { kwh: number; total: number } {
	return f.household
		? { kwh: f.householdKwh ?? 0, total: f.household.total }
		: { kwh: f.strips.kwh, total: f.strips.cost };
}

export function createBillsService(deps: {
	months: HouseholdMonths;
	usage: UsageRepository;
	tariffs: TariffsService;
	settings: SettingsService;
	clock: Clock;
	/** a prepaid household's balance and run-out forecast */
	prepaid: (userId: number) => PrepaidView | null;
}) {
	const { months, usage, tariffs, settings, clock } = deps;

	/**
	 * Each port's price in a month (see billing/port-price): its share of the strips' cost and
	 * its average price per kWh. Daily costs and the dashboard use it, so a port's days add
	 * up to its share, and '*' prices a port with no energy yet.
	 */
	function portPrices(userId: number, key: string): Map<string, PortPrice> {
		const f = months.figures(userId, months.period(userId, key));
		const strips = f?.strips ?? { kwh: 0, cost: 0, ports: [] };
		const fallback =
			strips.kwh > 0
				? perKwh(
						strips.ports.reduce((a, p) => a + p.exactCost, 0),
						strips.kwh
					)
				: months.nextKwhPrice(userId, months.period(userId, key));
		const prices = new Map<string, PortPrice>([['*', bareRate(fallback)]]);
		for (const p of strips.ports) {
			prices.set(p.port, {
				rate: p.kwh > 0 ? perKwh(p.exactCost, p.kwh) : fallback,
				kwh: p.kwh,
				cost: p.cost
			});
		}
		return prices;
	}

	return {
		period: months.period,
		portPrices,
		/**
		 * The running month's slab forecast when the data allows one: a day of the strips'
		 * pace at least, and the household's units (a meter) to know which slab it is in.
		 */
		slabForecast(userId: number): { key: string; forecast: SlabForecast | null } {
			const p = months.period(userId);
			const h = months.household(userId);
			const f = months.figures(userId, p, h);
			if (!f || f.householdKwh === null) return { key: p.key, forecast: null };
			const proj = months.project(userId, f, h);
			return {
				key: p.key,
				forecast: proj.measuredDays >= 1 ? months.forecast(userId, f, proj) : null
			};
		},
		/** The figures of a month (the running one up to now); null before the household's data. */
		ofMonth: (userId: number, key?: string) => months.figures(userId, months.period(userId, key)),
		view(userId: number, key?: string): BillView {
			const s = settings.forUser(userId);
			const now = clock.now();
			const h = months.household(userId);
			const p = months.period(userId, key);
			const running = now >= p.start && now < p.end;
			const f = months.figures(userId, p, h);
			const projected = f && running ? months.project(userId, f, h) : null;
			const prevKey = shiftMonth(p.key, -1);
			const prevPeriod = months.period(userId, prevKey);
			const previous = months.figures(userId, prevPeriod, h);
			const measuredWhole = h.firstDataAt !== null && h.firstDataAt <= prevPeriod.start;
			const history = Array.from({ length: HISTORY_MONTHS }, (_, i) =>
				shiftMonth(p.key, i - HISTORY_MONTHS)
			)
				.map((k) => {
					const m = k === prevKey ? previous : months.figures(userId, months.period(userId, k), h);
					return m && { key: k, ...headline(m) };
				})
				.filter((x): x is { key: string; kwh: number; total: number } => x !== null);
			const names = new Map(
				usage
					.portNames(userId)
					.map((n) => [
						`${n.deviceId}:${n.port}`,
						portDisplayName(n.deviceName, n.label, n.port, settings.forUser(userId).locale)
					])
			);
			let compared: BillView['change'] = null;
			if (f && previous && measuredWhole) {
				const cur = projected
					? projected.household
						? { kwh: projected.householdKwh ?? 0, total: projected.household.total }
						: { kwh: projected.strips.kwh, total: projected.strips.cost }
					: headline(f);
				const prev = headline(previous);
				compared = {
					kwh: change(cur.kwh, prev.kwh),
					money: change(cur.total, prev.total),
					of: f.household ? 'household' : 'strips'
				};
			}
			const versions = tariffs.versions(userId);
			return {
				key: p.key,
				previousKey: prevKey,
				nextKey: now < p.end ? null : shiftMonth(p.key, 1),
				period: { start: p.start, end: p.end },
				currency: versions[0]?.currency ?? s.currency,
				locale: s.locale,
				timezone: s.timezone,
				running,
				asOf: Math.min(now, p.end),
				hasData: f !== null,
				meter: h.meter && {
					kind: h.meter.kind,
					phase: h.meter.phase,
					sanctionedLoadKw: h.meter.sanctionedLoadKw,
					monthlyKwh: h.meter.monthlyKwh
				},
				household: f?.household ?? null,
				householdKwh: f?.householdKwh ?? null,
				basis: f?.basis ?? null,
				strips: {
					kwh: f?.strips.kwh ?? 0,
					cost: f?.strips.cost ?? 0,
					ports: (f?.strips.ports ?? []).map((x) => ({ ...x, name: names.get(x.port) ?? x.port }))
				},
				projected,
				forecast: f && projected ? months.forecast(userId, f, projected) : null,
				change: compared,
				history,
				checkAgainstBill: versions.some((v) => v.checkAgainstBill === true),
				prepaid: running || key === undefined ? deps.prepaid(userId) : null
			};
		}
	};
}

export type BillsService = ReturnType<typeof createBillsService>;
