import type { Clock } from '../clock';
import type { BillsService } from './bills.service';
import type { PortPrice } from './port-price';

const TTL_MS = 60_000;
/** The household estimate steps on the quarter hour (billing/household-units); no price outlives its step. */
const STEP_MS = 900_000;
/** Households kept at once; the oldest goes first. */
const MAX_HOUSEHOLDS = 1_000;

/**
 * Each port's price in a billing month (BillsService.portPrices), kept a minute per
 * household and month: pricing a month reads all of its buckets, and a page that shows a
 * year and the year before asks for 24 months. `drop` forgets a household at once when its
 * tariff, settings or meter change; energy since the pricing is carried by monthCost().
 */
export function createMonthPrices(bills: Pick<BillsService, 'portPrices'>, clock: Clock) {
	const cache = new Map<number, Map<string, { until: number; prices: Map<string, PortPrice> }>>();
	return {
		portPrices(userId: number, key: string): Map<string, PortPrice> {
			let months = cache.get(userId);
			if (!months) {
				if (cache.size >= MAX_HOUSEHOLDS) cache.delete(cache.keys().next().value!);
				cache.set(userId, (months = new Map()));
			}
			const now = clock.now();
			let hit = months.get(key);
			if (!hit || hit.until <= now) {
				const step = (Math.floor(now / STEP_MS) + 1) * STEP_MS;
				hit = { until: Math.min(now + TTL_MS, step), prices: bills.portPrices(userId, key) };
				months.set(key, hit);
			}
			return hit.prices;
		},
		drop(userId: number): void {
			cache.delete(userId);
		},
		/** An instance-wide setting changed: every household's prices may have. */
		clear(): void {
			cache.clear();
		}
	};
}

export type MonthPrices = ReturnType<typeof createMonthPrices>;
