import { dayKey, localParts } from '../billing/local-time';

/**
 * Local calendar keys of an instant in the household's zone, for the rollups and the
 * pages. The zone arithmetic is server/billing/local-time.ts; this only caches day keys per
 * 15-minute bucket, the instants the ledger asks about on every batch.
 */
const dayCache = new Map<string, string>();
const DAY_CACHE_LIMIT = 50_000;

export function localDayKey(ms: number, tz: string): string {
	const key = `${tz}|${ms}`;
	let day = dayCache.get(key);
	if (day === undefined) {
		day = dayKey(ms, tz);
		if (dayCache.size >= DAY_CACHE_LIMIT) dayCache.clear();
		dayCache.set(key, day);
	}
	return day;
}

/** The local time of day as fractional hours (0 ≤ h < 24). */
export function localHour(ms: number, tz: string): number {
	const { hour, minute } = localParts(ms, tz);
	return hour + minute / 60;
}

/**
 * The first local day ('YYYY-MM-DD') of the billing month holding `day`, for a month that
 * starts on `cycleDay` (1..28): plain calendar arithmetic on the keys, no zone involved.
 */
export function billingMonthStart(day: string, cycleDay: number): string {
	const [y, m, d] = day.split('-').map(Number) as [number, number, number];
	const index = y * 12 + (m - 1) - (d < cycleDay ? 1 : 0);
	const year = Math.floor(index / 12);
	const month = (index % 12) + 1;
	return `${year}-${String(month).padStart(2, '0')}-${String(cycleDay).padStart(2, '0')}`;
}
