import { afterAll, describe, expect, it } from 'vitest';
import { addDevice, post, signUp, startServer, type RunningServer } from '../helpers/server';
import { openTestDb } from '../helpers/db';

const servers: RunningServer[] = [];
afterAll(() => servers.forEach((s) => s.cleanup()));

const deleteAccount = (url: string, cookie: string, password: string) =>
	fetch(`${url}/settings?/delete`, {
		method: 'POST',
		headers: {
			origin: url,
			accept: 'text/html',
			cookie,
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams({ password }),
		redirect: 'manual'
	});

/** A frame with port 1's cumulative counter. */
const frame = (ts: number, energyWh: number) => [
	{ ts, seq: ts, ports: [{ port: 1, voltage: 230, current: 1, power: 230, energy_wh: energyWh }] }
];

function energyMj(dbPath: string, deviceId: number): number {
	const db = openTestDb(dbPath, { readonly: true });
	try {
		return db
			.prepare('SELECT coalesce(sum(energy_mj), 0) FROM energy_buckets WHERE device_id = ?')
			.pluck()
			.get(deviceId) as number;
	} finally {
		db.close();
	}
}

describe('a deleted account leaves nothing behind', () => {
	it("gives the next strip a new id and none of the old strip's energy, also after a restart", async () => {
		const server = await startServer();
		servers.push(server);
		const t0 = Date.now() - 120_000;
		const a = await signUp(server.url);
		const old = await addDevice(server.dbPath, 'Old strip', 1, a.email);
		for (const [i, wh] of [10, 20].entries())
			expect(
				(await post(server.url, '/api/v1/readings', old.token, frame(t0 + i * 10_000, wh))).status
			).toBe(200);
		expect(energyMj(server.dbPath, old.id)).toBeGreaterThan(0);
		expect((await deleteAccount(server.url, a.cookie, a.password)).status).toBe(303);

		const b = await signUp(server.url);
		const fresh = await addDevice(server.dbPath, 'New strip', 1, b.email);
		expect(fresh.id).not.toBe(old.id);
		// A new strip's first counter value is its baseline: nothing to count yet.
		expect(
			(await post(server.url, '/api/v1/readings', fresh.token, frame(t0 + 20_000, 21))).status
		).toBe(200);
		expect(energyMj(server.dbPath, fresh.id)).toBe(0);

		// Removing a strip frees its id for good, across a restart too.
		expect(
			(
				await fetch(`${server.url}/devices/${fresh.id}?/remove`, {
					method: 'POST',
					headers: {
						origin: server.url,
						accept: 'text/html',
						cookie: b.cookie,
						'content-type': 'application/x-www-form-urlencoded'
					},
					body: new URLSearchParams({ confirm: 'New strip' }),
					redirect: 'manual'
				})
			).status
		).toBe(303);
		expect(await server.stop()).toBe(0);
		const again = await startServer({}, server.dir);
		servers.push(again);
		const third = await addDevice(again.dbPath, 'Third strip', 1, b.email);
		expect(third.id).toBeGreaterThan(fresh.id);
	});
});

describe('one clean-up however a strip goes', () => {
	const form = (url: string, path: string, cookie: string, fields: Record<string, string>) =>
		fetch(url + path, {
			method: 'POST',
			headers: {
				origin: url,
				accept: 'text/html',
				cookie,
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: new URLSearchParams(fields),
			redirect: 'manual'
		});

	async function waitingPolls(url: string): Promise<number> {
		const text = await (await fetch(`${url}/metrics`)).text();
		return Number(/^multiplug_waiting_long_polls (\d+)/m.exec(text)![1]);
	}

	/** Starts a 30-second long-poll and waits until the server holds it. */
	async function longPoll(url: string, token: string) {
		const answer = fetch(`${url}/api/v1/commands?wait=30`, {
			headers: { authorization: `Bearer ${token}` }
		});
		while ((await waitingPolls(url)) === 0) await new Promise((r) => setTimeout(r, 20));
		return { answer };
	}

	it.each([
		[
			'removing the strip',
			(url: string, a: { cookie: string; password: string }, id: number) =>
				form(url, `/devices/${id}?/remove`, a.cookie, { confirm: 'Polling strip' })
		],
		[
			'deleting the account',
			(url: string, a: { cookie: string; password: string }) =>
				form(url, '/settings?/delete', a.cookie, { password: a.password })
		]
	])(
		'ends the strip’s waiting long-poll when %s',
		async (_, remove) => {
			const server = await startServer();
			servers.push(server);
			const a = await signUp(server.url);
			const strip = await addDevice(server.dbPath, 'Polling strip', 1, a.email);
			const { answer: poll } = await longPoll(server.url, strip.token);
			expect((await remove(server.url, a, strip.id)).status).toBe(303);
			// Answered at once with nothing, well before its 30 seconds are up.
			const res = await poll;
			expect(res.status).toBe(200);
			expect((await res.json()).commands).toEqual([]);
			expect(await waitingPolls(server.url)).toBe(0);
		},
		20_000
	);
});
