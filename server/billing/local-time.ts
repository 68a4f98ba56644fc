/**
 * Civil-time helpers for an IANA time zone, built on Intl only (no date library).
 *
 * Instants are UTC epoch milliseconds (docs/decisions.md, rule 1); days, months, billing
 * cycles and time-of-use windows are read on the household's wall clock, so every
 * helper here goes through the zone's real offset at that instant and stays correct
 * across DST changes (a 23-hour day in spring, a 25-hour day in autumn).
 */

export interface LocalParts {
	year: number;
	/** 1..12 */
	month: number;
	/** 1..31 */
	day: number;
	/** 0..23 (h23: midnight is 0, never 24) */
	hour: number;
	minute: number;
	/** 0 = Sunday .. 6 = Saturday */
	weekday: number;
}

export interface BillingPeriod {
	/** UTC ms of local midnight on the cycle day (inclusive) */
	start: number;
	/** UTC ms of local midnight on the next cycle day (exclusive) */
	end: number;
	/** 'YYYY-MM' of the month the cycle starts in */
	key: string;
}

export const DEFAULT_TIME_ZONE = 'Asia/Dhaka';

const DAY_MS = 86_400_000;

// Building a DateTimeFormat costs far more than formatting with it, and a bill
// formats one instant per 15-minute bucket, so keep one formatter per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(tz: string): Intl.DateTimeFormat {
	let f = formatters.get(tz);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', {
			timeZone: tz,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric'
		});
		formatters.set(tz, f);
	}
	return f;
}

/** The wall clock at `ms`, expressed as if it were a UTC instant (seconds kept). */
function wallAsUtc(ms: number, tz: string): number {
	const p = { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
	for (const part of formatterFor(tz).formatToParts(ms)) {
		if (part.type in p) p[part.type as keyof typeof p] = Number(part.value);
	}
	return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
}

/** The zone's offset from UTC at `ms`, in ms (whole seconds; sub-second part dropped). */
function offsetAt(ms: number, tz: string): number {
	const whole = Math.floor(ms / 1000) * 1000;
	return wallAsUtc(whole, tz) - whole;
}

export function localParts(ms: number, tz: string = DEFAULT_TIME_ZONE): LocalParts {
	const wall = new Date(ms + offsetAt(ms, tz));
	return {
		year: wall.getUTCFullYear(),
		month: wall.getUTCMonth() + 1,
		day: wall.getUTCDate(),
		hour: wall.getUTCHours(),
		minute: wall.getUTCMinutes(),
		weekday: wall.getUTCDay()
	};
}

/**
 * UTC ms of the first instant of the local date. Normally that is 00:00; where a
 * zone skips midnight (spring-forward at 00:00) the day starts at the transition.
 * Month and day overflow like Date.UTC (day 32 of January is 1 February).
 */
export function localMidnight(
	year: number,
	month: number,
	day: number,
	tz: string = DEFAULT_TIME_ZONE
): number {
	const key = `${tz}|${year}|${month}|${day}`;
	let at = midnights.get(key);
	if (at === undefined) {
		at = findMidnight(year, month, day, tz);
		if (midnights.size >= MIDNIGHTS_KEPT) midnights.clear();
		midnights.set(key, at);
	}
	return at;
}

// A midnight costs six zone lookups and every billing period asks for two; the same few
// months are asked for all day (each live update prices its household's month).
const midnights = new Map<string, number>();
const MIDNIGHTS_KEPT = 20_000;

function findMidnight(year: number, month: number, day: number, tz: string): number {
	const wall = Date.UTC(year, month - 1, day);
	// Two rounds of "guess the offset" converge: the second uses the offset in force
	// at the first guess, which is the right one unless midnight sits in a DST gap.
	const first = wall - offsetAt(wall, tz);
	const second = wall - offsetAt(first, tz);
	const exact = [first, second].filter((t) => t + offsetAt(t, tz) === wall);
	if (exact.length > 0) return Math.min(...exact); // ambiguous midnight: the earlier one
	return Math.max(first, second); // midnight skipped: the transition instant
}

/** 'YYYY-MM-DD' of the local date at `ms`. */
export function dayKey(ms: number, tz: string = DEFAULT_TIME_ZONE): string {
	const { year, month, day } = localParts(ms, tz);
	return civilKey(year, month, day);
}

export function civilKey(year: number, month: number, day: number): string {
	const d = new Date(Date.UTC(year, month - 1, day));
	return d.toISOString().slice(0, 10);
}

/** Shift a 'YYYY-MM-DD' key by whole calendar days (no time zone involved). */
export function addDays(key: string, days: number): string {
	return new Date(Date.parse(`${key}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Calendar days from one 'YYYY-MM-DD' key to another (b - a). */
export function daysBetween(a: string, b: string): number {
	return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/**
 * The billing month containing `ms`: it starts at local midnight on `cycleStartDay`.
 * The day is capped at 28 so every month has it.
 */
export function billingPeriod(
	ms: number,
	tz: string = DEFAULT_TIME_ZONE,
	cycleStartDay = 1
): BillingPeriod {
	if (!Number.isInteger(cycleStartDay) || cycleStartDay < 1 || cycleStartDay > 28) {
		throw new RangeError(`cycleStartDay must be an integer 1..28, got ${cycleStartDay}`);
	}
	const now = localParts(ms, tz);
	// Before the cycle day, we are still in the cycle that began last month.
	const monthIndex = now.year * 12 + (now.month - 1) - (now.day < cycleStartDay ? 1 : 0);
	const year = Math.floor(monthIndex / 12);
	const month = (monthIndex % 12) + 1;
	return {
		start: localMidnight(year, month, cycleStartDay, tz),
		end: localMidnight(year, month + 1, cycleStartDay, tz),
		key: `${year}-${String(month).padStart(2, '0')}`
	};
}
