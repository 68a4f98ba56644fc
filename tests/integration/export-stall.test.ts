import Database from 'better-sqlite3';
import { existsSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import {
	addDevice,
	post,
	signUp,
	startServer,
	type Account,
	type RunningServer
} from '../helpers/server';

// Enough CSV (~20 MB) that the sockets' buffers fill long before its end, so a client that
// stops reading leaves the export waiting on it.
const ROWS = 300_000;
const STRIPS = 4;
const STALL_S = 20;
// What the WAL may reach while the export waits: a checkpoint interval of this test's
// ingestion with room to spare. A paused export that pins a snapshot grows it past this.
const WAL_BOUND = 6_000_000;

const walSize = (dbPath: string) =>
	existsSync(`${dbPath}-wal`) ? statSync(`${dbPath}-wal`).size : 0;

/**
 * The server's open descriptors on the WAL file: one per connection. (Not the database file:
 * SQLite keeps a closed connection's descriptor on it while another holds a lock there.)
 */
function connections(pid: number, dbPath: string) {
	let n = 0;
	for (const fd of readdirSync(`/proc/${pid}/fd`)) {
		try {
			if (readlinkSync(`/proc/${pid}/fd/${fd}`) === `${dbPath}-wal`) n++;
		} catch {
			// closed while listed
		}
	}
	return n;
}

describe('an export whose client stops reading', () => {
	let server: RunningServer;
	let account: Account;
	const strips: { token: string }[] = [];
	let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;

	afterAll(async () => {
		await reader?.cancel().catch(() => {});
		await server?.stop();
		server?.cleanup();
	});

	it('pins no snapshot, so ingestion keeps the WAL small, and ends after EXPORT_STALL_S', async () => {
		const first = await startServer();
		account = await signUp(first.url);
		const { id } = await addDevice(first.dbPath, 'Big strip', 4, account.email);
		for (let i = 0; i < STRIPS; i++)
			strips.push(await addDevice(first.dbPath, `Strip ${i}`, 4, account.email));
		await first.stop();
		const start = Date.now() - 20 * 86_400_000;
		const db = new Database(first.dbPath);
		const insert = db.prepare(
			`INSERT INTO readings (device_id, port, ts, voltage, current, power, pf, energy_wh, relay, seq, received_at)
			 VALUES (?, ?, ?, 230.5, 0.43, 99.5, 0.95, ?, 1, ?, ?)`
		);
		db.transaction(() => {
			for (let i = 0; i < ROWS; i++) {
				const ts = start + Math.floor(i / 4) * 5_000;
				insert.run(id, (i % 4) + 1, ts, i / 100, i, ts);
			}
		})();
		db.close(); // the last connection: checkpoints and removes the WAL

		// Without the reads worker: this household is over 8 ports, so an alert rule's tick could
		// start it at any minute, adding its two connections to the count below mid-test and
		// moving the checkpoints to a thread of its own. What is measured here is the export.
		server = await startServer({ EXPORT_STALL_S: String(STALL_S), READS_WORKER: '0' }, first.dir);
		const pid = server.proc.pid!;
		const idleConnections = connections(pid, server.dbPath);
		expect(idleConnections).toBeGreaterThanOrEqual(1); // the probe sees the app's own
		const day = (ms: number) => new Date(ms + 6 * 3_600_000).toISOString().slice(0, 10); // Dhaka
		const res = await fetch(
			`${server.url}/export/readings.csv?from=${day(start)}&to=${day(Date.now())}`,
			{ headers: { cookie: account.cookie } }
		);
		expect(res.status).toBe(200);
		reader = res.body!.getReader();
		let bytes = (await reader.read()).value!.length;
		// The export has a connection of its own while it waits.
		expect(connections(pid, server.dbPath)).toBeGreaterThan(idleConnections);
		const pausedAt = Date.now();

		// Strips post batches of readings while the export waits: bounded in count and time.
		let maxWal = walSize(server.dbPath);
		const t0 = Date.now() - 3_600_000;
		for (let round = 0; round < 80 && Date.now() - pausedAt < 12_000; round++) {
			await Promise.all(
				strips.map(async (s) => {
					const frames = Array.from({ length: 20 }, (_, f) => ({
						ts: t0 + (round * 20 + f) * 1000,
						seq: round * 20 + f,
						ports: [1, 2, 3, 4].map((port) => ({
							port,
							voltage: 230,
							current: 0.5,
							power: 100 + port,
							pf: 0.9,
							energy_wh: round * 20 + f,
							relay: true
						}))
					}));
					const r = await post(server.url, '/api/v1/readings', s.token, frames);
					expect(r.status).toBe(200);
				})
			);
			maxWal = Math.max(maxWal, walSize(server.dbPath));
			await new Promise((r) => setTimeout(r, 100));
		}
		const ingestedFor = Date.now() - pausedAt;
		console.log(
			`paused export: WAL at most ${(maxWal / 1e6).toFixed(1)} MB over ${ingestedFor} ms ` +
				`of ingestion (bound ${(WAL_BOUND / 1e6).toFixed(1)} MB)`
		);
		// The export was still waiting on its client all along (the stall limit is longer).
		expect(ingestedFor).toBeLessThan(STALL_S * 1000);
		expect(maxWal).toBeLessThan(WAL_BOUND);

		// The client never reads again: the server ends the export and lets its connection go.
		await expect
			.poll(() => connections(pid, server.dbPath), {
				timeout: (STALL_S + 10) * 1000,
				interval: 250
			})
			.toBe(idleConnections);
		expect(Date.now() - pausedAt).toBeGreaterThanOrEqual(STALL_S * 1000 - 1000);
		// What the sockets still held arrives, then the response breaks off before its end.
		const rest = (async () => {
			for (let r = await reader!.read(); !r.done; r = await reader!.read()) bytes += r.value.length;
		})();
		await expect(rest).rejects.toThrow();
		expect(bytes).toBeLessThan(ROWS * 60);
		expect(walSize(server.dbPath)).toBeLessThan(WAL_BOUND);
	}, 120_000);
});
