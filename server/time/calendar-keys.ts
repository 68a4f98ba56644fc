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
