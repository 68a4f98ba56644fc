import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { LocalDb } from '$lib/db/local-db';
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
		expect(await flush(db, s.fetcher)).toEqual({ ok: false, reason: 'offline' });
		s.set('500');
		expect(await flush(db, s.fetcher)).toEqual({ ok: false, reason: 'server' });
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
});
