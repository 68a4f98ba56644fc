import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import {
	addDevice,
	signUp,
	startServer,
	type Account,
	type RunningServer
} from '../helpers/server';
import { withTestDb } from '../helpers/db';

/** The process's resident set now and its high-water mark, in MB. */
function rssMb(pid: number) {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)![1]);
	return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

const get = (server: RunningServer, account: Account, path: string) =>
	fetch(server.url + path, { headers: { cookie: account.cookie } });

/**
 * Asks GET /health every 100 ms until `work` settles: its result, how many answers came
 * while it was still running, and the slowest (a figure for the log, not a test).
 */
async function whileServing<T>(server: RunningServer, work: Promise<T>) {
	let done = false;
	let slowestMs = 0;
	let answeredDuring = 0;
	const polling = (async () => {
		while (!done) {
			const t = performance.now();
			expect((await fetch(`${server.url}/health`)).status).toBe(200);
			if (!done) answeredDuring++;
			slowestMs = Math.max(slowestMs, performance.now() - t);
			await new Promise((r) => setTimeout(r, 100));
		}
	})();
	const result = await work.finally(() => (done = true));
	await polling;
	return { result, slowestMs, answeredDuring };
}

/**
 * The embedded install's memory budget: one process serving a million-row export. Run on
 * SQLite (the install the budget is for); PostgreSQL's figures are in docs/benchmarks.md.
 */
describe('a year of raw readings', () => {
	let server: RunningServer;
	const ROWS = Number(process.env.EXPORT_ROWS ?? 1_000_000);

	afterAll(async () => {
		await server?.stop();
		server?.cleanup();
	});

	it('streams 1,000,000 readings as CSV and as JSON in under 100 MB of RSS, a quarter costing as much as all', async () => {
		// Accounts and the device come from the real server; the readings go straight into
		// the file while it is stopped (posting a million readings would take minutes).
		const first = await startServer();
		const account = await signUp(first.url);
		const { id } = await addDevice(first.dbPath, 'Big strip', 4, account.email);
		await first.stop();
		const start = Date.now() - 29 * 86_400_000;
		withTestDb(first.dbPath, (db) => {
			// Many rows a statement: one round trip per 500 rows on PostgreSQL.
			const BATCH = 500;
			const insert = db.prepare(
				`INSERT INTO readings (device_id, port, ts, voltage, current, power, pf, energy_wh, relay, seq, received_at)
				 VALUES ${Array.from({ length: BATCH }, () => '(?, ?, ?, 230.5, 0.43, 99.5, 0.95, ?, 1, ?, ?)').join(', ')}`
			);
			db.transaction(() => {
				for (let b = 0; b < ROWS; b += BATCH) {
					const values: number[] = [];
					for (let i = b; i < b + BATCH; i++) {
						const ts = start + Math.floor(i / 4) * 10_000;
						values.push(id, (i % 4) + 1, ts, i / 100, i, ts);
					}
					insert.run(...values);
				}
			})();
		});
		// Started as `npm start` starts it. One process serves everything, exports included
		// (no worker, no child), so its VmHWM is the memory that serves them, start-up too.
		server = await startServer({}, first.dir);
		const day = (ms: number) => new Date(ms + 6 * 3_600_000).toISOString().slice(0, 10); // Dhaka
		const exportLines = async (format: 'csv' | 'json', from: string, to: string) => {
			const res = await get(server, account, `/export/readings.${format}?from=${from}&to=${to}`);
			expect(res.status).toBe(200);
			let lines = 0;
			let bytes = 0;
			let last = ''; // the end of the file
			const reader = res.body!.getReader();
			for (let r = await reader.read(); !r.done; r = await reader.read()) {
				bytes += r.value.length;
				for (let i = r.value.indexOf(10); i !== -1; i = r.value.indexOf(10, i + 1)) lines++;
				last = (last + Buffer.from(r.value.subarray(-200)).toString()).slice(-200);
			}
			return { lines, bytes, last };
		};
		const mb = (n: number) => n.toFixed(1);

		const idle = rssMb(server.proc.pid!);
		// The first week is about a quarter of the rows.
		const quarter = await exportLines('csv', day(start), day(start + 6 * 86_400_000));
		const afterQuarter = rssMb(server.proc.pid!);
		const csv = await whileServing(server, exportLines('csv', day(start), day(Date.now())));
		const afterCsv = rssMb(server.proc.pid!);
		const json = await whileServing(server, exportLines('json', day(start), day(Date.now())));
		const afterJson = rssMb(server.proc.pid!);

		expect(quarter.lines).toBeGreaterThan(ROWS / 5);
		expect(csv.result.lines).toBe(ROWS + 1); // the header and a line per reading
		expect(json.result.lines).toBe(ROWS + 2); // "[", a line per reading, "]"
		expect(json.result.last).toMatch(/"relay":true}\n]\n$/);
		console.log(
			`export of ${ROWS} readings (CSV ${mb(csv.result.bytes / 1e6)} MB, JSON ` +
				`${mb(json.result.bytes / 1e6)} MB): server RSS idle ${mb(idle.rss)} MB; peak ` +
				`after ${quarter.lines - 1} rows ${mb(afterQuarter.peak)} MB, after all as CSV ` +
				`${mb(afterCsv.peak)} MB, and as JSON ${mb(afterJson.peak)} MB; slowest /health ` +
				`during the exports ${csv.slowestMs.toFixed(0)} and ${json.slowestMs.toFixed(0)} ms`
		);
		// The process serving a streamed export of a million readings stays under 100 MB of
		// RSS, high-water mark over its whole life.
		expect(afterJson.peak).toBeLessThan(100);
		// Rows never accumulate. Holding the other three quarters (over 60 MB of CSV, and as
		// much again once encoded for the socket) would lift the high-water mark by far more
		// than 50 MB; streaming leaves it within the garbage collector's slack of where a
		// quarter put it.
		expect(afterCsv.peak - afterQuarter.peak).toBeLessThan(50);
		// The export shares the event loop: other requests (and devices) are answered between
		// its chunks, while it still runs, not after its last one. (How fast is a benchmark.)
		expect(csv.answeredDuring).toBeGreaterThan(1);
		expect(json.answeredDuring).toBeGreaterThan(1);
	}, 240_000);
});
