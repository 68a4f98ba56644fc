/**
 * Bills per billing month, per port and in total, priced by server/billing from the
 * stored 15-minute buckets and the household's tariff versions. Nothing monetary is
 * stored: a bill is computed when it is read, so a tariff change recomputes the
 * affected months by construction.
 */
import type { Clock } from '../clock';
import {
	billingPeriod,
	compareToPrevious,
	computeBill,
	localMidnight,
	projectBill,
	type Bill,
	type BillComparison,
	type BillingPeriod,
	type PortBucket
} from '../billing';
import { dayKey } from '../billing/local-time';
import { tariffInForce } from '../billing/tariff';
import { rateAt } from './marginal-rate';
import type { SettingsService } from '../settings/settings.service';
import type { TariffsService } from '../tariffs/tariffs.service';
import { parseMonthKey, shiftMonth } from './month-keys';
import { portKey, type UsageRepository } from './usage.repository';

export interface NamedPort {
	key: string;
	name: string;
	kwh: number;
	energyCharge: number;
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
	bill: Bill;
	/** the running month's bill extrapolated to its end */
	projected: Bill | null;
	/** this month (projected while running) against the month before */
	change: BillComparison;
	ports: NamedPort[];
	/** totals of the months before, oldest first, for the chart */
	history: { key: string; kwh: number; total: number }[];
}

const HISTORY_MONTHS = 6;

export function createBillsService(deps: {
	usage: UsageRepository;
	tariffs: TariffsService;
	settings: SettingsService;
	clock: Clock;
}) {
	const { usage, tariffs, settings, clock } = deps;

	function household(userId: number) {
		const s = settings.forUser(userId);
		return {
			tz: s.timezone,
			cycleDay: s.billing_cycle_day,
			currency: s.currency,
			locale: s.locale
		};
	}

	function period(userId: number, key?: string): BillingPeriod {
		const { tz, cycleDay } = household(userId);
		if (!key) return billingPeriod(clock.now(), tz, cycleDay);
		const { year, month } = parseMonthKey(key);
		return billingPeriod(localMidnight(year, month, cycleDay, tz), tz, cycleDay);
	}

	function buckets(userId: number, p: { start: number; end: number }): PortBucket[] {
		return usage.buckets(userId, p.start, p.end).map((b) => ({
			port: portKey(b.device_id, b.port),
			start: b.start,
			energyMj: b.energy_mj
		}));
	}

	function bill(userId: number, p: { start: number; end: number }): Bill {
		return computeBill({
			buckets: buckets(userId, p),
			tariffs: tariffs.versions(userId),
			tz: household(userId).tz,
			period: p,
			now: clock.now()
		});
	}

	/** The bill of a month; the running month is billed up to now. */
	function ofMonth(userId: number, key?: string): Bill {
		return bill(userId, period(userId, key));
	}

	/**
	 * Each port's average energy price in a month (energy charge / kWh). Daily costs use
	 * it: under slabs a single day has no price of its own, and the days of a month then
	 * add up to the port's charge on the bill.
	 */
	function portRates(userId: number, key: string): Map<string, number> {
		const p = period(userId, key);
		const b = bill(userId, p);
		// A month without buckets (rollups imported alone) still has a price per kWh.
		const first = tariffInForce(tariffs.versions(userId), dayKey(p.start, household(userId).tz));
		const fallback = b.totalKwh > 0 ? b.energyCharge / b.totalKwh : rateAt(first, 0, 0);
		const rates = new Map<string, number>([['*', fallback]]);
		for (const p of b.ports) rates.set(p.port, p.kwh > 0 ? p.energyCharge / p.kwh : fallback);
		return rates;
	}

	return {
		period,
		ofMonth,
		portRates,
		view(userId: number, key?: string): BillView {
			const h = household(userId);
			const now = clock.now();
			const p = period(userId, key);
			const running = now >= p.start && now < p.end;
			const versions = tariffs.versions(userId);
			const input = { buckets: buckets(userId, p), tariffs: versions, tz: h.tz, period: p, now };
			const actual = computeBill(input);
			const projected = running ? projectBill(input).projected : null;
			const prevKey = shiftMonth(p.key, -1);
			const previous = ofMonth(userId, prevKey);
			const history = Array.from({ length: HISTORY_MONTHS }, (_, i) => {
				const k = shiftMonth(p.key, i - HISTORY_MONTHS);
				const b = k === prevKey ? previous : ofMonth(userId, k);
				return { key: k, kwh: b.totalKwh, total: b.total };
			});
			const names = new Map(
				usage
					.portNames(userId)
					.map((n) => [
						portKey(n.deviceId, n.port),
						`${n.deviceName} · ${n.label ?? `Port ${n.port}`}`
					])
			);
			return {
				key: p.key,
				previousKey: prevKey,
				nextKey: now < p.end ? null : shiftMonth(p.key, 1),
				period: { start: p.start, end: p.end },
				currency: actual.currency,
				locale: h.locale,
				timezone: h.tz,
				running,
				bill: actual,
				projected,
				change: compareToPrevious(projected ?? actual, previous),
				ports: actual.ports.map((x) => ({
					key: x.port,
					name: names.get(x.port) ?? x.port,
					kwh: x.kwh,
					energyCharge: x.energyCharge
				})),
				history
			};
		}
	};
}

export type BillsService = ReturnType<typeof createBillsService>;
