import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	addDevice,
	ROOT,
	signUp,
	startServer,
	type Account,
	type RunningServer
} from '../helpers/server';
import { withTestDb } from '../helpers/db';

const GOLDEN = join(ROOT, 'tests/golden/export');
const MJ_PER_KWH = 3_600_000_000;
// 20 January 2025, 10:00 in Dhaka (UTC+6).
const T = Date.UTC(2025, 0, 20, 4);

/** Compares with the golden file; UPDATE_GOLDEN=1 writes it instead. */
function golden(name: string, actual: string) {
	const path = join(GOLDEN, name);
	if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) writeFileSync(path, actual);
	expect(actual).toBe(readFileSync(path, 'utf8'));
}

/** The process's resident set now and its high-water mark, in MB. */

const get = (server: RunningServer, account: Account, path: string) =>
	fetch(server.url + path, { headers: { cookie: account.cookie } });

/**
 * Asks GET /health every 100 ms until `work` settles: its result, how many answers came
 * while it was still running, and the slowest (a figure for the log, not a test).
 */

describe('exports of one household', () => {
	let server: RunningServer;
	let account: Account;

	beforeAll(async () => {
		server = await startServer();
		account = await signUp(server.url);
		const { id } = await addDevice(server.dbPath, 'Desk "A", left', 2, account.email);
		const other = await signUp(server.url);
		const { id: otherId } = await addDevice(server.dbPath, 'Not mine', 1, other.email);
		withTestDb(server.dbPath, (db) => {
			const reading = db.prepare(
				`INSERT INTO readings (device_id, port, ts, voltage, current, power, pf, energy_wh, relay, seq, received_at)
				 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
			);
			reading.run(id, 1, T, 230.1, 0.52, 110.4, 0.92, 1234.5, 1, 1, T);
			reading.run(id, 1, T + 10_000, 229.8, 0.5, 105, null, null, null, 2, T + 10_000);
			reading.run(id, 2, T, 231, 0.01, 1.5, 0.3, 12, 0, 1, T);
			reading.run(otherId, 1, T, 230, 1, 230, 1, 1, 1, 1, T);
			const day = db.prepare(
				`INSERT INTO energy_daily (device_id, port, day, energy_mj, runtime_ms, peak_w) VALUES (?, ?, ?, ?, ?, ?)`
			);
			day.run(id, 1, '2025-01-20', 2.5 * MJ_PER_KWH, 95 * 60_000, 1850.5);
			// Energy is whole mJ, as the ledger writes it (0.036 × 3.6e9 is not exact in binary).
			day.run(id, 2, '2025-01-20', Math.round(0.036 * MJ_PER_KWH), 0, 2.1);
			day.run(id, 1, '2025-01-21', 1.25 * MJ_PER_KWH, Math.round(30.5 * 60_000), 1200);
			day.run(id, 1, '2025-01-22', 9 * MJ_PER_KWH, 60 * 60_000, 900); // outside the range
			day.run(otherId, 1, '2025-01-20', 50 * MJ_PER_KWH, 60_000, 5000);
		});
	});
	afterAll(async () => {
		await server.stop();
		server.cleanup();
	});

	it('writes the seed’s daily summary for the chosen days, at the household’s tariff', async () => {
		const res = await get(server, account, '/export/summary.csv?from=2025-01-20&to=2025-01-21');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(res.headers.get('content-disposition')).toBe(
			'attachment; filename="multiplug-summary_2025-01-20_2025-01-21.csv"'
		);
		golden('summary.csv', await res.text());
	});

	it('streams raw readings as CSV, quoted by csv-stringify, with the range in the file name', async () => {
		const res = await get(server, account, '/export/readings.csv?from=2025-01-20&to=2025-01-20');
		expect(res.headers.get('content-disposition')).toBe(
			'attachment; filename="multiplug-readings_2025-01-20_2025-01-20.csv"'
		);
		golden('readings.csv', await res.text());
	});

	it('streams raw readings as JSON', async () => {
		const res = await get(server, account, '/export/readings.json?from=2025-01-20&to=2025-01-20');
		expect(res.headers.get('content-type')).toBe('application/json');
		const text = await res.text();
		expect(JSON.parse(text)).toHaveLength(3);
		golden('readings.json', text);
	});

	it('gives an empty range a header only, and refuses a range the wrong way round', async () => {
		const empty = await get(server, account, '/export/readings.csv?from=2024-01-01&to=2024-01-02');
		expect((await empty.text()).trim().split('\n')).toHaveLength(1);
		const bad = await get(server, account, '/export/summary.csv?from=2025-01-21&to=2025-01-20');
		expect(bad.status).toBe(400);
		expect((await bad.json()).error).toMatchObject({
			field: 'to',
			message: 'must not be before from'
		});
	});
});

/** RFC 4180 cells: quoted cells may hold commas, quotes, CR and LF. */
function csvCells(text: string): string[] {
	const cells: string[] = [];
	const re = /(?:^|,|\n)(?:"((?:[^"]|"")*)"|([^,\n]*))/g;
	for (const m of text.matchAll(re))
		cells.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!);
	return cells;
}

describe('names that a spreadsheet would run', () => {
	const NAMES = [
		'=HYPERLINK("http://evil.example","x")',
		'+1+1',
		'-2+3',
		'@SUM(1)',
		'\tTab',
		'\rCR'
	];
	let server: RunningServer;
	let account: Account;

	beforeAll(async () => {
		server = await startServer();
		account = await signUp(server.url);
		const ids: number[] = [];
		for (const i of NAMES.keys())
			ids.push((await addDevice(server.dbPath, `strip ${i}`, 1, account.email)).id);
		withTestDb(server.dbPath, (db) => {
			// Straight into the table: the forms trim names, older rows may not be trimmed.
			const rename = db.prepare(`UPDATE devices SET name = ? WHERE id = ?`);
			const reading = db.prepare(
				`INSERT INTO readings (device_id, port, ts, voltage, current, power, pf, energy_wh, relay, seq, received_at)
				 VALUES (?, 1, ?, 230, 1, 230, 1, 1, 1, 1, ?)`
			);
			const day = db.prepare(
				`INSERT INTO energy_daily (device_id, port, day, energy_mj, runtime_ms, peak_w) VALUES (?, 1, '2025-01-20', ?, 0, 230)`
			);
			ids.forEach((id, i) => {
				rename.run(NAMES[i], id);
				reading.run(id, T, T);
				day.run(id, MJ_PER_KWH);
			});
		});
	});
	afterAll(async () => {
		await server.stop();
		server.cleanup();
	});

	it('neutralises formula cells in every CSV export', async () => {
		for (const path of [
			'/export/summary.csv?from=2025-01-20&to=2025-01-20',
			'/export/readings.csv?from=2025-01-20&to=2025-01-20'
		]) {
			const res = await get(server, account, path);
			expect(res.status).toBe(200);
			const cells = csvCells(await res.text());
			for (const name of NAMES)
				expect([path, cells]).toEqual([path, expect.arrayContaining([`'${name}`])]);
			expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
		}
	});
});
