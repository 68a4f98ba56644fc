import { describe, expect, it } from 'vitest';
import { daysOf, hourSlots, isDateKey, periodOf, shiftPeriod } from './periods';

describe('periods', () => {
	it('steps a month from its last day to the whole next and previous month', () => {
		expect(shiftPeriod('month', '2026-01-31', 1)).toEqual({
			view: 'month',
			first: '2026-02-01',
			last: '2026-02-28'
		});
		expect(shiftPeriod('month', '2026-03-31', -1).first).toBe('2026-02-01');
		expect(shiftPeriod('month', '2026-12-15', 1)).toMatchObject({
			first: '2027-01-01',
			last: '2027-01-31'
		});
		expect(shiftPeriod('month', '2026-01-15', -1).first).toBe('2025-12-01');
		expect(shiftPeriod('month', '2026-05-10', -17).first).toBe('2024-12-01');
	});

	it('steps days across month and year ends', () => {
		expect(shiftPeriod('day', '2026-01-31', 1).first).toBe('2026-02-01');
		expect(shiftPeriod('day', '2026-03-01', -1).first).toBe('2026-02-28');
		expect(shiftPeriod('day', '2026-12-31', 1).first).toBe('2027-01-01');
	});

	it('knows leap years', () => {
		expect(shiftPeriod('day', '2024-02-28', 1).first).toBe('2024-02-29');
		expect(shiftPeriod('day', '2024-03-01', -1).first).toBe('2024-02-29');
		expect(periodOf('month', '2024-02-10').last).toBe('2024-02-29');
		expect(periodOf('month', '2100-02-10').last).toBe('2100-02-28'); // not a leap year
		expect(periodOf('month', '2000-02-10').last).toBe('2000-02-29'); // a leap year
		expect(daysOf(periodOf('year', '2024-06-01'))).toHaveLength(366);
		expect(shiftPeriod('year', '2024-02-29', 1)).toEqual({
			view: 'year',
			first: '2025-01-01',
			last: '2025-12-31'
		});
		expect(isDateKey('2024-02-29')).toBe(true);
		expect(isDateKey('2025-02-29')).toBe(false);
	});

	it('runs weeks Monday to Sunday, across a year end', () => {
		expect(periodOf('week', '2026-01-01')).toEqual({
			view: 'week',
			first: '2025-12-29',
			last: '2026-01-04'
		});
		expect(periodOf('week', '2026-03-09').first).toBe('2026-03-09'); // a Monday
		expect(periodOf('week', '2026-03-15').first).toBe('2026-03-09'); // its Sunday
		expect(shiftPeriod('week', '2026-03-11', 1).first).toBe('2026-03-16');
		expect(shiftPeriod('week', '2026-01-01', -1).first).toBe('2025-12-22');
	});

	it('refuses what is not a calendar date', () => {
		for (const bad of ['2026-13-01', '2026-04-31', '26-01-01', '2026-1-1', 'today', '1999-12-31'])
			expect(isDateKey(bad), bad).toBe(false);
	});
});

describe('a day’s hours', () => {
	it('are 24 from local midnight in Dhaka', () => {
		const { slots, end } = hourSlots('2026-03-10', 'Asia/Dhaka');
		expect(slots).toHaveLength(24);
		expect(slots[0]).toEqual({ start: Date.UTC(2026, 2, 9, 18), label: '00:00' });
		expect(slots[23]!.label).toBe('23:00');
		expect(end).toBe(Date.UTC(2026, 2, 10, 18));
	});

	it('are 23 on a spring-forward day and 25 on a fall-back day', () => {
		const spring = hourSlots('2026-03-08', 'America/New_York').slots;
		expect(spring).toHaveLength(23);
		expect(spring.map((s) => s.label)).not.toContain('02:00');
		const fall = hourSlots('2026-11-01', 'America/New_York').slots;
		expect(fall).toHaveLength(25);
		expect(fall.filter((s) => s.label === '01:00')).toHaveLength(2);
		expect(hourSlots('2026-03-29', 'Europe/London').slots).toHaveLength(23);
	});

	it('start on the zone’s own hour in a half-hour zone', () => {
		const { slots } = hourSlots('2026-03-10', 'Asia/Kolkata');
		expect(slots[0]!.start).toBe(Date.UTC(2026, 2, 9, 18, 30));
		expect(slots.map((s) => s.label).every((l) => l.endsWith(':00'))).toBe(true);
	});
});
