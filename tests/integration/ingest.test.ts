import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDevice, post, startServer, type RunningServer } from '../helpers/server';
import { openTestDb } from '../helpers/db';

let server: RunningServer;
let token: string;
let deviceId: number;

beforeAll(async () => {
	server = await startServer();
	({ token, id: deviceId } = await addDevice(server.dbPath, 'Ingest strip'));
});
afterAll(() => server.cleanup());

function query<T>(sql: string, ...args: unknown[]): T[] {
	const db = openTestDb(server.dbPath, { readonly: true });
	try {
		return db.prepare(sql).all(...args) as T[];
	} finally {
		db.close();
	}
}

const minute = 60_000;

describe('readings over HTTP', () => {
	it('turns a batch into energy, runtime and peak per port', async () => {
		const t0 = Math.floor((Date.now() - 3_600_000) / 900_000) * 900_000; // a bucket start
		// Port 1: 200 W for 10 minutes; port 2: 2 W standby (below the 5 W runtime threshold).
		const frames = Array.from({ length: 11 }, (_, i) => ({
			ts: t0 + i * minute,
			seq: i,
			ports: [
				{ port: 1, voltage: 230, current: 0.87, power: 200, pf: 1 },
				{ port: 2, voltage: 230, current: 0.01, power: 2 }
			]
		}));
		const res = await post(server.url, '/api/v1/readings', token, frames);
		expect(res.status).toBe(200);
		const body = await res.json();
		expect(body).toMatchObject({ accepted: 22, duplicates: [], rejected: [], commands: [] });
		expect(typeof body.server_time).toBe('number');

		const buckets = query<{
			port: number;
			energy_mj: number;
			runtime_ms: number;
			peak_w: number;
			samples: number;
		}>(
			`SELECT port, energy_mj, runtime_ms, peak_w, samples FROM energy_buckets WHERE device_id = ? ORDER BY port`,
			deviceId
		);
		expect(buckets).toEqual([
			{ port: 1, energy_mj: 200 * 10 * minute, runtime_ms: 10 * minute, peak_w: 200, samples: 11 },
			{ port: 2, energy_mj: 2 * 10 * minute, runtime_ms: 0, peak_w: 2, samples: 11 }
		]);
	});

	it('answers a resent batch with its duplicates and stores nothing twice', async () => {
		const ts = Date.now() - 30 * minute;
		const frame = {
			ts,
			seq: 1,
			ports: [{ port: 3, voltage: 231, current: 0.1, power: 20, energy_wh: 10 }]
		};
		expect((await (await post(server.url, '/api/v1/readings', token, frame)).json()).accepted).toBe(
			1
		);
		const again = await (await post(server.url, '/api/v1/readings', token, [frame])).json();
		expect(again).toMatchObject({ accepted: 0, duplicates: [{ frame: 0, port: 3, ts }] });
		expect(
			query(`SELECT ts FROM readings WHERE device_id = ? AND port = 3`, deviceId)
		).toHaveLength(1);
	});

	it('stores the good frames of a batch and rejects the bad one alone, with its reason', async () => {
		const ts = Date.now() - 20 * minute;
		const res = await post(server.url, '/api/v1/readings', token, [
			{ ts, seq: 7, ports: [{ port: 4, voltage: 230, current: 1, power: 230 }] },
			{ ts: ts + 1000, seq: 8, ports: [{ port: 4, voltage: 999, current: 1, power: 230 }] },
			{ ts: ts + 2000, seq: 9, ports: [{ port: 4, voltage: 230, current: 1, power: 230 }] }
		]);
		expect(res.status).toBe(200);
		expect(await res.json()).toMatchObject({
			accepted: 2,
			rejected: [
				{ frame: 1, seq: 8, field: 'ports[0].voltage', reason: 'must be between 0 and 300' }
			]
		});
		expect(
			query(`SELECT ts FROM readings WHERE device_id = ? AND port = 4 ORDER BY ts`, deviceId)
		).toEqual([{ ts }, { ts: ts + 2000 }]);
	});

	it('accepts the seed payload and stamps it with the server clock', async () => {
		const before = Date.now();
		const res = await post(server.url, '/api/data', token, {
			port: 2,
			voltage: 229.5,
			current: 0.4,
			power: 88
		});
		expect(res.status).toBe(200);
		expect(await res.json()).toMatchObject({ success: true, accepted: 1, duplicate: false });
		const [row] = query<{ ts: number; power: number }>(
			`SELECT ts, power FROM readings WHERE device_id = ? AND port = 2 ORDER BY ts DESC LIMIT 1`,
			deviceId
		);
		expect(row!.power).toBe(88);
		expect(row!.ts).toBeGreaterThanOrEqual(before);
	});

	it('keeps a replayed hour out of order to exactly the in-order totals', async () => {
		const other = await addDevice(server.dbPath, 'Replay strip', 1);
		const inOrder = await addDevice(server.dbPath, 'In-order strip', 1);
		const t0 = Date.now() - 2 * 3_600_000;
		const frames = Array.from({ length: 360 }, (_, i) => ({
			ts: t0 + i * 10_000,
			seq: i,
			ports: [
				{
					port: 1,
					voltage: 230,
					current: 1,
					power: 100 + ((i * 37) % 400),
					energy_wh: Math.floor(i * 0.3)
				}
			]
		}));
		for (let i = 0; i < frames.length; i += 60) {
			await post(server.url, '/api/v1/readings', inOrder.token, frames.slice(i, i + 60));
		}
		const shuffled = [...frames].sort((a, b) => ((a.seq * 7919) % 360) - ((b.seq * 7919) % 360));
		for (let i = 0; i < shuffled.length; i += 47) {
			await post(server.url, '/api/v1/readings', other.token, shuffled.slice(i, i + 47));
		}
		const totals = (id: number) =>
			query(
				`SELECT start, energy_mj, runtime_ms, peak_w, samples FROM energy_buckets WHERE device_id = ? ORDER BY start`,
				id
			);
		expect(totals(other.id)).toEqual(totals(inOrder.id));
		expect(totals(other.id).length).toBeGreaterThan(3);
	});

	it('reports health and Prometheus metrics', async () => {
		const health = await (await fetch(`${server.url}/health`)).json();
		expect(health).toMatchObject({ status: 'ok', database: 'ok' });
		const metrics = await (await fetch(`${server.url}/metrics`)).text();
		expect(metrics).toMatch(/multiplug_readings_accepted_total \d+/);
		expect(metrics).toMatch(/multiplug_ingest_duration_seconds_bucket/);
		expect(metrics).toMatch(/multiplug_connected_sockets \d+/);
		expect(metrics).toMatch(/multiplug_database_bytes [1-9]/);
		expect(metrics).toMatch(/multiplug_process_process_resident_memory_bytes [1-9]/);
		// Observing every GC costs memory per collection (server/metrics/metrics.ts).
		expect(metrics).not.toMatch(/gc_duration_seconds/);
	});
});
