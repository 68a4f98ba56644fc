import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { LocalDb } from '$lib/db/local-db';
import { getMeta } from '$lib/db/meta';
import type { SyncTariffs } from '$server/sync/sync.types';
import { enqueue, flush, pendingCount } from './outbox';
import type { Fetcher } from './sync-engine';

let n = 0;
const freshDb = async () => {
	const db = new LocalDb(`outbox-test-${++n}`);
	await db.alerts.bulkPut(
		[1, 2].map((id) => ({
			id,
			deviceId: 1,
			port: 1,
			rule: 'HIGH_USAGE',
			severity: 'WARNING',
			message: 'm',
			openedAt: 1,
			lastAt: 1,
			count: 1,
			costPaisa: null,
			costPer: null,
			currency: null,
			updatedAt: 1,
			clearedAt: null,
			acknowledgedAt: null
		}))
	);
	await db.ports.put({
		deviceId: 1,
		port: 1,
		label: null,
		ts: null,
		voltage: null,
		current: null,
		power: null,
		pf: null,
		relay: null
	});
	return db;
};

/** A server that applies each op id once, like the real one, and can be made to fail. */
function server() {
	const applied: string[] = [];
	const seen = new Set<string>();
	let mode: 'ok' | 'offline' | '500' | 'lose-answer' = 'ok';
	const fetcher: Fetcher = async (_url, init) => {
		if (mode === 'offline') throw new TypeError('Failed to fetch');
		if (mode === '500') return new Response('{}', { status: 500 });
		const { ops } = JSON.parse(String(init!.body)) as { ops: { id: string; type: string }[] };
		const results = ops.map((op) => {
			if (seen.has(op.id)) return { id: op.id, status: 'duplicate' };
			seen.add(op.id);
			applied.push(`${op.type}:${op.id}`);
			return { id: op.id, status: 'applied' };
		});
		if (mode === 'lose-answer') throw new TypeError('connection reset');
		return new Response(JSON.stringify({ results }), { status: 200 });
	};
	return { applied, fetcher, set: (m: typeof mode) => (mode = m) };
}

describe('outbox', () => {
	it('shows an offline change at once and remembers it to send', async () => {
		const db = await freshDb();
		await enqueue(db, { type: 'alert.acknowledge', alertId: 2 }, 500);
		expect((await db.alerts.get(2))?.acknowledgedAt).toBe(500);
		expect((await db.alerts.get(1))?.acknowledgedAt).toBeNull();
		expect(await pendingCount(db)).toBe(1);
	});

	it('replays changes in the order they were made', async () => {
		const db = await freshDb();
		const s = server();
		await enqueue(db, { type: 'port.label', deviceId: 1, port: 1, label: 'A' });
		await enqueue(db, { type: 'alert.acknowledge', alertId: 1 });
		await enqueue(db, { type: 'port.label', deviceId: 1, port: 1, label: 'B' });
		expect(await flush(db, s.fetcher)).toMatchObject({ ok: true, applied: 3 });
		expect(s.applied.map((a) => a.split(':')[0])).toEqual([
			'port.label',
			'alert.acknowledge',
			'port.label'
		]);
		expect(await pendingCount(db)).toBe(0);
	});

	it('keeps everything while offline or on a server error, and retries later', async () => {
		const db = await freshDb();
		const s = server();
		await enqueue(db, { type: 'alert.acknowledgeAll' });
		s.set('offline');
		expect(await flush(db, s.fetcher)).toEqual({ ok: false, reason: 'offline', results: [] });
		s.set('500');
		expect(await flush(db, s.fetcher)).toEqual({ ok: false, reason: 'server', results: [] });
		expect((await db.outbox.toArray())[0]!.attempts).toBe(2);
		s.set('ok');
		expect(await flush(db, s.fetcher)).toMatchObject({ ok: true, applied: 1 });
		expect(await pendingCount(db)).toBe(0);
	});

	it('applies each id once even when the answer is lost and the batch is sent again', async () => {
		const db = await freshDb();
		const s = server();
		await enqueue(db, { type: 'alert.acknowledge', alertId: 1 });
		s.set('lose-answer');
		expect((await flush(db, s.fetcher)).ok).toBe(false);
		s.set('ok');
		expect(await flush(db, s.fetcher)).toMatchObject({ ok: true, applied: 0, duplicates: 1 });
		expect(s.applied).toHaveLength(1);
	});

	it('sends large backlogs in batches', async () => {
		const db = await freshDb();
		const s = server();
		for (let i = 0; i < 25; i++)
			await enqueue(db, { type: 'settings.set', key: 'standby_w', value: i });
		expect(await flush(db, s.fetcher, 10)).toMatchObject({ ok: true, applied: 25 });
	});

	it('changes a threshold at once, keeping the fields it does not name', async () => {
		const db = await freshDb();
		await db.thresholds.put({ deviceId: 1, port: 1, highUsageW: 900, dailyCost: null, peakW: 400 });
		await enqueue(db, { type: 'thresholds.set', deviceId: 1, port: 1, values: { peakW: 650 } });
		await enqueue(db, { type: 'thresholds.set', deviceId: 1, port: 2, values: { dailyCost: 30 } });
		expect(await db.thresholds.toArray()).toEqual([
			{ deviceId: 1, port: 1, highUsageW: 900, dailyCost: null, peakW: 650 },
			{ deviceId: 1, port: 2, highUsageW: null, dailyCost: 30, peakW: null }
		]);
		// What is sent names only the changed field: another phone's change to the others holds.
		expect((await db.outbox.toArray()).map((e) => e.payload)).toEqual([
			{ deviceId: 1, port: 1, values: { peakW: 650 } },
			{ deviceId: 1, port: 2, values: { dailyCost: 30 } }
		]);
	});

	it('shows a saved or removed tariff version at once; the first replaces the seed rate', async () => {
		const db = await freshDb();
		const version = (validFrom: string, rate: number) => ({
			id: 'custom',
			name: `Flat ${rate}`,
			validFrom,
			currency: 'BDT',
			energy: { kind: 'flat' as const, rate }
		});
		await db.meta.put({
			key: 'tariffs',
			value: { versions: [version('2000-01-01', 8)], isDefault: true }
		});
		await enqueue(db, { type: 'tariff.save', tariff: version('2026-11-01', 10) });
		await enqueue(db, { type: 'tariff.save', tariff: version('2026-01-01', 9) });
		await enqueue(db, { type: 'tariff.save', tariff: version('2026-11-01', 11) });
		const shown = async () => (await getMeta<SyncTariffs>(db, 'tariffs'))!;
		expect((await shown()).versions.map((v) => [v.validFrom, v.energy])).toEqual([
			['2026-01-01', { kind: 'flat', rate: 9 }],
			['2026-11-01', { kind: 'flat', rate: 11 }]
		]);
		expect((await shown()).isDefault).toBe(false);
		await enqueue(db, { type: 'tariff.remove', validFrom: '2026-01-01' });
		await enqueue(db, { type: 'tariff.remove', validFrom: '2026-11-01' });
		expect(await shown()).toEqual({ versions: [], isDefault: true });
		expect(await pendingCount(db)).toBe(5);
	});

	it('replays threshold and tariff changes in order with the others, and reports each answer', async () => {
		const db = await freshDb();
		const s = server();
		await enqueue(db, { type: 'thresholds.set', deviceId: 1, port: 1, values: { peakW: 650 } });
		await enqueue(db, { type: 'alert.acknowledge', alertId: 1 });
		await enqueue(db, { type: 'tariff.remove', validFrom: '2026-01-01' });
		const result = await flush(db, s.fetcher);
		expect(s.applied.map((a) => a.split(':')[0])).toEqual([
			'thresholds.set',
			'alert.acknowledge',
			'tariff.remove'
		]);
		expect(result.ok && result.results.map((r) => r.status)).toEqual([
			'applied',
			'applied',
			'applied'
		]);
	});
});
