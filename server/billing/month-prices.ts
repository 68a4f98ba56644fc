import type { Clock } from '../clock';
import type { BillsService } from './bills.service';
import { bareRate, type PortPrice } from './port-price';

const TTL_MS = 60_000;
/** The household estimate steps on the quarter hour (billing/household-units); no price outlives its step. */
const STEP_MS = 900_000;
/** Households kept at once; the oldest goes first. */
const MAX_HOUSEHOLDS = 1_000;
/** Passes of a figure whose months were priced elsewhere before it is worked out here. */
const PASSES = 3;

/** Prices worked out somewhere else (the reads worker), for months of one household. */
export type PriceElsewhere = (
	userId: number,
	keys: string[]
) => Promise<Map<string, Map<string, PortPrice>>>;

/**
 * Each port's price in a billing month (BillsService.portPrices), kept a minute per
 * household and month: pricing a month reads all of its buckets, and a page that shows a
 * year and the year before asks for 24 months. `drop` forgets a household at once when its
 * tariff, settings or meter change; energy since the pricing is carried by monthCost().
 */
export function createMonthPrices(bills: Pick<BillsService, 'portPrices'>, clock: Clock) {
	type Entry = { until: number; prices: Map<string, PortPrice> };
	const cache = new Map<number, Map<string, Entry>>();
	/** Bumped by every drop: prices worked out before it are not kept. */
	const versions = new Map<number, number>();
	let allVersion = 0;
	const version = (userId: number) => `${allVersion}:${versions.get(userId) ?? 0}`;
	/** While a figure's months are being found out: its household and the months it missed. */
	let finding: { userId: number; missed: Set<string> } | null = null;
	const placeholder = new Map([['*', bareRate(0)]]);
	/**
	 * Where a large household's expired prices are worked out again while the old ones serve
	 * a little longer: the live updates asked for them on this thread once a minute, and
	 * pricing the largest household's month here held it ~40 ms each time.
	 */
	let background: { elsewhere: PriceElsewhere; applies: (userId: number) => boolean } | null = null;
	const refreshing = new Set<string>();

	/** `keys` priced by `elsewhere` and kept, unless the household's prices changed meanwhile. */
	async function keep(userId: number, keys: string[], elsewhere: PriceElsewhere): Promise<void> {
		const seen = version(userId);
		const pricedAt = clock.now();
		const priced = await elsewhere(userId, keys);
		if (version(userId) !== seen) return;
		const months = monthsOf(userId);
		for (const [key, prices] of priced) months.set(key, { until: until(pricedAt), prices });
	}

	/** `key` priced elsewhere while `old` serves; if it does not come back, the next ask prices it here. */
	function refresh(userId: number, key: string, old: Entry, elsewhere: PriceElsewhere): void {
		const id = `${userId}:${key}`;
		if (refreshing.has(id)) return;
		refreshing.add(id);
		keep(userId, [key], elsewhere)
			.catch((err: unknown) => console.error('month prices: pricing elsewhere failed', err))
			.finally(() => {
				refreshing.delete(id);
				const months = cache.get(userId);
				if (months?.get(key) === old) months.delete(key);
			});
	}

	function monthsOf(userId: number): Map<string, Entry> {
		let months = cache.get(userId);
		if (!months) {
			if (cache.size >= MAX_HOUSEHOLDS) cache.delete(cache.keys().next().value!);
			cache.set(userId, (months = new Map()));
		}
		return months;
	}

	const fresh = (hit: Entry | undefined, now: number): boolean => !!hit && hit.until > now;
	const until = (pricedAt: number) =>
		Math.min(pricedAt + TTL_MS, (Math.floor(pricedAt / STEP_MS) + 1) * STEP_MS);

	function portPrices(userId: number, key: string): Map<string, PortPrice> {
		const months = monthsOf(userId);
		const now = clock.now();
		const hit = months.get(key);
		if (hit && fresh(hit, now)) return hit.prices;
		if (finding?.userId === userId) {
			finding.missed.add(key);
			return placeholder;
		}
		// Expired within the last minute: still served while the new ones are worked out.
		if (hit && hit.until + TTL_MS > now && background?.applies(userId)) {
			refresh(userId, key, hit, background.elsewhere);
			return hit.prices;
		}
		const priced = { until: until(now), prices: bills.portPrices(userId, key) };
		months.set(key, priced);
		return priced.prices;
	}

	return {
		portPrices,
		/** From now on, `applies` households' expired prices are worked out by `elsewhere`. */
		refreshIn(elsewhere: PriceElsewhere, applies: (userId: number) => boolean): void {
			background = { elsewhere, applies };
		},
		/**
		 * `figure` with the household's month prices worked out by `elsewhere` instead of on
		 * this thread: a first pass finds the months it needs (its result is thrown away), they
		 * are priced elsewhere and kept, and the figure is worked out again from them. A change
		 * meanwhile means another pass; after a few, the figure prices what it still misses here.
		 */
		async settle<T>(
			userId: number,
			figure: () => T,
			elsewhere: PriceElsewhere,
			/** months known to be needed: priced before the first pass, which then finds them kept */
			keys: string[] = []
		): Promise<T> {
			const now = clock.now();
			const stale = keys.filter((k) => !fresh(cache.get(userId)?.get(k), now));
			if (stale.length) await keep(userId, stale, elsewhere);
			for (let pass = 0; pass < PASSES; pass++) {
				finding = { userId, missed: new Set() };
				let result: T;
				let missed: Set<string>;
				try {
					result = figure();
				} finally {
					missed = finding.missed;
					finding = null;
				}
				if (missed.size === 0) return result;
				await keep(userId, [...missed], elsewhere);
			}
			return figure();
		},
		drop(userId: number): void {
			cache.delete(userId);
			versions.set(userId, (versions.get(userId) ?? 0) + 1);
		},
		/** An instance-wide setting changed: every household's prices may have. */
		clear(): void {
			cache.clear();
			allVersion++;
		}
	};
}

export type MonthPrices = ReturnType<typeof createMonthPrices>;
