import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDevice, signUp, type Account, type RunningServer } from '../helpers/server';
import {
	FakeBrowser,
	postOverload,
	startWithPushService,
	type PushRig
} from '../helpers/push-service';

let rig: PushRig;
let server: RunningServer;

beforeAll(async () => {
	rig = await startWithPushService('push-bangla', { TZ: 'Asia/Dhaka' });
	server = rig.server;
}, 60_000);

afterAll(() => rig?.stop());

const api = (who: Account, path: string, body: unknown) =>
	fetch(server.url + path, {
		method: 'POST',
		headers: { origin: server.url, cookie: who.cookie, 'content-type': 'application/json' },
		body: JSON.stringify(body)
	});

/** An account with its own strip and a phone subscribed to push, in `locale`. */
async function household(name: string, locale: 'en' | 'bn') {
	const who = await signUp(server.url);
	const device = await addDevice(server.dbPath, name, 4, who.email);
	const phone = new FakeBrowser(`${rig.service.url}/push/${locale}-phone`);
	expect((await api(who, '/api/push/subscriptions', phone.toJSON())).status).toBe(201);
	// The language is chosen in Settings, which sends it through the outbox.
	const chosen = await api(who, '/api/outbox', {
		ops: [{ id: `lang-${locale}-0001`, type: 'settings.set', key: 'locale', value: locale }]
	});
	expect(((await chosen.json()) as { results: { status: string }[] }).results).toMatchObject([
		{ status: 'applied' }
	]);
	return { device, phone, path: `/push/${locale}-phone` };
}

const overload = (token: string) => postOverload(server.url, token);

describe('push in the recipient’s language', () => {
	it('an account in Bangla gets its alert in Bangla, one in English in English', async () => {
		const bn = await household('রান্নাঘরের স্ট্রিপ', 'bn');
		const en = await household('Kitchen strip', 'en');
		expect((await overload(bn.device.token)).status).toBe(200);
		expect((await overload(en.device.token)).status).toBe(200);

		const [toBn] = await rig.service.waitFor(bn.path);
		const bangla = bn.phone.decrypt(toBn!);
		expect(bangla.lang).toBe('bn');
		expect(bangla.title).toBe('সতর্কতা: বেশি ব্যবহার');
		expect(bangla.body).toContain('রান্নাঘরের স্ট্রিপ · সকেট ১ — ');
		// Bangla digits, and no Latin word but the watt's symbol.
		expect(bangla.body).toMatch(/৩,৫০০ W/);
		expect(new Set(bangla.body.match(/[A-Za-z]+/g))).toEqual(new Set(['W']));

		const [toEn] = await rig.service.waitFor(en.path);
		const english = en.phone.decrypt(toEn!);
		expect(english.lang).toBe('en');
		expect(english.title).toBe('Warning: High usage');
		expect(english.body).toContain('Kitchen strip · Port 1 — ');
	});
});
