import { afterAll, describe, expect, it } from 'vitest';
import { addDevice, post, startServer, type RunningServer } from '../helpers/server';
import { openTestDb } from '../helpers/db';
import { isSqlite } from '../../server/db/connection';

const servers: RunningServer[] = [];
afterAll(() => servers.forEach((s) => s.cleanup()));

describe('a crash during sustained ingestion', () => {
	it('loses no reading that was answered 2xx, and the database stays intact', async () => {
		const first = await startServer();
		servers.push(first);
		const { token } = await addDevice(first.dbPath, 'Crash strip');
		const acked = new Set<number>();
		const t0 = Date.now() - 3_600_000;
		let n = 0;
		let stop = false;
		// The kill waits for the first acknowledgement, not for a throughput: how many
		// readings a loaded machine manages in a window is not what this test is about.
		let firstAck!: () => void;
		const acknowledged = new Promise<void>((r) => (firstAck = r));

		// Four writers keep posting small batches until the process dies under them.
		const writer = async () => {
			while (!stop) {
				const ts = t0 + n++ * 10;
				const body = [
					{
						ts,
						seq: n,
						ports: [1, 2, 3, 4].map((port) => ({ port, voltage: 230, current: 1, power: 230 }))
					}
				];
				try {
					const res = await post(first.url, '/api/v1/readings', token, body);
					if (res.status === 200 && (await res.json()).accepted === 4) {
						acked.add(ts);
						firstAck();
					}
				} catch {
					return; // the server is gone
				}
			}
		};
		const writers = [writer(), writer(), writer(), writer()];
		await acknowledged;
		// Writes are still in flight when the process dies.
		await new Promise((r) => setTimeout(r, 500));
		await first.kill('SIGKILL');
		stop = true;
		await Promise.all(writers);
		expect(acked.size).toBeGreaterThanOrEqual(1);

		// A new process on the same database (SQLite: the same file, its WAL recovered).
		const second = await startServer({}, first.dir);
		servers.push(second);
		const db = openTestDb(second.dbPath, { readonly: true });
		try {
			if (isSqlite(db)) expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
			const stored = new Set(
				(db.prepare('SELECT ts FROM readings WHERE port = 4').all() as { ts: number }[]).map(
					(r) => r.ts
				)
			);
			const lost = [...acked].filter((ts) => !stored.has(ts));
			expect(lost).toEqual([]);
		} finally {
			db.close();
		}
		expect(await second.stop()).toBe(0);
	});
});
