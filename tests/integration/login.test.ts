import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;

// Behind a proxy the client address comes from X-Forwarded-For, so one test client can
// stand for people at several addresses.
beforeAll(async () => {
	server = await startServer({ ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1' });
});
afterAll(() => server.cleanup());

function logIn(email: string, password: string, from: string, next?: string) {
	return fetch(`${server.url}/login${next === undefined ? '' : `?next=${next}`}`, {
		method: 'POST',
		headers: {
			origin: server.url,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded',
			'x-forwarded-for': from
		},
		body: new URLSearchParams({ email, password }),
		redirect: 'manual'
	});
}

let accounts = 0;

/** Signs up from an address, as the owner does once from home. */
async function signUp(from = '10.9.9.9') {
	const email = `login${++accounts}-${Date.now()}@example.com`;
	const password = 'correct horse battery staple';
	const res = await fetch(`${server.url}/signup`, {
		method: 'POST',
		headers: {
			origin: server.url,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded',
			'x-forwarded-for': from
		},
		body: new URLSearchParams({ email, password }),
		redirect: 'manual'
	});
	const cookie = res.headers.getSetCookie().find((c) => c.startsWith('multiplug_session='));
	if (res.status !== 303 || !cookie) throw new Error(`sign-up failed: ${res.status}`);
	return { email, password, cookie: cookie.split(';')[0]! };
}

describe('where log-in leads', () => {
	it('follows next only to a path on this site', async () => {
		const a = await signUp(server.url);
		const cases: [string, string][] = [
			['/devices%3Fx%3D1', '/devices?x=1'],
			['/%09/evil.example', '/'],
			['/%5Cevil.example', '/'],
			['//evil.example', '/'],
			['https://evil.example/', '/'],
			['/%0Aset-cookie:x=1', '/'],
			['/%0B', '/'],
			['/%0D', '/'],
			['/%00', '/']
		];
		for (const [next, expected] of cases) {
			const signedIn = await fetch(`${server.url}/login?next=${next}`, {
				headers: { cookie: a.cookie, 'x-forwarded-for': '10.9.9.9' },
				redirect: 'manual'
			});
			expect([next, signedIn.status, signedIn.headers.get('location')]).toEqual([
				next,
				303,
				expected
			]);
			const res = await logIn(a.email, a.password, '10.0.0.1', next);
			expect([next, res.status, res.headers.get('location')]).toEqual([next, 303, expected]);
		}
	});
});

describe('log-in under attack', () => {
	it('keeps the owner in at a known address while an attacker is shut out', async () => {
		const owner = await signUp(server.url);
		// The owner logged in from home once.
		expect((await logIn(owner.email, owner.password, '10.1.0.1')).status).toBe(303);
		let last: Response | undefined;
		for (let i = 0; i < 6; i++) last = await logIn(owner.email, 'not the password!', '10.66.0.1');
		expect(last!.status).toBe(429);
		expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
		// The attacker's address stays shut, even with the right password.
		expect((await logIn(owner.email, owner.password, '10.66.0.1')).status).toBe(429);
		// The owner, at home, is not locked out.
		expect((await logIn(owner.email, owner.password, '10.1.0.1')).status).toBe(303);
	});

	it('slows an account attacked from many addresses without locking its known address', async () => {
		const owner = await signUp(server.url);
		expect((await logIn(owner.email, owner.password, '10.2.0.1')).status).toBe(303);
		const statuses: number[] = [];
		for (let i = 0; i < 30; i++)
			statuses.push((await logIn(owner.email, 'not the password!', `10.77.${i}.1`)).status);
		// Each address had one try, yet the account as a whole is slowed.
		expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
		const slowed = await logIn(owner.email, 'not the password!', '10.78.0.1');
		expect(slowed.status).toBe(429);
		expect(Number(slowed.headers.get('retry-after'))).toBeGreaterThan(0);
		expect((await logIn(owner.email, owner.password, '10.2.0.1')).status).toBe(303);
	});

	it('slows, never locks, wrong passwords at a known address', async () => {
		const owner = await signUp(server.url);
		expect((await logIn(owner.email, owner.password, '10.3.0.1')).status).toBe(303);
		const statuses: number[] = [];
		for (let i = 0; i < 7; i++)
			statuses.push((await logIn(owner.email, 'not the password!', '10.3.0.1')).status);
		expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
		expect(statuses.at(-1)).toBe(429);
		const wait = await logIn(owner.email, owner.password, '10.3.0.1');
		expect(wait.status).toBe(429);
		// A slow-down: at most half a minute, not the fifteen of a lock.
		expect(Number(wait.headers.get('retry-after'))).toBeLessThanOrEqual(30);
	});
});
