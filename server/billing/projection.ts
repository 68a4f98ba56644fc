/**
 * Estimates for the running period and comparison with the one before.
 */
import { priceBill, type Bill, type BillInput } from './bill';

export interface Projection {
	/** energy and charges up to `now` (buckets starting before now) */
	soFar: Bill;
	/** the bill of the extrapolated energy: slabs apply to the projected total */
	projected: Bill;
	/** projected energy / energy so far (0 when no time has elapsed) */
	factor: number;
	elapsedMs: number;
}

/**
 * Extrapolate energy so far at its average rate over the elapsed time to the whole
 * period. Elapsed time is real time (a 23-hour DST day counts 23 hours), which is
 * the average daily rate times the period's days. Every bucket is scaled alike, so
 * the projection keeps the time-of-use mix and each port's share of what was used.
 */
export function projectBill(input: BillInput & { now: number }): Projection {
	const { start, end } = input.period;
	const elapsedMs = Math.min(Math.max(input.now - start, 0), end - start);
	const factor = elapsedMs > 0 ? (end - start) / elapsedMs : 0;
	const soFar = priceBill(input, 1, input.now);
	const projected = { ...priceBill(input, factor, input.now), complete: false };
	return { soFar, projected, factor, elapsedMs };
}

export interface Change {
	current: number;
	previous: number;
	change: number;
	/** percent of previous; null when previous is 0 (no meaningful ratio) */
	percent: number | null;
}

export interface BillComparison {
	kwh: Change;
	money: Change;
}

function change(current: number, previous: number): Change {
	const diff = current - previous;
	return {
		current,
		previous,
		change: diff,
		percent: previous === 0 ? null : (diff / previous) * 100
	};
}

export function compareToPrevious(current: Bill, previous: Bill): BillComparison {
	return {
		kwh: change(current.totalKwh, previous.totalKwh),
		money: change(current.total, previous.total)
	};
}
