/**
 * A period's energy per port and slot, and its money when asked: a day's hours from the
 * 15-minute buckets, a week's or a month's days from the daily rollups, a year's months
 * from the monthly rollups. Money is each port's price from the bills: a day's kWh at the
 * port's average price in its billing month (billing/daily-costs.ts), a billing month at the
 * bill's own figure for the port (billing/port-price.ts), so a month here costs what the
 * bills page and the dashboard say.
 */
import { billingPeriod } from '../billing/local-time';
import type { BillsService } from '../billing/bills.service';
import type { DailyCosts } from '../billing/daily-costs';
import { monthCost, type PortPrice } from '../billing/port-price';
import { portKey, type UsageRepository } from '../billing/usage.repository';
import { mjToKwh } from '../energy/units';
import type { SettingsService } from '../settings/settings.service';
import { daysOf, hourSlots, monthsOf, type Period } from './periods';

export interface CellsDeps {
	usage: UsageRepository;
	settings: SettingsService;
	bills: Pick<BillsService, 'portPrices'>;
	dailyCosts: DailyCosts;
}

export interface Cells {
	labels: string[];
	/** a slot that has not begun */
	future: (i: number) => boolean;
	/** [port][slot] kWh, and exact money (zero when not asked) */
	kwh: number[][];
	cost: number[][];
	/** each port over the period */
	perPort: { kwh: number; money: number }[];
}

const HOUR_MS = 3_600_000;
const priceOf = (prices: Map<string, PortPrice>, key: string): PortPrice =>
	prices.get(key) ?? prices.get('*') ?? { rate: 0, kwh: 0, cost: 0 };

export function createPeriodCells(d: CellsDeps) {
	return function cells(
		userId: number,
		p: Period,
		keys: string[],
		at: { now: number; today: string },
		money: boolean
	): Cells {
		const s = d.settings.forUser(userId);
		const col = new Map(keys.map((k, i) => [k, i]));
		let labels: string[];
		let future: (i: number) => boolean;
		let portMoney: ((c: number, kwh: number) => number) | null = null;
		let fill: (kwh: number[][], cost: number[][]) => void;
		if (p.view === 'day') {
			const { slots, end } = hourSlots(p.first, s.timezone);
			const start = slots[0]!.start;
			labels = slots.map((x) => x.label);
			future = (i) => slots[i]!.start > at.now;
			fill = (kwh, cost) => {
				const month = billingPeriod(start, s.timezone, s.billing_cycle_day).key;
				const prices = money ? d.bills.portPrices(userId, month) : null;
				for (const b of d.usage.buckets(userId, start, end)) {
					const key = portKey(b.device_id, b.port);
					const c = col.get(key);
					const i = Math.floor((b.start - start) / HOUR_MS);
					if (c === undefined || i >= labels.length) continue;
					const k = mjToKwh(b.energy_mj);
					kwh[c]![i]! += k;
					if (prices) cost[c]![i]! += k * priceOf(prices, key).rate;
				}
			};
		} else if (p.view === 'year') {
			labels = monthsOf(p);
			future = (i) => labels[i]! > at.today.slice(0, 7);
			fill = (kwh, cost) => {
				for (const r of d.usage.monthly(userId, labels[0]!, labels[11]!)) {
					const c = col.get(portKey(r.device_id, r.port));
					const i = labels.indexOf(r.key);
					if (c !== undefined && i >= 0) kwh[c]![i] = mjToKwh(r.energy_mj);
				}
				if (!money) return;
				// Each month at its bill's own figure for the port.
				labels.forEach((month, i) => {
					if (!kwh.some((row) => row[i]! > 0)) return;
					const prices = d.bills.portPrices(userId, month);
					keys.forEach((key, c) => {
						if (kwh[c]![i]! > 0) cost[c]![i] = monthCost(priceOf(prices, key), kwh[c]![i]!);
					});
				});
			};
		} else {
			labels = daysOf(p);
			future = (i) => labels[i]! > at.today;
			const index = new Map(labels.map((l, i) => [l, i]));
			fill = (kwh, cost) => {
				if (money) {
					for (const r of d.dailyCosts(userId, p.first, p.last)) {
						const c = col.get(portKey(r.deviceId, r.port));
						const i = index.get(r.day);
						if (c === undefined || i === undefined) continue;
						kwh[c]![i] = r.kwh;
						cost[c]![i] = r.cost;
					}
					return;
				}
				for (const r of d.usage.daily(userId, p.first, p.last)) {
					const c = col.get(portKey(r.device_id, r.port));
					const i = index.get(r.key);
					if (c !== undefined && i !== undefined) kwh[c]![i] = mjToKwh(r.energy_mj);
				}
			};
			// A calendar month that is the billing month costs what its bill says, to the paisa.
			if (money && p.view === 'month' && s.billing_cycle_day === 1) {
				let prices: Map<string, PortPrice> | null = null;
				portMoney = (c, kwh) =>
					monthCost(
						priceOf((prices ??= d.bills.portPrices(userId, p.first.slice(0, 7))), keys[c]!),
						kwh
					);
			}
		}
		const kwh = keys.map(() => labels.map(() => 0));
		const cost = keys.map(() => labels.map(() => 0));
		fill(kwh, cost);
		const sum = (row: number[]) => row.reduce((a, b) => a + b, 0);
		const perPort = keys.map((_, c) => {
			const k = sum(kwh[c]!);
			return { kwh: k, money: k > 0 && portMoney ? portMoney(c, k) : sum(cost[c]!) };
		});
		return { labels, future, kwh, cost, perPort };
	};
}
