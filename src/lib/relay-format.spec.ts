import { describe, expect, it } from 'vitest';
import { formatIn, formatNext } from './relay-format';

const now = Date.parse('2026-11-27T12:00:00Z');

describe('relay formatting', () => {
	it('says a schedule by its wall-clock time in the household zone', () => {
		const at = Date.parse('2026-11-27T17:00:00Z');
		expect(formatNext({ on: false, at, kind: 'schedule' }, now, 'Asia/Dhaka')).toBe('off at 23:00');
	});

	it('says a timer as a countdown', () => {
		expect(formatNext({ on: false, at: now + 2 * 3_600_000, kind: 'timer' }, now, 'UTC')).toBe(
			'off in 2 h'
		);
		expect(formatIn(45 * 60_000)).toBe('in 45 min');
	});
});
