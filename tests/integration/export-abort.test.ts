import Database from 'better-sqlite3';
import { readdirSync, readlinkSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { addDevice, signUp, startServer, type RunningServer } from '../helpers/server';

// Enough CSV (~30 MB) that the export is still reading when the client goes away.
const ROWS = 400_000;

/** The server's open descriptors on the WAL file: one per database connection. */
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

/** The export figures of the server's /metrics (a loopback caller needs no token). */
async function exportMetrics(url: string) {
	const text = await (await fetch(`${url}/metrics`)).text();
	const value = (name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1]);
	return {
		open: value('multiplug_exports_open'),
		rowsRead: value('multiplug_export_rows_read_total')
	};
}

describe('an export whose client goes away mid-stream', () => {
	let server: RunningServer;
	afterAll(() => server?.cleanup());

	it('stops reading: the export closes its connection and reads no more rows', async () => {
		const first = await startServer();
		const account = await signUp(first.url);
		const { id } = await addDevice(first.dbPath, 'Big strip', 4, account.email);
		await first.stop();
		const start = Date.now() - 20 * 86_400_000;
		const db = new Database(first.dbPath);
		const insert = db.prepare(
			`INSERT INTO readings (device_id, port, ts, voltage, current, power, pf, energy_wh, relay, seq, received_at)
			 VALUES (?, ?, ?, 230.5, 0.43, 99.5, 0.95, ?, 1, ?, ?)`
		);
		db.transaction(() => {
			for (let i = 0; i < ROWS; i++) {
				const ts = start + Math.floor(i / 4) * 3_000;
				insert.run(id, (i % 4) + 1, ts, i / 100, i, ts);
			}
		})();
		db.close();

		server = await startServer({}, first.dir);
		const pid = server.proc.pid!;
		const idle = connections(pid, server.dbPath);
		expect(await exportMetrics(server.url)).toEqual({ open: 0, rowsRead: 0 });

		const day = (ms: number) => new Date(ms + 6 * 3_600_000).toISOString().slice(0, 10);
		const abort = new AbortController();
		const res = await fetch(
			`${server.url}/export/readings.csv?from=${day(start)}&to=${day(Date.now())}`,
			{ headers: { cookie: account.cookie }, signal: abort.signal }
		);
		expect(res.status).toBe(200);
		const reader = res.body!.getReader();
		let bytes = 0;
		while (bytes < 2_000_000) bytes += (await reader.read()).value!.length;
		const during = await exportMetrics(server.url);
		expect(during.open).toBe(1);
		expect(during.rowsRead).toBeGreaterThan(0);
		expect(connections(pid, server.dbPath)).toBeGreaterThan(idle);

		abort.abort();
		await reader.cancel().catch(() => {});

		// The server notices the closed socket, cancels the stream and closes its connection.
		await expect
			.poll(() => exportMetrics(server.url), { timeout: 10_000 })
			.toMatchObject({ open: 0 });
		await expect.poll(() => connections(pid, server.dbPath), { timeout: 10_000 }).toBe(idle);
		const stopped = (await exportMetrics(server.url)).rowsRead;
		await new Promise((r) => setTimeout(r, 1500));
		expect((await exportMetrics(server.url)).rowsRead).toBe(stopped);
		// It stopped well short of the end: the rest of the range was never read.
		expect(stopped).toBeLessThan(ROWS);
		console.log(
			`aborted after ${bytes} bytes received; the server read ${stopped} of ${ROWS} rows`
		);
	}, 120_000);
});
