import { describe, expect, it } from 'vitest';
import { nextOccurrence, parseMinute, zonedInstant } from './schedule-time';

const BERLIN = 'Europe/Berlin';
const EVERY_DAY = 127;
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe('zonedInstant', () => {
	it('places a time of day in the zone of the household', () => {
		expect(iso(zonedInstant(2026, 11, 27, 23 * 60, 'Asia/Dhaka'))).toBe('2026-11-27T17:00:00.000Z');
		expect(iso(zonedInstant(2026, 7, 1, 7 * 60, BERLIN))).toBe('2026-07-01T05:00:00.000Z');
	});

	it('moves a time that the spring change skips forward by the gap', () => {
		// 29 March 2026: 02:00 CET becomes 03:00 CEST.
		expect(iso(zonedInstant(2026, 3, 29, 2 * 60 + 30, BERLIN))).toBe('2026-03-29T01:30:00.000Z');
	});

	it('takes the first of a time that the autumn change repeats', () => {
		// 25 October 2026: 03:00 CEST becomes 02:00 CET; 02:30 happens twice.
		expect(iso(zonedInstant(2026, 10, 25, 2 * 60 + 30, BERLIN))).toBe('2026-10-25T00:30:00.000Z');
	});
});

describe('nextOccurrence', () => {
	it('finds tomorrow once today’s time has passed, across midnight', () => {
		const at2330 = Date.parse('2026-11-27T22:30:00Z'); // 23:30 in Berlin
		expect(iso(nextOccurrence({ minuteOfDay: 23 * 60, weekdays: EVERY_DAY }, at2330, BERLIN))).toBe(
			'2026-11-28T22:00:00.000Z'
		);
		expect(iso(nextOccurrence({ minuteOfDay: 30, weekdays: EVERY_DAY }, at2330, BERLIN))).toBe(
			'2026-11-27T23:30:00.000Z'
		);
	});

	it('keeps to the chosen weekdays of the local date', () => {
		// Friday 27 November 2026, 12:00 in Berlin; Mondays only (bit 1).
		const friday = Date.parse('2026-11-27T11:00:00Z');
		expect(iso(nextOccurrence({ minuteOfDay: 7 * 60, weekdays: 1 << 1 }, friday, BERLIN))).toBe(
			'2026-11-30T06:00:00.000Z'
		);
	});

	it('keeps the local time of day across a DST change: the spring day has 23 hours', () => {
		const seven = { minuteOfDay: 7 * 60, weekdays: EVERY_DAY };
		const saturday = nextOccurrence(seven, Date.parse('2026-03-28T00:00:00Z'), BERLIN)!;
		const sunday = nextOccurrence(seven, saturday, BERLIN)!;
		expect(iso(saturday)).toBe('2026-03-28T06:00:00.000Z'); // 07:00 CET
		expect(iso(sunday)).toBe('2026-03-29T05:00:00.000Z'); // 07:00 CEST
		expect(sunday - saturday).toBe(23 * 3_600_000);
	});

	it('has no occurrence without weekdays', () => {
		expect(nextOccurrence({ minuteOfDay: 60, weekdays: 0 }, 0, BERLIN)).toBeNull();
	});
});

describe('parseMinute', () => {
	it('reads HH:MM and refuses anything else', () => {
		expect(parseMinute('23:00')).toBe(1380);
		expect(parseMinute('7:05')).toBe(425);
		expect(parseMinute('24:00')).toBeNull();
		expect(parseMinute('noon')).toBeNull();
	});
});
