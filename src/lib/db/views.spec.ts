import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { readDevices, readPortLabels } from './devices-view';
import { putEnergy } from './energy-packs';
import { readEnergyBars } from './history-view';
import { LocalDb } from './local-db';
import { readTariffs } from './tariffs-view';
import { readThresholds } from './thresholds-view';

let n = 0;
const KWH = 3_600_000_000;
const SYNCED = Date.UTC(2026, 10, 27, 8);

/** Two strips, the demo one listed first by id but shown last, as the server orders them. */
async function household() {
	const db = new LocalDb(`views-${++n}`);
	await db.devices.bulkPut([
		{ id: 1, name: 'Demo', portCount: 1, isDemo: true, lastSeenAt: null },
		{ id: 2, name: 'Desk', portCount: 2, isDemo: false, lastSeenAt: SYNCED }
	]);
	const port = (deviceId: number, p: number, label: string | null) => ({
		deviceId,
		port: p,
		label,
		ts: null,
		voltage: null,
		current: null,
		power: null,
		pf: null,
		relay: null
	});
	await db.ports.bulkPut([port(2, 2, null), port(2, 1, 'Kettle'), port(1, 1, 'Fridge')]);
	await db.meta.bulkPut([
		{ key: 'syncedAt', value: SYNCED },
		{ key: 'settings', value: { currency: 'USD', locale: 'bn', billing_cycle_day: 5 } }
	]);
	return db;
}

const energy = (deviceId: number, port: number, key: string, kwh: number) => ({
	deviceId,
	port,
	key,
	energyMj: kwh * KWH,
	runtimeMs: 0,
	peakW: null
});

describe('local views', () => {
	it('are null before a first sync, so pages keep the server’s render', async () => {
		const db = new LocalDb(`views-${++n}`);
		expect(await readDevices(db)).toBeNull();
		expect(await readThresholds(db)).toBeNull();
		expect(await readTariffs(db)).toBeNull();
		expect(await readPortLabels(db, 1)).toBeNull();
		expect(await readEnergyBars(db, 'daily', ['2026-11-01'])).toBeNull();
	});

	it('list strips and thresholds in the server’s order, defaults as null', async () => {
		const db = await household();
		expect((await readDevices(db))!.map((d) => d.name)).toEqual(['Desk', 'Demo']);
		expect(await readPortLabels(db, 2)).toEqual([
			{ port: 1, label: 'Kettle' },
			{ port: 2, label: null }
		]);
		await db.thresholds.put({ deviceId: 2, port: 2, highUsageW: null, dailyCost: 40, peakW: null });
		expect(await readThresholds(db)).toEqual({
			currency: 'USD',
			ports: [
				{
					deviceId: 2,
					port: 1,
					name: 'Desk · Kettle',
					highUsageW: null,
					dailyCost: null,
					peakW: null
				},
				{
					deviceId: 2,
					port: 2,
					name: 'Desk · Port 2',
					highUsageW: null,
					dailyCost: 40,
					peakW: null
				},
				{
					deviceId: 1,
					port: 1,
					name: 'Demo · Fridge',
					highUsageW: null,
					dailyCost: null,
					peakW: null
				}
			]
		});
	});

	it('read tariff versions with the billing settings once a sync carried them', async () => {
		const db = await household();
		expect(await readTariffs(db)).toBeNull();
		const version = {
			id: 'u1-2026-01-01',
			name: 'Flat',
			validFrom: '2026-01-01',
			currency: 'USD',
			energy: { kind: 'flat' as const, rate: 0.2 }
		};
		await db.meta.put({ key: 'tariffs', value: { versions: [version], isDefault: false } });
		expect(await readTariffs(db)).toEqual({
			versions: [version],
			isDefault: false,
			household: {
				currency: 'USD',
				locale: 'bn',
				cycleDay: 5,
				rebatePercent: 0.5,
				lowBalanceDays: 3
			}
		});
	});

	it('draw a month’s and a year’s energy bars from the packs, 0 where a port has no row', async () => {
		const db = await household();
		await putEnergy(db, 'daily', [
			energy(2, 1, '2026-11-02', 1.5),
			energy(1, 1, '2026-11-01', 0.25),
			energy(2, 1, '2026-10-31', 9)
		]);
		await putEnergy(db, 'monthly', [energy(2, 2, '2026-11', 30), energy(2, 2, '2025-12', 7)]);
		const days = ['2026-11-01', '2026-11-02', '2026-11-03'];
		expect(await readEnergyBars(db, 'daily', days)).toEqual({
			ports: [
				{ key: '2:1', name: 'Desk · Kettle' },
				{ key: '2:2', name: 'Desk · Port 2' },
				{ key: '1:1', name: 'Demo · Fridge' }
			],
			x: [0, 1, 2],
			labels: days,
			values: [
				[0, 1.5, 0],
				[0, 0, 0],
				[0.25, 0, 0]
			],
			unit: 'kWh'
		});
		const months = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);
		const year = await readEnergyBars(db, 'monthly', months);
		expect(year!.values[1]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 30, 0]);
	});

	it('draw a week that straddles two months from both months’ packs', async () => {
		const db = await household();
		await putEnergy(db, 'daily', [
			energy(2, 1, '2026-10-31', 9),
			energy(2, 1, '2026-11-01', 2),
			energy(2, 1, '2026-11-02', 1.5)
		]);
		const week = ['2026-10-26', '2026-10-27', '2026-10-28', '2026-10-29', '2026-10-30'];
		week.push('2026-10-31', '2026-11-01');
		expect((await readEnergyBars(db, 'daily', week))!.values[0]).toEqual([0, 0, 0, 0, 0, 9, 2]);
		const next = ['2026-11-02', '2026-11-03'];
		expect((await readEnergyBars(db, 'daily', next))!.values[0]).toEqual([1.5, 0]);
	});

	it('leave months older than the phone keeps to the server', async () => {
		const db = await household();
		// The phone keeps about 400 days of days (from 23 October 2025 here): October 2025 begins before.
		expect(await readEnergyBars(db, 'daily', ['2025-10-01', '2025-10-02'])).toBeNull();
		expect(await readEnergyBars(db, 'daily', ['2026-01-01'])).not.toBeNull();
	});
});
