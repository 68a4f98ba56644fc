import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedLargeAccount } from '../helpers/large-account';
import { signUp, startServer, type Account, type RunningServer } from '../helpers/server';

/** What "about a megabyte" means for one page or one page-data answer. */
const BOUND = 1_000_000;

describe('history for the largest account', () => {
	let server: RunningServer;
	let account: Account;

	beforeAll(async () => {
		server = await startServer({ SESSION_RATE_LIMIT: '100000' });
		account = await signUp(server.url);
		// 50 strips (the default cap) of 4 ports: a year of rollups, two days of buckets and
		// the last hour's readings every 10 s.
		seedLargeAccount(server.dbPath, account.email, Date.now(), {
			strips: 50,
			days: 366,
			bucketDays: 2,
			readingMinutes: 60,
			readingStepMs: 10_000
		});
	}, 60_000);

	afterAll(async () => {
		await server?.stop();
		server?.cleanup();
	});

	const views = [
		'view=hour',
		'view=day',
		'view=week',
		'view=month',
		'view=year',
		'view=day&unit=money',
		'view=month&unit=money',
		'view=year&unit=money'
	];

	it.each(views)('answers %s in under a megabyte, page and page data alike', async (q) => {
		for (const path of [`/history?${q}`, `/history/__data.json?${q}`]) {
			const res = await fetch(server.url + path, {
				headers: { cookie: account.cookie, 'accept-encoding': 'identity' }
			});
			expect(res.status, path).toBe(200);
			const body = await res.text();
			// Every strip is there: the answer is small because it is aggregated, not cut.
			expect(body, path).toContain('Ground floor flat 50 strip · Phone charger');
			expect(Buffer.byteLength(body), path).toBeLessThan(BOUND);
		}
	});

	it.each([
		['view=decade', 'view'],
		['view=month&date=2026-02-30', 'date'],
		['view=month&date=yesterday', 'date'],
		['view=day&unit=dollars', 'unit']
	])('refuses %s with a 400 that names %s', async (q, field) => {
		const html = await fetch(`${server.url}/history?${q}`, { headers: { cookie: account.cookie } });
		expect(html.status).toBe(400);
		expect(await html.text()).toContain(`${field}:`);
		// Page data answers in SvelteKit's own protocol: the page's node carries the status.
		const data = await fetch(`${server.url}/history/__data.json?${q}`, {
			headers: { cookie: account.cookie }
		});
		const body = (await data.json()) as {
			nodes: { type: string; status?: number; error?: { message: string } }[];
		};
		const node = body.nodes.at(-1)!;
		expect(node).toMatchObject({ type: 'error', status: 400 });
		expect(node.error!.message).toContain(`${field}:`);
	});
});
