import { createPublicKey, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { costSentence } from '../../server/alerts/alert-text';
import type { AlertView } from '../../server/alerts/alert.types';
import { addDevice, post, signUp, type Account, type RunningServer } from '../helpers/server';
import {
	FakeBrowser,
	postOverload,
	startWithPushService,
	type PushRig,
	type PushService
} from '../helpers/push-service';

let service: PushService;
let server: RunningServer;
let a: Account;
let b: Account;
let device: { id: number; token: string };

const api = (who: Account, path: string, init: RequestInit = {}) =>
	fetch(server.url + path, {
		...init,
		headers: {
			origin: server.url,
			cookie: who.cookie,
			'content-type': 'application/json',
			...(init.headers ?? {})
		}
	});

const subscribe = (who: Account, browser: FakeBrowser) =>
	api(who, '/api/push/subscriptions', {
		method: 'POST',
		body: JSON.stringify(browser.toJSON()),
		headers: { 'user-agent': 'Mozilla/5.0 (Linux; Android 14; Pixel 7) Chrome/131.0 Mobile' }
	});

const subscriptions = async (who: Account) =>
	(await (await api(who, '/api/push/subscriptions')).json()) as {
		publicKey: string;
		subscriptions: {
			id: number;
			endpoint: string;
			label: string;
			lastSuccessAt: number | null;
			lastFailure: string | null;
		}[];
	};

const overload = (port: number, token = device.token) => postOverload(server.url, token, port);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Minutes after local midnight in the household zone, `offset` minutes from now. */
function localMinute(offset: number, tz = 'Asia/Dhaka') {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone: tz,
		hourCycle: 'h23',
		hour: 'numeric',
		minute: 'numeric'
	}).formatToParts(Date.now() + offset * 60_000);
	const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
	return get('hour') * 60 + get('minute');
}

let rig: PushRig;

beforeAll(async () => {
	rig = await startWithPushService('push', { TZ: 'Asia/Dhaka' });
	({ service, server } = rig);
	a = await signUp(server.url);
	b = await signUp(server.url);
	device = await addDevice(server.dbPath, 'Push strip', 4, a.email);
}, 60_000);

afterAll(() => rig?.stop());

describe('web push', () => {
	const phone = () => new FakeBrowser(`${service.url}/push/phone`);
	let phoneBrowser: FakeBrowser;

	it('refuses a subscription that is not one, naming the problem', async () => {
		const bad = await api(a, '/api/push/subscriptions', {
			method: 'POST',
			body: JSON.stringify({ endpoint: 'http://push.example/x', keys: { p256dh: 'abc', auth: '' } })
		});
		expect(bad.status).toBe(400);
		const body = (await bad.json()) as { error: { code: string; message: string } };
		expect(body.error.code).toBe('invalid_subscription');
		expect(body.error.message).toMatch(/endpoint: must be an https URL/);
		expect(body.error.message).toMatch(/keys\.p256dh/);
		expect((await api(a, '/api/push/subscriptions', { method: 'POST', body: 'nope' })).status).toBe(
			400
		);
	});

	it('refuses an endpoint on a host that is not a listed push service, and stores nothing', async () => {
		// Through the API anyone signed in can name any URL: the server must not POST to hosts
		// only it can reach (a router's admin page, a cloud metadata service).
		for (const endpoint of [
			'https://169.254.169.254/latest/meta-data',
			'https://192.168.1.1/admin',
			`https://127.0.0.2:${new URL(service.url).port}/push/x`
		]) {
			const res = await subscribe(a, new FakeBrowser(endpoint));
			expect(res.status, endpoint).toBe(400);
			const body = (await res.json()) as { error: { code: string; message: string } };
			expect(body.error.message).toMatch(
				/^endpoint: must be a push service this server sends to \(127\.0\.0\.1\); PUSH_SERVICE_HOSTS adds others$/
			);
		}
		expect((await subscriptions(a)).subscriptions).toEqual([]);
	});

	it('delivers an alert encrypted for the browser, with TTL, urgency, topic and VAPID', async () => {
		phoneBrowser = phone();
		const res = await subscribe(a, phoneBrowser);
		expect(res.status).toBe(201);
		const { publicKey, subscriptions: subs } = await subscriptions(a);
		expect(subs.map((s) => s.label)).toEqual(['Chrome on Android']);

		expect((await overload(1)).status).toBe(200);
		const [msg] = await service.waitFor('/push/phone');
		const payload = phoneBrowser.decrypt(msg!);
		expect(payload).toMatchObject({
			title: 'Warning: High usage',
			url: `/alerts/${payload.alertId}`,
			tag: `HIGH_USAGE-${device.id}-1`,
			severity: 'WARNING'
		});
		expect(payload.body).toContain('Push strip · Port 1');
		expect(msg!.body.length).toBeLessThan(4096);
		// The same money the phone's copy of the alert shows, to the paisa.
		const synced = (await (await api(a, '/api/sync')).json()) as { alerts: AlertView[] };
		const same = synced.alerts.find((x) => x.id === payload.alertId)!;
		expect(same.costPaisa).toBeGreaterThan(0);
		expect(payload.body).toContain(costSentence(same)!);
		// A WARNING lives 6 hours at the push service (less the moments it waited here).
		expect(Number(msg!.headers.ttl)).toBeGreaterThan(6 * 3600 - 10);
		expect(Number(msg!.headers.ttl)).toBeLessThanOrEqual(6 * 3600);
		expect(msg!.headers.urgency).toBe('normal');
		expect(msg!.headers.topic).toBe(`HIGH_USAGE-${device.id}-1`);
		expect(msg!.headers['content-encoding']).toBe('aes128gcm');

		// VAPID (RFC 8292): signed by the key the app subscribes with, for this push service.
		const auth = String(msg!.headers.authorization);
		const [, jwt, k] = /^vapid t=([^,]+), k=(.+)$/.exec(auth)!;
		expect(k).toBe(publicKey);
		const [h, c, sig] = jwt!.split('.');
		const claims = JSON.parse(Buffer.from(c!, 'base64url').toString());
		expect(claims.aud).toBe(service.url);
		expect(claims.sub).toMatch(/^mailto:/);
		const raw = Buffer.from(publicKey, 'base64url');
		const key = createPublicKey({
			key: {
				kty: 'EC',
				crv: 'P-256',
				x: raw.subarray(1, 33).toString('base64url'),
				y: raw.subarray(33).toString('base64url')
			},
			format: 'jwk'
		});
		expect(
			verify(
				'sha256',
				Buffer.from(`${h}.${c}`),
				{ key, dsaEncoding: 'ieee-p1363' },
				Buffer.from(sig!, 'base64url')
			)
		).toBe(true);

		// The alert the notification names is the user's, open, on that port.
		const alert = await api(a, `/alerts/${payload.alertId}`, { headers: { accept: 'text/html' } });
		expect(alert.status).toBe(200);
		expect((await subscriptions(a)).subscriptions[0]!.lastSuccessAt).not.toBeNull();
	});

	it('one notification per alert: more readings while it holds send nothing more', async () => {
		const before = service.to('/push/phone').length;
		for (let i = 0; i < 3; i++) expect((await overload(1)).status).toBe(200);
		await sleep(1500);
		expect(service.to('/push/phone').length).toBe(before);
	});

	it('retries a 500 with backoff and records the failure, then delivers', async () => {
		// An account with no strip: no alert of its own (the push strip going offline while
		// this runs, say) can take the retry's place on the wire.
		const c = await signUp(server.url);
		const flaky = new FakeBrowser(`${service.url}/push/flaky`);
		service.script.set('/push/flaky', [500]);
		expect((await subscribe(c, flaky)).status).toBe(201);
		expect((await api(c, '/api/push/test', { method: 'POST' })).status).toBe(202);
		const [first, second] = await service.waitFor('/push/flaky', 2);
		// RETRY_BASE_MS is 2 s with ±20 % jitter.
		expect(second!.at - first!.at).toBeGreaterThanOrEqual(1500);
		expect(flaky.decrypt(second!).title).toBe('Smart Multiplug: test notification');
		await sleep(200);
		const row = (await subscriptions(c)).subscriptions.find((s) => s.endpoint === flaky.endpoint)!;
		expect(row.lastFailure).toBe('HTTP 500');
		expect(row.lastSuccessAt).not.toBeNull();
	});

	it('deletes a subscription the push service answers 410 for', async () => {
		const gone = new FakeBrowser(`${service.url}/push/gone`);
		service.script.set('/push/gone', [410]);
		expect((await subscribe(a, gone)).status).toBe(201);
		await api(a, '/api/push/test', { method: 'POST' });
		await service.waitFor('/push/gone');
		for (let i = 0; i < 40; i++) {
			const subs = (await subscriptions(a)).subscriptions;
			if (!subs.some((s) => s.endpoint === gone.endpoint)) break;
			await sleep(100);
		}
		const endpoints = (await subscriptions(a)).subscriptions.map((s) => s.endpoint);
		expect(endpoints).not.toContain(gone.endpoint);
		expect(endpoints).toContain(phoneBrowser.endpoint);
		await sleep(2500);
		expect(service.to('/push/gone')).toHaveLength(1);
	});

	it('quiet hours hold a notification back until they end (or are lifted)', async () => {
		const quiet = { start: localMinute(-60), end: localMinute(60) };
		const prefs = {
			severities: ['CRITICAL', 'WARNING'],
			rules: ['HIGH_USAGE', 'HIGH_COST', 'DEVICE_OFFLINE', 'OVERLOAD'],
			quiet,
			criticalInQuiet: true
		};
		const put = await api(a, '/api/push/preferences', {
			method: 'PUT',
			body: JSON.stringify(prefs)
		});
		expect(put.status).toBe(200);
		expect(await put.json()).toEqual(prefs);

		const before = service.to('/push/phone').length;
		expect((await overload(2)).status).toBe(200);
		await sleep(2500);
		expect(service.to('/push/phone').length).toBe(before);

		// Lifting quiet hours releases what was held, at once.
		await api(a, '/api/push/preferences', {
			method: 'PUT',
			body: JSON.stringify({ ...prefs, quiet: null })
		});
		const all = await service.waitFor('/push/phone', before + 1);
		const released = phoneBrowser.decrypt(all[before]!);
		expect(released.tag).toBe(`HIGH_USAGE-${device.id}-2`);
	});

	it('in quiet hours a critical alert rings at once when allowed, and waits when not', async () => {
		// Two more households in quiet hours, one letting critical alerts through. HIGH_COST
		// is CRITICAL and is checked on the minute, so one tick serves both. 900 W stays under
		// HIGH_USAGE's line; a raised peak limit keeps PEAK_USAGE (a warning) out of it.
		const households = await Promise.all(
			[true, false].map(async (criticalInQuiet, i) => {
				const who = await signUp(server.url);
				const strip = await addDevice(server.dbPath, `Quiet strip ${i}`, 4, who.email);
				const browser = new FakeBrowser(`${service.url}/push/quiet-${i}`);
				expect((await subscribe(who, browser)).status).toBe(201);
				const ops = await api(who, '/api/outbox', {
					method: 'POST',
					body: JSON.stringify({
						ops: [
							{
								id: `op-quiet-${i}-0001`,
								type: 'thresholds.set',
								deviceId: strip.id,
								port: 2,
								values: { dailyCost: 0.01, peakW: 5000 }
							}
						]
					})
				});
				expect((await ops.json()).results[0].status).toBe('applied');
				const prefs = {
					severities: ['CRITICAL', 'WARNING'],
					rules: ['HIGH_USAGE', 'HIGH_COST', 'DEVICE_OFFLINE', 'OVERLOAD'],
					quiet: { start: localMinute(-60), end: localMinute(60) },
					criticalInQuiet
				};
				const put = await api(who, '/api/push/preferences', {
					method: 'PUT',
					body: JSON.stringify(prefs)
				});
				expect(put.status).toBe(200);
				const t0 = Date.now() - 125_000;
				const readings = await post(
					server.url,
					'/api/v1/readings',
					strip.token,
					Array.from({ length: 13 }, (_, k) => ({
						ts: t0 + k * 10_000,
						seq: k,
						ports: [{ port: 2, voltage: 230, current: 900 / 230, power: 900 }]
					}))
				);
				expect(readings.status).toBe(200);
				return { who, strip, browser, prefs, path: `/push/quiet-${i}` };
			})
		);
		const [allowed, held] = households as [
			(typeof households)[number],
			(typeof households)[number]
		];
		const tagOf = (h: typeof allowed) => `HIGH_COST-${h.strip.id}-2`;
		const tags = (h: typeof allowed) => service.to(h.path).map((r) => h.browser.decrypt(r).tag);

		// The next minute's tick raises both; only the household that allows it hears at once.
		const [rang] = await service.waitFor(allowed.path, 1, 75_000);
		const critical = allowed.browser.decrypt(rang!);
		expect(critical.tag).toBe(tagOf(allowed));
		expect(critical.title).toMatch(/^Critical: /);
		// The other household's alert is open as well, and waits.
		const open = async () => {
			const res = await fetch(`${server.url}/api/sync`, { headers: { cookie: held.who.cookie } });
			const body = (await res.json()) as { alerts: { rule: string; clearedAt: number | null }[] };
			return body.alerts.some((x) => x.rule === 'HIGH_COST' && x.clearedAt === null);
		};
		for (let i = 0; i < 50 && !(await open()); i++) await sleep(100);
		expect(await open()).toBe(true);
		await sleep(1500);
		expect(tags(held)).not.toContain(tagOf(held));

		// Lifting its quiet hours releases it.
		await api(held.who, '/api/push/preferences', {
			method: 'PUT',
			body: JSON.stringify({ ...held.prefs, quiet: null })
		});
		for (let i = 0; i < 100 && !tags(held).includes(tagOf(held)); i++) await sleep(100);
		expect(tags(held)).toContain(tagOf(held));
	}, 120_000);

	it('rules a user turned off do not notify; bad preferences get a 400', async () => {
		const bad = await api(a, '/api/push/preferences', {
			method: 'PUT',
			body: JSON.stringify({ severities: ['LOUD'], rules: [], quiet: null, criticalInQuiet: true })
		});
		expect(bad.status).toBe(400);
		expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(
			/severities/
		);
		await api(a, '/api/push/preferences', {
			method: 'PUT',
			body: JSON.stringify({
				severities: ['CRITICAL', 'WARNING'],
				rules: ['DEVICE_OFFLINE'],
				quiet: null,
				criticalInQuiet: true
			})
		});
		const before = service.to('/push/phone').length;
		expect((await overload(3)).status).toBe(200);
		await sleep(1500);
		expect(service.to('/push/phone').length).toBe(before);
	});

	it('another account’s alerts never reach this user’s browsers, nor the reverse', async () => {
		const theirs = new FakeBrowser(`${service.url}/push/b`);
		expect((await subscribe(b, theirs)).status).toBe(201);
		// B cannot see or remove A's subscriptions.
		expect((await subscriptions(b)).subscriptions.map((s) => s.endpoint)).toEqual([
			theirs.endpoint
		]);
		const aId = (await subscriptions(a)).subscriptions[0]!.id;
		expect((await api(b, `/api/push/subscriptions/${aId}`, { method: 'DELETE' })).status).toBe(404);

		await api(a, '/api/push/preferences', {
			method: 'PUT',
			body: JSON.stringify({
				severities: ['CRITICAL', 'WARNING'],
				rules: ['HIGH_USAGE'],
				quiet: null,
				criticalInQuiet: true
			})
		});
		const before = service.to('/push/phone').length;
		expect((await overload(4)).status).toBe(200);
		await service.waitFor('/push/phone', before + 1);
		await sleep(500);
		expect(service.to('/push/b')).toHaveLength(0);

		const bDevice = await addDevice(server.dbPath, 'B strip', 4, b.email);
		expect((await overload(1, bDevice.token)).status).toBe(200);
		const [mine] = await service.waitFor('/push/b');
		expect(theirs.decrypt(mine!).body).toContain('B strip');
		expect(service.to('/push/phone').length).toBe(before + 1);
	});

	it('a browser taken over by another account stops getting the first one’s alerts', async () => {
		// Same browser (same endpoint), now subscribed while B is signed in.
		expect((await subscribe(b, phoneBrowser)).status).toBe(201);
		expect((await subscriptions(a)).subscriptions.map((s) => s.endpoint)).not.toContain(
			phoneBrowser.endpoint
		);
	});
});
