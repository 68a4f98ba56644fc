/**
 * Prices alerts at the household's marginal rate: each quarter hour's kWh at the rate the
 * next kWh is charged then (the time-of-use rate of that minute, or the slab the month has
 * reached) with VAT, from billing's one pricing module. Also says which minutes are peak.
 */
import { dayKey, localParts, tariffInForce, type Tariff } from '../billing';
import { cheapestRate, isPeakMinute, rateAt, withVat } from '../billing/marginal-rate';
import { MJ_PER_KWH } from '../energy/units';
import { perDay, perMonth, type AlertCost } from './alert-cost';

export interface AlertPricingDeps {
	ownerOf: (deviceId: number) => number | null;
	timeZone: (userId: number) => string;
	tariffs: (userId: number) => Tariff[];
	/** the household's kWh this billing month so far (its meter, else its strips) */
	monthKwh: (userId: number) => number;
	portBuckets: (
		deviceId: number,
		port: number,
		start: number,
		end: number
	) => { start: number; energyMj: number }[];
}

const DAY_MS = 86_400_000;
const QUARTER_MS = 900_000;

export function createAlertPricing(d: AlertPricingDeps) {
	function household(deviceId: number, ts: number) {
		const userId = d.ownerOf(deviceId);
		if (userId === null) return null;
		const versions = d.tariffs(userId);
		if (versions.length === 0) return null;
		const tz = d.timeZone(userId);
		const tariff = tariffInForce(versions, dayKey(ts, tz));
		const minute = (ms: number) => {
			const p = localParts(ms, tz);
			return p.hour * 60 + p.minute;
		};
		return { userId, tariff, minute };
	}

	/** The port's last 24 hours of quarter hours, each priced by `price(minute)`. */
	function lastDay(deviceId: number, port: number, ts: number, price: (minute: number) => number) {
		const h = household(deviceId, ts)!;
		return d
			.portBuckets(deviceId, port, ts - DAY_MS, ts + 1)
			.reduce((a, b) => a + (b.energyMj / MJ_PER_KWH) * price(h.minute(b.start)), 0);
	}

	return {
		isPeak(deviceId: number, ts: number): boolean {
			const h = household(deviceId, ts);
			return h !== null && isPeakMinute(h.tariff, h.minute(ts));
		},
		/** HIGH_USAGE: what the port's last 24 hours cost, a day at this pace. */
		dayOfUse(deviceId: number, port: number, ts: number): AlertCost | null {
			const h = household(deviceId, ts);
			if (!h) return null;
			const kwh = d.monthKwh(h.userId);
			const amount = lastDay(deviceId, port, ts, (m) =>
				withVat(h.tariff, rateAt(h.tariff, m, kwh))
			);
			return perDay(amount, h.tariff.currency);
		},
		/** PEAK_USAGE: what the last 24 hours' use in dear hours cost above the cheapest rate. */
		peakPremium(deviceId: number, port: number, ts: number): AlertCost | null {
			const h = household(deviceId, ts);
			if (!h) return null;
			const cheapest = cheapestRate(h.tariff);
			const amount = lastDay(deviceId, port, ts, (m) =>
				isPeakMinute(h.tariff, m) ? withVat(h.tariff, rateAt(h.tariff, m, 0) - cheapest) : 0
			);
			return perDay(amount, h.tariff.currency);
		},
		/** STANDBY_WASTE: a steady draw of `watts` all day, for a month. */
		standbyMonth(deviceId: number, watts: number, ts: number): AlertCost | null {
			const h = household(deviceId, ts);
			if (!h) return null;
			const kwh = d.monthKwh(h.userId);
			const kwhPerQuarter = (watts * 0.25) / 1000;
			let amount = 0;
			for (let m = 0; m < 1440; m += QUARTER_MS / 60_000)
				amount += kwhPerQuarter * withVat(h.tariff, rateAt(h.tariff, m, kwh));
			return perMonth(amount, h.tariff.currency);
		},
		/** HIGH_COST: today's cost as the bill prices it. */
		today(deviceId: number, cost: number, ts: number): AlertCost | null {
			const h = household(deviceId, ts);
			return h ? perDay(cost, h.tariff.currency) : null;
		}
	};
}

export type AlertPricing = ReturnType<typeof createAlertPricing>;
