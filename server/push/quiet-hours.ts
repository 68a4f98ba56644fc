import { localMidnight, localParts } from '../billing/local-time';

/** Quiet hours on the household's wall clock, minutes after midnight; may wrap midnight. */
export interface QuietHours {
	start: number;
	end: number;
}

const minuteOfDay = (ms: number, tz: string) => {
	const p = localParts(ms, tz);
	return p.hour * 60 + p.minute;
};

export function inQuietHours(q: QuietHours | null, now: number, tz: string): boolean {
	if (!q || q.start === q.end) return false;
	const m = minuteOfDay(now, tz);
	return q.start < q.end ? m >= q.start && m < q.end : m >= q.start || m < q.end;
}

/**
 * When the quiet hours around `now` end, or null when `now` is not in them. The end is a
 * wall-clock time, so on a DST day it is found on that day's clock, not by adding minutes.
 */
export function quietUntil(q: QuietHours | null, now: number, tz: string): number | null {
	if (!q || !inQuietHours(q, now, tz)) return null;
	const p = localParts(now, tz);
	const day = p.day + (p.hour * 60 + p.minute < q.end ? 0 : 1);
	let at = localMidnight(p.year, p.month, day, tz) + q.end * 60_000;
	// A DST change between midnight and the end shifts the wall clock by its size: correct once.
	const drift = minuteOfDay(at, tz) - q.end;
	if (drift !== 0 && Math.abs(drift) <= 120) at -= drift * 60_000;
	return Math.max(at, now + 1);
}
