import { describe, expect, it } from 'vitest';
import { inQuietHours, quietUntil } from './quiet-hours';

const night = { start: 22 * 60, end: 7 * 60 };
const utc = (iso: string) => Date.parse(iso);

describe('quiet hours', () => {
	it('wraps midnight on the household clock (Asia/Dhaka, UTC+6)', () => {
		expect(inQuietHours(night, utc('2026-11-27T16:30:00Z'), 'Asia/Dhaka')).toBe(true); // 22:30
		expect(inQuietHours(night, utc('2026-11-27T00:59:00Z'), 'Asia/Dhaka')).toBe(true); // 06:59
		expect(inQuietHours(night, utc('2026-11-27T01:00:00Z'), 'Asia/Dhaka')).toBe(false); // 07:00
		expect(inQuietHours(night, utc('2026-11-27T15:59:00Z'), 'Asia/Dhaka')).toBe(false); // 21:59
	});

	it('a window within one day, and none when start equals end or there are no hours', () => {
		const lunch = { start: 12 * 60, end: 13 * 60 };
		expect(inQuietHours(lunch, utc('2026-11-27T06:30:00Z'), 'Asia/Dhaka')).toBe(true);
		expect(inQuietHours(lunch, utc('2026-11-27T07:00:00Z'), 'Asia/Dhaka')).toBe(false);
		expect(inQuietHours({ start: 600, end: 600 }, utc('2026-11-27T04:00:00Z'), 'UTC')).toBe(false);
		expect(quietUntil(null, utc('2026-11-27T04:00:00Z'), 'UTC')).toBeNull();
	});

	it('ends at the next 07:00 local, before or after midnight', () => {
		// 22:30 in Dhaka → 07:00 next morning = 01:00Z
		expect(quietUntil(night, utc('2026-11-27T16:30:00Z'), 'Asia/Dhaka')).toBe(
			utc('2026-11-28T01:00:00Z')
		);
		// 03:00 in Dhaka → 07:00 the same morning
		expect(quietUntil(night, utc('2026-11-27T21:00:00Z'), 'Asia/Dhaka')).toBe(
			utc('2026-11-28T01:00:00Z')
		);
		expect(quietUntil(night, utc('2026-11-27T12:00:00Z'), 'Asia/Dhaka')).toBeNull();
	});

	it('ends at 07:00 on the wall clock across a DST change (Europe/Berlin)', () => {
		// Spring forward 2026-03-29 02:00 → 03:00; 07:00 CEST is 05:00Z
		expect(quietUntil(night, utc('2026-03-28T22:00:00Z'), 'Europe/Berlin')).toBe(
			utc('2026-03-29T05:00:00Z')
		);
		// Fall back 2026-10-25 03:00 → 02:00; 07:00 CET is 06:00Z
		expect(quietUntil(night, utc('2026-10-24T21:00:00Z'), 'Europe/Berlin')).toBe(
			utc('2026-10-25T06:00:00Z')
		);
	});
});
