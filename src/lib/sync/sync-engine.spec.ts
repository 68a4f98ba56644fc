import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { SyncHistory, SyncPayload } from '$server/sync/sync.types';
import { allEnergy, energyAt } from '$lib/db/energy-packs';
import { LocalDb } from '$lib/db/local-db';
import { getMeta } from '$lib/db/meta';
import { enqueue } from './outbox';
import { SyncEngine, type Fetcher } from './sync-engine';

let n = 0;
const freshDb = () => new LocalDb(`engine-test-${++n}`);
const NOW = Date.UTC(2026, 10, 27, 8, 0);

function payload(p: Partial<SyncPayload>): SyncPayload {
	return {
		cursor: NOW,
		reset: false,
		serverTime: NOW,
		devices: [{ id: 1, name: 'Desk', portCount: 2, isDemo: false, lastSeenAt: NOW }],
		ports: [
			{
				deviceId: 1,
				port: 1,
				label: 'Fridge',
				ts: NOW,
				voltage: 230,
				current: 0.5,
				power: 110,
				pf: 0.9,
				relay: true
			},
			{
				deviceId: 1,
				port: 2,
				label: null,
				ts: NOW,
				voltage: 230,
				current: 0,
				power: 0,
				pf: null,
				relay: false
			}
		],
		buckets: [],
		daily: [],
		monthly: [],
		alerts: [],
		settings: { timezone: 'Asia/Dhaka', currency: 'BDT' },
		thresholds: [],
		tariffs: { versions: [], isDefault: true },
		bill: null,
		deleted: { devices: [] },
		window: { bucketsMs: 48 * 3_600_000, dailyDays: 400, alertsDays: 90 },
		next: null,
		...p
	};
}

/** A scripted server: answers each pull with the next payload and records the URLs asked. */
function script(...answers: (SyncPayload | SyncHistory | 'offline' | 401)[]) {
	const asked: string[] = [];
	const fetcher: Fetcher = async (url) => {
		asked.push(url);
		const a = answers.shift();
		if (a === 'offline' || a === undefined) throw new TypeError('Failed to fetch');
		if (a === 401) return new Response('{}', { status: 401 });
		return new Response(JSON.stringify(a), { status: 200 });
	};
	return { asked, fetcher };
}

const energy = (key: number | string, energyMj: number, deviceId = 1, port = 1) => ({
	deviceId,
	port,
	key,
	energyMj,
	runtimeMs: 0,
	peakW: null
});

describe('SyncEngine', () => {
	it('pulls without a cursor first, then sends back the cursor it was given', async () => {
		const db = freshDb();
		const { asked, fetcher } = script(
			payload({ reset: true, cursor: 111 }),
			payload({ cursor: 222 })
		);
		const engine = new SyncEngine(db, fetcher);
		expect(await engine.pull()).toEqual({ ok: true, reset: true });
		await engine.pull();
		expect(asked).toEqual(['/api/sync', '/api/sync?since=111']);
		expect(await getMeta(db, 'cursor')).toBe(222);
		expect((await db.ports.get([1, 1]))?.label).toBe('Fridge');
	});

	it('fetches the pages of a pull and applies them once, with the cursor, after the last', async () => {
		const db = freshDb();
		const page = (next: string | null, day: string): SyncHistory => ({
			buckets: [],
			daily: [energy(day, 1)],
			monthly: [],
			alerts: [],
			next
		});
		const { asked, fetcher } = script(
			payload({ reset: true, cursor: 111, daily: [energy('2026-11-25', 1)], next: 'p2' }),
			page('p3', '2026-11-26'),
			page(null, '2026-11-27'),
			payload({ cursor: 222, next: 'q2' }),
			'offline'
		);
		const engine = new SyncEngine(db, fetcher);
		expect(await engine.pull()).toEqual({ ok: true, reset: true });
		expect(asked).toEqual(['/api/sync', '/api/sync?page=p2', '/api/sync?page=p3']);
		expect((await allEnergy(db, 'daily')).map((d) => d.key)).toEqual([
			'2026-11-25',
			'2026-11-26',
			'2026-11-27'
		]);
		expect(await getMeta(db, 'cursor')).toBe(111);
		// A pull whose later page fails applies nothing and keeps the old cursor.
		expect(await engine.pull()).toEqual({ ok: false, reason: 'offline' });
		expect(asked.slice(3)).toEqual(['/api/sync?since=111', '/api/sync?since=111&page=q2']);
		expect(await getMeta(db, 'cursor')).toBe(111);
	});

	it('merges a delta into what it has', async () => {
		const db = freshDb();
		const engine = new SyncEngine(
			db,
			script(
				payload({ reset: true, daily: [energy('2026-11-26', 5), energy('2026-11-27', 7)] }),
				payload({ daily: [energy('2026-11-27', 9)] })
			).fetcher
		);
		await engine.pull();
		await engine.pull();
		expect((await allEnergy(db, 'daily')).map((d) => [d.key, d.energyMj])).toEqual([
			['2026-11-26', 5],
			['2026-11-27', 9]
		]);
	});

	it('removes a device reported by a tombstone, with all its rows', async () => {
		const db = freshDb();
		const two = { id: 2, name: 'Hall', portCount: 1, isDemo: false, lastSeenAt: null };
		const engine = new SyncEngine(
			db,
			script(
				payload({
					reset: true,
					devices: [payload({}).devices[0]!, two],
					daily: [energy('2026-11-27', 1, 2)]
				}),
				payload({ deleted: { devices: [2] } })
			).fetcher
		);
		await engine.pull();
		expect(await db.devices.count()).toBe(2);
		await engine.pull();
		expect(await db.devices.toCollection().primaryKeys()).toEqual([1]);
		expect(await db.dailyPacks.where('deviceId').equals(2).count()).toBe(0);
		expect((await allEnergy(db, 'daily')).filter((d) => d.deviceId === 2)).toEqual([]);
	});

	it('starts over on a full resync, but keeps the pending offline changes', async () => {
		const db = freshDb();
		const engine = new SyncEngine(
			db,
			script(
				payload({ reset: true, daily: [energy('2026-11-20', 3)] }),
				payload({ reset: true, cursor: 999, daily: [energy('2026-11-27', 4)] })
			).fetcher
		);
		await engine.pull();
		await enqueue(db, { type: 'port.label', deviceId: 1, port: 2, label: 'Kettle' });
		await engine.pull();
		expect((await allEnergy(db, 'daily')).map((d) => d.key)).toEqual(['2026-11-27']);
		expect(await db.outbox.count()).toBe(1);
		// The server does not know the new label yet; the phone still shows it.
		expect((await db.ports.get([1, 2]))?.label).toBe('Kettle');
	});

	it('takes thresholds and tariff versions whole, under pending offline changes', async () => {
		const db = freshDb();
		const set = (port: number, peakW: number | null) => ({
			deviceId: 1,
			port,
			highUsageW: null,
			dailyCost: null,
			peakW
		});
		const version = (validFrom: string, rate: number) => ({
			id: `u1-${validFrom}`,
			name: 'Flat',
			validFrom,
			currency: 'BDT',
			energy: { kind: 'flat' as const, rate }
		});
		const engine = new SyncEngine(
			db,
			script(
				payload({
					reset: true,
					thresholds: [set(1, 600), set(2, 700)],
					tariffs: { versions: [version('2026-01-01', 9)], isDefault: false }
				}),
				// Another phone reset port 2's row and added a version.
				payload({
					thresholds: [set(1, 650)],
					tariffs: {
						versions: [version('2026-01-01', 9), version('2026-06-01', 10)],
						isDefault: false
					}
				})
			).fetcher
		);
		await engine.pull();
		await enqueue(db, {
			type: 'thresholds.set',
			deviceId: 1,
			port: 1,
			values: { highUsageW: 1200 }
		});
		await enqueue(db, {
			type: 'tariff.save',
			tariff: {
				id: 'custom',
				name: 'Mine',
				validFrom: '2026-11-01',
				currency: 'BDT',
				energy: { kind: 'flat', rate: 12 }
			}
		});
		await engine.pull();
		expect(await db.thresholds.toArray()).toEqual([
			{ deviceId: 1, port: 1, highUsageW: 1200, dailyCost: null, peakW: 650 }
		]);
		const tariffs = await getMeta<SyncPayload['tariffs']>(db, 'tariffs');
		expect(tariffs?.versions.map((v) => v.validFrom)).toEqual([
			'2026-01-01',
			'2026-06-01',
			'2026-11-01'
		]);
		expect(tariffs?.isDefault).toBe(false);
	});

	it('keeps cached history bounded', async () => {
		const db = freshDb();
		const old = NOW - 49 * 3_600_000;
		await new SyncEngine(
			db,
			script(
				payload({
					reset: true,
					buckets: [energy(old, 1), energy(NOW - 3_600_000, 2)],
					daily: [energy('2024-01-01', 1), energy('2026-11-27', 2)]
				})
			).fetcher
		).pull();
		expect((await allEnergy(db, 'buckets')).map((b) => b.energyMj)).toEqual([2]);
		expect((await allEnergy(db, 'daily')).map((b) => b.key)).toEqual(['2026-11-27']);
	});

	it('reports offline and keeps its cursor when the network is down', async () => {
		const db = freshDb();
		const engine = new SyncEngine(
			db,
			script(payload({ reset: true, cursor: 5 }), 'offline').fetcher
		);
		await engine.pull();
		expect(await engine.pull()).toEqual({ ok: false, reason: 'offline' });
		expect(await getMeta(db, 'cursor')).toBe(5);
	});

	it('writes live socket updates into the same tables', async () => {
		const db = freshDb();
		const engine = new SyncEngine(db, script(payload({ reset: true })).fetcher);
		await engine.pull();
		await engine.applyLive({
			deviceId: 1,
			day: '2026-11-27',
			serverTime: NOW + 1000,
			ports: [
				{
					deviceId: 1,
					port: 1,
					label: 'Fridge',
					ts: NOW + 1000,
					voltage: 231,
					current: 0.6,
					power: 130,
					pf: 0.9,
					relay: true,
					today: { kwh: 0.5, cost: 4, runtimeMin: 30, peakW: 140 },
					month: { kwh: 12, cost: 96 }
				}
			] as never
		});
		expect((await db.ports.get([1, 1]))?.power).toBe(130);
		expect((await energyAt(db, 'daily', '2026-11-27'))[0]?.energyMj).toBe(1_800_000_000);
		expect((await energyAt(db, 'monthly', '2026-11'))[0]?.energyMj).toBe(43_200_000_000);
	});
});
