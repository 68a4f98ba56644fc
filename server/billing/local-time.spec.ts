import { describe, expect, it } from 'vitest';
import { billingPeriod, dayKey, localMidnight, localParts } from './local-time';

const HOUR = 3_600_000;
const BUCKET = 900_000;

describe('localParts', () => {
	it('reads the wall clock of Asia/Dhaka, six hours ahead of UTC', () => {
		expect(localParts(Date.UTC(2026, 0, 31, 18, 0), 'Asia/Dhaka')).toEqual({
			year: 2026,
			month: 2,
			day: 1,
			hour: 0,
			minute: 0,
			weekday: 0
		});
	});

	it('defaults to Asia/Dhaka', () => {
		expect(localParts(Date.UTC(2026, 0, 31, 17, 45)).hour).toBe(23);
	});

	it('follows the Berlin summer-time offset', () => {
		expect(localParts(Date.UTC(2026, 2, 29, 1, 0), 'Europe/Berlin')).toMatchObject({
			hour: 3,
			minute: 0
		});
		expect(localParts(Date.UTC(2026, 2, 29, 0, 45), 'Europe/Berlin')).toMatchObject({
			hour: 1,
			minute: 45
		});
	});
});

describe('localMidnight', () => {
	it('makes the Berlin spring-forward day 23 hours long (92 buckets)', () => {
		const day =
			localMidnight(2026, 3, 30, 'Europe/Berlin') - localMidnight(2026, 3, 29, 'Europe/Berlin');
		expect(day).toBe(23 * HOUR);
		expect(day / BUCKET).toBe(92);
	});

	it('makes the Berlin fall-back day 25 hours long (100 buckets)', () => {
		const day =
			localMidnight(2026, 10, 26, 'Europe/Berlin') - localMidnight(2026, 10, 25, 'Europe/Berlin');
		expect(day).toBe(25 * HOUR);
		expect(day / BUCKET).toBe(100);
	});

	it('returns the UTC instant of local midnight', () => {
		expect(localMidnight(2026, 3, 29, 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 28, 23, 0));
		expect(localMidnight(2026, 3, 30, 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 29, 22, 0));
		expect(localMidnight(2026, 2, 1, 'Asia/Dhaka')).toBe(Date.UTC(2026, 0, 31, 18, 0));
	});

	it('lets the month overflow like Date.UTC', () => {
		expect(localMidnight(2026, 13, 1, 'Asia/Dhaka')).toBe(localMidnight(2027, 1, 1, 'Asia/Dhaka'));
	});

	it('starts a day whose midnight a zone skips at its first existing instant', () => {
		// Zones such as America/Santiago spring forward at 00:00; whatever the tz data
		// says for a given year, the result must be the first instant of that local date.
		const tz = 'America/Santiago';
		for (let month = 1; month <= 12; month++) {
			for (const day of [1, 5, 6, 7, 10, 15]) {
				const start = localMidnight(2026, month, day, tz);
				expect(localParts(start, tz)).toMatchObject({ year: 2026, month, day });
				expect(localParts(start - 1, tz).day).not.toBe(day);
			}
		}
	});
});

describe('dayKey', () => {
	it('names the local date, not the UTC date', () => {
		expect(dayKey(Date.UTC(2026, 0, 31, 17, 45), 'Asia/Dhaka')).toBe('2026-01-31');
		expect(dayKey(Date.UTC(2026, 0, 31, 18, 0), 'Asia/Dhaka')).toBe('2026-02-01');
	});
});

describe('billingPeriod', () => {
	it('runs from local midnight on the 1st to local midnight on the next 1st by default', () => {
		const p = billingPeriod(Date.UTC(2026, 0, 15), 'Asia/Dhaka');
		expect(p).toEqual({
			start: Date.UTC(2025, 11, 31, 18),
			end: Date.UTC(2026, 0, 31, 18),
			key: '2026-01'
		});
	});

	it('puts 23:45 local on the last day in that month and 00:00 in the next', () => {
		expect(billingPeriod(Date.UTC(2026, 0, 31, 17, 45), 'Asia/Dhaka', 1).key).toBe('2026-01');
		expect(billingPeriod(Date.UTC(2026, 0, 31, 18, 0), 'Asia/Dhaka', 1).key).toBe('2026-02');
	});

	it('keeps days before the cycle start day in the cycle that began last month', () => {
		const march10 = localMidnight(2026, 3, 10, 'Asia/Dhaka');
		expect(billingPeriod(march10, 'Asia/Dhaka', 15)).toEqual({
			start: localMidnight(2026, 2, 15, 'Asia/Dhaka'),
			end: localMidnight(2026, 3, 15, 'Asia/Dhaka'),
			key: '2026-02'
		});
	});

	it('opens a new cycle at local midnight of the cycle start day', () => {
		const march15 = localMidnight(2026, 3, 15, 'Asia/Dhaka');
		expect(billingPeriod(march15, 'Asia/Dhaka', 15).key).toBe('2026-03');
		expect(billingPeriod(march15 - 1, 'Asia/Dhaka', 15).key).toBe('2026-02');
	});

	it('wraps from December into January', () => {
		const p = billingPeriod(localMidnight(2026, 1, 5, 'Asia/Dhaka'), 'Asia/Dhaka', 10);
		expect(p.key).toBe('2025-12');
		expect(p.start).toBe(localMidnight(2025, 12, 10, 'Asia/Dhaka'));
	});

	it('loses an hour in a Berlin cycle that spans the spring change', () => {
		const p = billingPeriod(localMidnight(2026, 3, 20, 'Europe/Berlin'), 'Europe/Berlin', 15);
		expect(p.end - p.start).toBe(31 * 24 * HOUR - HOUR);
	});

	it('refuses a cycle start day that some months lack', () => {
		expect(() => billingPeriod(0, 'Asia/Dhaka', 29)).toThrow(RangeError);
		expect(() => billingPeriod(0, 'Asia/Dhaka', 0)).toThrow(RangeError);
	});
});
