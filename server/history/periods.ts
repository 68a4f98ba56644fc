/**
 * The history page's periods as local calendar dates ('YYYY-MM-DD' keys in the household's
 * zone): a day, a week (Monday to Sunday), a month or a year, and the step to the one
 * before or after. Only a day's hour slots need instants, and those come from the zone's
 * own midnights, so a DST day has 23 or 25 slots and every other day 24.
 */
import { addDays, localMidnight, localParts } from '../billing/local-time';

export const PERIOD_VIEWS = ['day', 'week', 'month', 'year'] as const;
export type PeriodView = (typeof PERIOD_VIEWS)[number];

export interface Period {
	view: PeriodView;
	/** first and last local day of the period, inclusive */
	first: string;
	last: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written 'YYYY-MM-DD' (no 2026-02-30). */
export function isDateKey(s: string): boolean {
	const m = DATE.exec(s);
	if (!m) return false;
	const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
	return d.toISOString().slice(0, 10) === s && Number(m[1]) >= 2000;
}

const parts = (key: string) => key.split('-').map(Number) as [number, number, number];
const pad = (n: number) => String(n).padStart(2, '0');
const lastDayOfMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The period of `view` that holds the local day `date`. */
export function periodOf(view: PeriodView, date: string): Period {
	const [y, m] = parts(date);
	switch (view) {
		case 'day':
			return { view, first: date, last: date };
		case 'week': {
			// getUTCDay: Sunday 0; weeks start on Monday.
			const back = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
			const first = addDays(date, -back);
			return { view, first, last: addDays(first, 6) };
		}
		case 'month':
			return {
				view,
				first: `${y}-${pad(m)}-01`,
				last: `${y}-${pad(m)}-${pad(lastDayOfMonth(y, m))}`
			};
		case 'year':
			return { view, first: `${y}-01-01`, last: `${y}-12-31` };
	}
}

/** The period `steps` before (negative) or after the one holding `date`. */
export function shiftPeriod(view: PeriodView, date: string, steps: number): Period {
	const { first } = periodOf(view, date);
	const [y, m] = parts(first);
	switch (view) {
		case 'day':
			return periodOf(view, addDays(first, steps));
		case 'week':
			return periodOf(view, addDays(first, 7 * steps));
		case 'month': {
			const index = y * 12 + (m - 1) + steps;
			return periodOf(view, `${Math.floor(index / 12)}-${pad((index % 12) + 1)}-01`);
		}
		case 'year':
			return periodOf(view, `${y + steps}-01-01`);
	}
}

/** The local days of a period, first to last. */
export function daysOf(p: Period): string[] {
	const out: string[] = [];
	for (let d = p.first; d <= p.last; d = addDays(d, 1)) out.push(d);
	return out;
}

/** The months ('YYYY-MM') of a year period. */
export function monthsOf(p: Period): string[] {
	const y = p.first.slice(0, 4);
	return Array.from({ length: 12 }, (_, i) => `${y}-${pad(i + 1)}`);
}

export interface HourSlot {
	/** UTC ms of the slot's start */
	start: number;
	/** local wall time of the start, 'HH:MM' */
	label: string;
}

/** A local day's hours, from its midnight to the next day's, in the zone `tz`. */
export function hourSlots(date: string, tz: string): { slots: HourSlot[]; end: number } {
	const [y, m, d] = parts(date);
	const start = localMidnight(y, m, d, tz);
	const end = localMidnight(y, m, d + 1, tz);
	const slots: HourSlot[] = [];
	for (let t = start; t < end; t += 3_600_000) {
		const l = localParts(t, tz);
		slots.push({ start: t, label: `${pad(l.hour)}:${pad(l.minute)}` });
	}
	return { slots, end };
}
