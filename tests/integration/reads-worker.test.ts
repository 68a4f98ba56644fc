import type { SyncHistory } from '../../server/sync/sync.types';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BD_LT_A_RESIDENTIAL_TARIFF } from '../../server/billing';
import { fillLargestAccount } from '../helpers/largest-account';
import {
	metricValue,
	post,
	signUp,
	startServer,
	type Account,
	type RunningServer
} from '../helpers/server';

/**
 * A large household (more ports than a home's strip or two) has its bill views, suggestions
 * and month prices worked out in the reads worker, a thread with its own read-only SQLite
 * connection. Its answers must be the main thread's to the paisa, and follow a change at once.
 */
let dir: string;
let account: Account;
let server: RunningServer | undefined;

/** Last calendar month in Dhaka (UTC+6): complete, so its figures do not move with the clock. */
const DHAKA = 6 * 3_600_000;
const today = new Date(Date.now() + DHAKA);
const last = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 0));
const month = last.toISOString().slice(0, 7);
const paths = [
	`/api/bills?month=${month}`,
	`/history/__data.json?view=month&unit=money&date=${month}-15`,
	`/export/summary.csv?from=${month}-01&to=${last.toISOString().slice(0, 10)}`
];

/** The sync pull's first page: its history lists, and its bill's month (its projection moves with the clock). */
async function firstPull(s: RunningServer) {
	const res = await fetch(`${s.url}/api/sync`, { headers: { cookie: account.cookie } });
	expect(res.status).toBe(200);
	const body = (await res.json()) as SyncHistory & { cursor: number; bill: { key: string } };
	expect(body.cursor).toBeTypeOf('number');
	const { buckets, daily, monthly, alerts, next, bill } = body;
	return { buckets, daily, monthly, alerts, next, month: bill.key };
}

async function figures(s: RunningServer): Promise<string[]> {
	return Promise.all(
		paths.map(async (path) => {
			const res = await fetch(s.url + path, { headers: { cookie: account.cookie } });
			expect(res.status, path).toBe(200);
			const text = await res.text();
			// A page's data: its own node (the layouts' carry the time they were rendered).
			return path.includes('__data.json') ? JSON.stringify(JSON.parse(text).nodes.at(-1)) : text;
		})
	);
}

/** The nice value of each of a Linux process's threads, by thread id (proc(5): field 19). */
function threadNice(pid: number): Map<number, number> {
	const nice = new Map<number, number>();
	for (const tid of readdirSync(`/proc/${pid}/task`).map(Number)) {
		const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
		// The command name, in parentheses, may hold spaces: fields are counted after it.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		nice.set(tid, Number(fields[16]));
	}
	return nice;
}

const workerAnswers = (s: RunningServer) => metricValue(s.url, 'multiplug_reads_worker_answers');

beforeAll(async () => {
	const first = await startServer();
	dir = first.dir;
	account = await signUp(first.url);
	await first.stop();
	// Twelve ports with seventy days of buckets, rollups and daily meter readings.
	fillLargestAccount(first.dbPath, account.email, Date.now(), { strips: 3, ports: 4, days: 70 });
}, 120_000);
afterAll(() => server?.cleanup());

describe('a large household in the reads worker', () => {
	it('gets the figures the main thread works out, and a new tariff at once', async () => {
		server = await startServer({}, dir);
		const before = await figures(server);
		expect(await workerAnswers(server)).toBeGreaterThan(0);
		// The bills page and the dashboard of the same household, from the worker too.
		for (const path of ['/bills', '/']) {
			const res = await fetch(server.url + path, { headers: { cookie: account.cookie } });
			expect(res.status, path).toBe(200);
		}
		const saved = await post(
			server.url,
			'/api/tariffs',
			null,
			{ ...BD_LT_A_RESIDENTIAL_TARIFF, validFrom: '2024-03-01' },
			{ cookie: account.cookie, origin: server.url }
		);
		expect(saved.status).toBe(201);
		const after = await figures(server);
		// Each figure is priced again under the new tariff.
		after.forEach((text, i) => expect(text, paths[i]).not.toBe(before[i]));
		// The sync's first page: its history and bill joined as the worker wrote them.
		const pulled = await firstPull(server);
		expect(pulled.buckets.length).toBeGreaterThan(0);
		const answered = await workerAnswers(server);
		await server.stop();

		server = await startServer({ READS_WORKER: '0' }, dir);
		expect(await figures(server)).toEqual(after);
		expect(await firstPull(server)).toEqual(pulled);
		expect(await workerAnswers(server)).toBe(0);
		expect(answered).toBeGreaterThan(3);
	});

	it('checkpoints the WAL once it runs, and the main thread then leaves it the turns', async () => {
		server = await startServer({}, dir);
		const checkpoints = async () => ({
			main: await metricValue(server!.url, 'multiplug_wal_checkpoints{thread="main"}'),
			reads: await metricValue(server!.url, 'multiplug_wal_checkpoints{thread="reads"}')
		});
		await expect.poll(async () => (await checkpoints()).main, { timeout: 5000 }).toBeGreaterThan(0);
		// The worker starts for the figures (or earlier, for the alert rules' first look at a
		// household this large): from its first checkpoint on, the main thread does none.
		await figures(server);
		await expect
			.poll(async () => (await checkpoints()).reads, { timeout: 5000 })
			.toBeGreaterThan(0);
		const started = await checkpoints();
		await new Promise((r) => setTimeout(r, 2500));
		const after = await checkpoints();
		expect(after.reads).toBeGreaterThan(started.reads);
		expect(after.main).toBe(started.main);
		await server.stop();
	});

	it('runs at a lower priority than the main thread, which keeps its own', async () => {
		server = await startServer({}, dir);
		const pid = server.proc.pid!;
		expect([...threadNice(pid).values()].filter((n) => n !== 0)).toEqual([]);
		await figures(server);
		expect(await workerAnswers(server)).toBeGreaterThan(0);
		const nice = threadNice(pid);
		expect(nice.get(pid)).toBe(0);
		expect([...nice.values()].filter((n) => n !== 0)).toEqual([10]);
		await server.stop();
	});
});
