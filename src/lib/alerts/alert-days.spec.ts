import { describe, expect, it } from 'vitest';
import type { AlertView } from '$server/alerts/alert.types';
import { acknowledged, alertDays } from './alert-days';

const TZ = 'Asia/Dhaka';
// 2026-12-07 10:00 in Dhaka (UTC+6)
const NOW = Date.parse('2026-12-07T04:00:00Z');
const H = 3_600_000;

const alert = (id: number, lastAt: number, acknowledgedAt: number | null = null): AlertView => ({
	id,
	deviceId: 1,
	deviceName: 'Strip',
	port: 1,
	portLabel: 'Iron',
	rule: 'HIGH_USAGE',
	severity: 'WARNING',
	message: '',
	openedAt: lastAt - H,
	lastAt,
	count: 1,
	costPaisa: null,
	costPer: null,
	currency: null,
	updatedAt: lastAt,
	clearedAt: null,
	acknowledgedAt
});

describe('alert cards by day', () => {
	it('groups the unacknowledged by the local day they last happened, newest first', () => {
		const days = alertDays(
			[
				alert(1, NOW - 30 * H), // 2026-12-06 04:00 local
				alert(2, NOW - 2 * H), // today 08:00
				alert(3, NOW - 11 * H), // 2026-12-06 23:00 local
				alert(4, NOW - 1 * H, NOW), // acknowledged: no card
				alert(5, NOW - 60 * H) // 2026-12-04 22:00
			],
			NOW,
			TZ
		);
		expect(days.map((d) => [d.key, d.title.length > 0, d.alerts.map((a) => a.id)])).toEqual([
			['2026-12-07', true, [2]],
			['2026-12-06', true, [3, 1]],
			['2026-12-04', true, [5]]
		]);
		expect(days.slice(0, 2).map((d) => d.title)).toEqual(['Today', 'Yesterday']);
	});

	it('keeps the newest cards when asked for a few', () => {
		const all = [alert(1, NOW - 30 * H), alert(2, NOW - 2 * H), alert(3, NOW - 11 * H)];
		expect(alertDays(all, NOW, TZ, 2).map((d) => d.alerts.map((a) => a.id))).toEqual([[2], [3]]);
		expect(alertDays(all, NOW, TZ, 0)).toEqual([]);
	});

	it('has no cards once everything is acknowledged, and lists those apart', () => {
		const all = [alert(1, NOW - H, NOW), alert(2, NOW - 2 * H, NOW)];
		expect(alertDays(all, NOW, TZ)).toEqual([]);
		expect(acknowledged(all).map((a) => a.id)).toEqual([1, 2]);
	});
});
