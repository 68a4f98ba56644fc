/** A range of local dates from a query string: inclusive days, checked and bounded. */
import { addDays, daysBetween } from '../billing/local-time';
import { localMidnight } from '../billing';

export interface DayRange {
	from: string;
	to: string;
	/** [start, end) in UTC ms: local midnight of `from` to local midnight after `to` */
	start: number;
	end: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
export const MAX_RANGE_DAYS = 366;

function valid(d: string | null): d is string {
	return d !== null && DAY.test(d) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);
}

export function parseDayRange(
	from: string | null,
	to: string | null,
	tz: string
): { ok: true; range: DayRange } | { ok: false; field: string; message: string } {
	if (!valid(from)) return { ok: false, field: 'from', message: 'expected a date YYYY-MM-DD' };
	if (!valid(to)) return { ok: false, field: 'to', message: 'expected a date YYYY-MM-DD' };
	const days = daysBetween(from, to) + 1;
	if (days < 1) return { ok: false, field: 'to', message: 'must not be before from' };
	if (days > MAX_RANGE_DAYS) {
		return { ok: false, field: 'to', message: `at most ${MAX_RANGE_DAYS} days at a time` };
	}
	const midnight = (d: string) => {
		const [y, m, day] = d.split('-').map(Number) as [number, number, number];
		return localMidnight(y, m, day, tz);
	};
	return { ok: true, range: { from, to, start: midnight(from), end: midnight(addDays(to, 1)) } };
}
