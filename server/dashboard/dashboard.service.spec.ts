import { describe, expect, it } from 'vitest';
import { localMidnight } from '../billing/local-time';
import { FakeClock } from '../clock';
import { householdDb } from '../db/fixtures';
import { createSettingsService } from '../settings/settings.service';
import { billingMonthStart } from '../time/calendar-keys';
import { createDashboardService } from './dashboard.service';

const KWH = 3_600_000_000;

function household(cycleDay: number) {
	const db = householdDb({ userId: 7, deviceId: 1, ports: 1 });
	const day = db.prepare(
		`INSERT INTO energy_daily (device_id, port, day, energy_mj, runtime_ms, peak_w) VALUES (1, 1, ?, ?, 0, NULL)`
	);
	for (const [d, kwh] of [
		['2026-11-14', 7],
		['2026-11-15', 4],
		['2026-11-30', 1],
		['2026-12-01', 2]
	] as const)
		day.run(d, kwh * KWH);
	db.prepare(
		`INSERT INTO energy_monthly (device_id, port, month, energy_mj, runtime_ms, peak_w) VALUES (1, 1, '2026-12', ?, 0, NULL)`
	).run(2 * KWH);
	const clock = new FakeClock(localMidnight(2026, 12, 1, 'Asia/Dhaka') + 9 * 3_600_000);
	const settings = createSettingsService(db, clock);
	settings.setForUser(7, 'billing_cycle_day', cycleDay);
	return createDashboardService(db, settings, clock);
}

describe('the dashboard’s "this month"', () => {
	it('is the calendar month when billing months start on the 1st', () => {
		expect(household(1).get(7).totals.month.kwh).toBeCloseTo(2, 12);
	});

	it('is the billing month, from its cycle day, when they start later', () => {
		expect(household(15).get(7).totals.month.kwh).toBeCloseTo(4 + 1 + 2, 12);
		expect(household(15).devicePorts(1)[0]!.month.kwh).toBeCloseTo(7, 12);
	});

	it('finds the billing month’s first day from the day’s key alone', () => {
		expect(billingMonthStart('2026-12-01', 15)).toBe('2026-11-15');
		expect(billingMonthStart('2026-12-15', 15)).toBe('2026-12-15');
		expect(billingMonthStart('2027-01-03', 5)).toBe('2026-12-05');
		expect(billingMonthStart('2026-12-07', 1)).toBe('2026-12-01');
	});
});

describe('a strip’s offline state on the dashboard', () => {
	function strip() {
		const db = householdDb({ userId: 7, deviceId: 1, ports: 1 });
		const clock = new FakeClock(Date.UTC(2026, 11, 1, 9));
		const dashboard = createDashboardService(db, createSettingsService(db, clock), clock);
		const alert = (opened: number, cleared: number | null) =>
			db
				.prepare(
					`INSERT INTO alerts (device_id, port, rule, severity, message, opened_at, updated_at, cleared_at)
					 VALUES (1, NULL, 'DEVICE_OFFLINE', 'WARNING', 'No data', ?, ?, ?)`
				)
				.run(opened, opened, cleared);
		return { dashboard, alert };
	}

	it('is the moment its "Strip offline" alert opened, while that alert is open', () => {
		const { dashboard, alert } = strip();
		expect(dashboard.get(7).devices[0]!.offlineSince).toBeNull();
		alert(1_000, 2_000);
		expect(dashboard.get(7).devices[0]!.offlineSince).toBeNull();
		alert(5_000, null);
		expect(dashboard.get(7).devices[0]!.offlineSince).toBe(5_000);
	});
});
