import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, type Account, type RunningServer } from '../helpers/server';
import {
	FakeBrowser,
	startWithPushService,
	type PushRig,
	type PushService
} from '../helpers/push-service';
import { openTestDb } from '../helpers/db';

let rig: PushRig;
let service: PushService;
let server: RunningServer;
// A push service that takes connections and never answers: notices to it stay in flight.
let blackhole: Server;
const held: Socket[] = [];
let blackholeUrl: string;

const api = (who: Account, path: string, init: RequestInit = {}) =>
	fetch(server.url + path, {
		...init,
		headers: { origin: server.url, cookie: who.cookie, 'content-type': 'application/json' }
	});

const subscribe = (who: Account, subscription: unknown) =>
	api(who, '/api/push/subscriptions', { method: 'POST', body: JSON.stringify(subscription) });

beforeAll(async () => {
	blackhole = createServer((s) => void held.push(s));
	await new Promise<void>((r) => blackhole.listen(0, '127.0.0.1', r));
	blackholeUrl = `https://127.0.0.1:${(blackhole.address() as { port: number }).port}`;
	rig = await startWithPushService('push-fair', { PUSH_MAX_SUBSCRIPTIONS: '3' });
	({ service, server } = rig);
}, 60_000);

afterAll(async () => {
	held.forEach((s) => s.destroy());
	blackhole?.close();
	await rig?.stop();
});

describe('push is fair between accounts', () => {
	it('caps the browsers of one account, and lets a known one subscribe again', async () => {
		const a = await signUp(server.url);
		const browsers = [1, 2, 3, 4].map((i) => new FakeBrowser(`${service.url}/push/cap-${i}`));
		for (const b of browsers.slice(0, 3)) expect((await subscribe(a, b.toJSON())).status).toBe(201);
		const fourth = await subscribe(a, browsers[3]!.toJSON());
		expect(fourth.status).toBe(409);
		expect(await fourth.json()).toEqual({
			error: {
				code: 'limit_reached',
				message: expect.stringMatching(/3 browsers/),
				field: 'endpoint'
			}
		});
		expect((await subscribe(a, browsers[0]!.toJSON())).status).toBe(201);
	});

	it('refuses a p256dh key that is not a point on P-256', async () => {
		const a = await signUp(server.url);
		const key = Buffer.alloc(65, 7);
		key[0] = 4; // uncompressed form, right length, but not on the curve
		const res = await subscribe(a, {
			...new FakeBrowser(`${service.url}/push/bad-key`).toJSON(),
			keys: { p256dh: key.toString('base64url'), auth: Buffer.alloc(16, 1).toString('base64url') }
		});
		expect(res.status).toBe(400);
		expect((await res.json()).error.message).toMatch(/keys\.p256dh: must be a P-256 public key/);
	});

	it('delivers another account’s notice while one account floods the queue', async () => {
		// An account with 10,000 browsers from before the cap, at a push service that hangs.
		const flood = await signUp(server.url);
		const key = new FakeBrowser('').toJSON().keys;
		const db = openTestDb(server.dbPath);
		try {
			const userId = db.prepare('SELECT id FROM users WHERE email = ?').pluck().get(flood.email);
			// One statement: on PostgreSQL, 10,000 round trips held this process's event loop
			// for seconds, long enough for the server to close this client's idle keep-alive
			// connections unseen, and the next request on one of them was reset.
			db.prepare(
				`INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth, label, created_at)
				 WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 9999)
				 SELECT ?, ? || CAST(i AS TEXT), ?, ?, 'flood', 0 FROM n`
			).run(userId, `${blackholeUrl}/push/flood-`, key.p256dh, key.auth);
			const count = db.prepare('SELECT count(*) FROM push_subscriptions WHERE user_id = ?');
			expect(Number(count.pluck().get(userId))).toBe(10_000);
		} finally {
			db.close();
		}
		expect((await api(flood, '/api/push/test', { method: 'POST' })).status).toBeLessThan(300);

		const b = await signUp(server.url);
		const phone = new FakeBrowser(`${service.url}/push/fair-phone`);
		expect((await subscribe(b, phone.toJSON())).status).toBe(201);
		expect((await api(b, '/api/push/test', { method: 'POST' })).status).toBeLessThan(300);
		const [notice] = await service.waitFor('/push/fair-phone');
		expect(phone.decrypt(notice!)).toMatchObject({ title: expect.any(String) });
	});
});
