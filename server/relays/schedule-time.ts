import { localParts } from '../billing/local-time';

/**
 * When a time of day happens on the household's wall clock. Across a DST change the
 * rules are those of cron and of Temporal's "compatible" disambiguation: a time that
 * does not exist that day (02:30 when clocks jump from 02:00 to 03:00) happens when the
 * clocks have jumped, shifted by the gap (03:30); a time that happens twice (the autumn
 * 02:30) happens once, the first time.
 */

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** The zone's offset from UTC at `ms`, in whole minutes (as ms). */
function offsetAt(ms: number, tz: string): number {
	const p = localParts(ms, tz);
	const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
	return wall - Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}

/** UTC ms of a local date (y, m 1..12, d) at `minuteOfDay` in `tz`. */
export function zonedInstant(
	year: number,
	month: number,
	day: number,
	minuteOfDay: number,
	tz: string
): number {
	const wall = Date.UTC(year, month - 1, day, 0, minuteOfDay);
	const before = offsetAt(wall - DAY_MS, tz);
	const after = offsetAt(wall + DAY_MS, tz);
	const exact = [wall - before, wall - after].filter((t) => t + offsetAt(t, tz) === wall);
	if (exact.length) return Math.min(...exact);
	return wall - before; // in the gap: shifted forward by its length
}

export interface Recurrence {
	minuteOfDay: number;
	/** Bit 0 = Sunday … bit 6 = Saturday. */
	weekdays: number;
}

/** The first occurrence strictly after `after`, or null when no weekday is chosen. */
export function nextOccurrence(r: Recurrence, after: number, tz: string): number | null {
	if ((r.weekdays & 127) === 0) return null;
	const today = localParts(after, tz);
	// Eight local dates from yesterday cover every weekday and a run late across midnight.
	for (let i = -1; i <= 7; i++) {
		const date = new Date(Date.UTC(today.year, today.month - 1, today.day + i));
		if (!(r.weekdays & (1 << date.getUTCDay()))) continue;
		const at = zonedInstant(
			date.getUTCFullYear(),
			date.getUTCMonth() + 1,
			date.getUTCDate(),
			r.minuteOfDay,
			tz
		);
		if (at > after) return at;
	}
	return null;
}

/** "23:00" from minutes after midnight. */
export const formatMinute = (m: number): string =>
	`${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** 23:00 → 1380; null for anything that is not HH:MM. */
export function parseMinute(text: string): number | null {
	const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
	return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}
