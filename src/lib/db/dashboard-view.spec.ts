import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { putEnergy } from './energy-packs';
import { readDashboard } from './dashboard-view';
import { LocalDb } from './local-db';

let n = 0;
const KWH = 3_600_000_000;

async function household(timezone: string, cycleDay = 1) {
	const db = new LocalDb(`dashboard-view-${++n}`);
	await db.devices.put({ id: 1, name: 'Desk', portCount: 1, isDemo: false, lastSeenAt: null });
	await db.ports.put({
		deviceId: 1,
		port: 1,
		label: 'Kettle',
		ts: null,
		voltage: null,
		current: null,
		power: null,
		pf: null,
		relay: null,
		pricePerKwh: 10
	});
	await db.meta.bulkPut([
		{ key: 'syncedAt', value: 1 },
		{ key: 'settings', value: { timezone, currency: 'BDT', billing_cycle_day: cycleDay } }
	]);
	const day = (key: string, kwh: number) => ({
		deviceId: 1,
		port: 1,
		key,
		energyMj: kwh * KWH,
		runtimeMs: 0,
		peakW: null
	});
	await putEnergy(db, 'daily', [
		day('2026-11-14', 7),
		day('2026-11-15', 4),
		day('2026-11-30', 1),
		day('2026-12-01', 2)
	]);
	await putEnergy(db, 'monthly', [day('2026-11', 30), day('2026-12', 2)]);
	return db;
}

describe('readDashboard', () => {
	it('is null before a first sync', async () => {
		expect(await readDashboard(new LocalDb(`dashboard-view-${++n}`))).toBeNull();
	});

	it("picks today's and this month's energy in the household's zone, ahead of UTC", async () => {
		// 30 November 12:00 UTC is already 1 December in Kiritimati (UTC+14).
		const view = await readDashboard(
			await household('Pacific/Kiritimati'),
			Date.UTC(2026, 10, 30, 12)
		);
		const port = view!.devices[0]!.ports[0]!;
		expect(port.today.kwh).toBe(2);
		expect(port.month.kwh).toBe(2);
		expect(port.today.cost).toBe(20);
	});

	it("and behind it: a new UTC month is still last month's last day in Pago Pago", async () => {
		// 1 December 05:00 UTC is 30 November 18:00 in Pago Pago (UTC−11).
		const view = await readDashboard(
			await household('Pacific/Pago_Pago'),
			Date.UTC(2026, 11, 1, 5)
		);
		const port = view!.devices[0]!.ports[0]!;
		expect(port.today.kwh).toBe(1);
		expect(port.month.kwh).toBe(30);
	});

	it('counts this month from the billing cycle day, as the bill does, when it is not the 1st', async () => {
		// 1 December in Dhaka with months starting on the 15th: 15 November onwards.
		const view = await readDashboard(await household('Asia/Dhaka', 15), Date.UTC(2026, 11, 1, 6));
		const port = view!.devices[0]!.ports[0]!;
		expect(port.month.kwh).toBe(4 + 1 + 2);
		expect(port.today.kwh).toBe(2);
	});
});

describe('a strip’s offline state in the phone’s copy', () => {
	it('follows its open "Strip offline" alert, as the server’s render does', async () => {
		const db = await household('Asia/Dhaka');
		const now = Date.UTC(2026, 11, 1, 9);
		const alert = { deviceId: 1, port: null, rule: 'DEVICE_OFFLINE', severity: 'WARNING' };
		const row = {
			...alert,
			message: 'No data',
			updatedAt: 0,
			acknowledgedAt: null,
			lastAt: 0,
			count: 1,
			costPaisa: null,
			costPer: null,
			currency: null
		};
		await db.alerts.put({ ...row, id: 1, openedAt: 1_000, clearedAt: 2_000 });
		expect((await readDashboard(db, now))!.devices[0]!.offlineSince).toBeNull();
		await db.alerts.put({ ...row, id: 2, openedAt: 5_000, clearedAt: null });
		expect((await readDashboard(db, now))!.devices[0]!.offlineSince).toBe(5_000);
	});
});
