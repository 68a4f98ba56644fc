import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import type { SyncEnergy } from '$server/sync/sync.types';
import { allEnergy, energyAt, pruneEnergy, putEnergy } from './energy-packs';
import { LocalDb } from './local-db';

let n = 0;
const row = (key: number | string, energyMj: number, port = 1, deviceId = 1): SyncEnergy => ({
	deviceId,
	port,
	key,
	energyMj,
	runtimeMs: 0,
	peakW: null
});
const DAY = 86_400_000;
const T = Date.UTC(2026, 10, 27);

describe('energy packs', () => {
	it('stores a day of buckets of a port as one record, and reads the rows back in order', async () => {
		const db = new LocalDb(`packs-${++n}`);
		const rows = [1, 2].flatMap((port) =>
			Array.from({ length: 96 }, (_, i) => row(T + (95 - i) * 900_000, i, port))
		);
		await putEnergy(db, 'buckets', rows);
		expect(await db.bucketPacks.count()).toBe(2);
		const back = await allEnergy(db, 'buckets');
		expect(back).toHaveLength(192);
		expect(back.filter((r) => r.port === 1).map((r) => r.key)).toEqual(
			Array.from({ length: 96 }, (_, i) => T + i * 900_000)
		);
	});

	it('merges later rows into the packs: the same key replaces, new keys join', async () => {
		const db = new LocalDb(`packs-${++n}`);
		await putEnergy(db, 'daily', [row('2026-11-26', 5), row('2026-11-27', 7)]);
		await putEnergy(db, 'daily', [row('2026-11-27', 9), row('2026-12-01', 1)]);
		expect((await allEnergy(db, 'daily')).map((r) => [r.key, r.energyMj])).toEqual([
			['2026-11-26', 5],
			['2026-11-27', 9],
			['2026-12-01', 1]
		]);
		expect(await db.dailyPacks.count()).toBe(2);
		expect(await energyAt(db, 'daily', '2026-11-27')).toEqual([row('2026-11-27', 9)]);
		expect(await energyAt(db, 'daily', '2026-11-28')).toEqual([]);
	});

	it('prunes whole packs before the cut-off and the rows before it in the edge pack', async () => {
		const db = new LocalDb(`packs-${++n}`);
		await putEnergy(db, 'buckets', [
			row(T - 2 * DAY, 1),
			row(T + 3_600_000, 2),
			row(T + 7_200_000, 3),
			row(T + 3_600_000, 4, 2)
		]);
		await pruneEnergy(db, 'buckets', T + 7_200_000);
		expect((await allEnergy(db, 'buckets')).map((r) => r.energyMj)).toEqual([3]);
		// Port 2's pack lost its only row: the record goes too.
		expect(await db.bucketPacks.count()).toBe(1);
	});

	it('moves the rows of a version 1 database into packs when the app is updated', async () => {
		const name = `packs-${++n}`;
		const v1 = new Dexie(name);
		v1.version(1).stores({
			devices: 'id',
			ports: '[deviceId+port], deviceId',
			buckets: '[deviceId+port+key], deviceId, key',
			daily: '[deviceId+port+key], deviceId, key',
			monthly: '[deviceId+port+key], deviceId, key',
			alerts: 'id, deviceId, openedAt',
			meta: 'key',
			outbox: '++seq, &id'
		});
		await v1.table('daily').bulkPut([row('2026-11-26', 5), row('2026-11-27', 7, 2)]);
		await v1.table('monthly').bulkPut([row('2026-11', 12)]);
		await v1.table('buckets').bulkPut([row(T, 1)]);
		await v1.table('meta').put({ key: 'cursor', value: 42 });
		v1.close();

		const db = new LocalDb(name);
		expect((await allEnergy(db, 'daily')).map((r) => [r.port, r.key, r.energyMj])).toEqual([
			[1, '2026-11-26', 5],
			[2, '2026-11-27', 7]
		]);
		expect(await energyAt(db, 'monthly', '2026-11')).toEqual([row('2026-11', 12)]);
		expect(await allEnergy(db, 'buckets')).toEqual([row(T, 1)]);
		expect((await db.meta.get('cursor'))?.value).toBe(42);
		expect(db.tables.map((t) => t.name)).not.toContain('daily');
	});
});
