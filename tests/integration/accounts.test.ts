import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDevice, post, signUp, startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;

beforeAll(async () => {
	server = await startServer();
});
afterAll(() => server.cleanup());

const form = (url: string, path: string, fields: Record<string, string>, cookie?: string) =>
	fetch(url + path, {
		method: 'POST',
		headers: {
			origin: url,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded',
			...(cookie ? { cookie } : {})
		},
		body: new URLSearchParams(fields),
		redirect: 'manual'
	});

const page = (path: string, cookie?: string) =>
	fetch(server.url + path, { headers: cookie ? { cookie } : {}, redirect: 'manual' });

function connect(cookie: string | undefined, origin?: string) {
	return io(server.url, {
		transports: ['websocket'],
		reconnection: false,
		extraHeaders: { ...(cookie ? { cookie } : {}), ...(origin ? { origin } : {}) }
	});
}

function outcome(socket: ReturnType<typeof connect>): Promise<'connected' | string> {
	return new Promise((resolve) => {
		socket.once('connect', () => resolve('connected'));
		socket.once('connect_error', (err) => resolve(err.message));
	});
}

describe('accounts and sessions', () => {
	it('makes the first account the owner and sets an HttpOnly, SameSite=Lax session cookie', async () => {
		const res = await form(server.url, '/signup', {
			email: 'Owner@Example.com',
			password: 'a long enough secret'
		});
		expect(res.status).toBe(303);
		const cookie = res.headers.getSetCookie().find((c) => c.startsWith('multiplug_session='))!;
		expect(cookie).toMatch(/HttpOnly/i);
		expect(cookie).toMatch(/SameSite=Lax/i);
		const settings = await page('/settings', cookie.split(';')[0]);
		expect(settings.status).toBe(200);
		expect(await settings.text()).toContain('owner of this server');
	});

	it('refuses short and common passwords and a taken e-mail', async () => {
		expect(
			(await form(server.url, '/signup', { email: 'x@example.com', password: 'short' })).status
		).toBe(400);
		expect(
			(await form(server.url, '/signup', { email: 'x@example.com', password: 'qwertyuiop' })).status
		).toBe(400);
		expect(
			(
				await form(server.url, '/signup', {
					email: 'owner@example.com',
					password: 'another long secret'
				})
			).status
		).toBe(400);
	});

	it('answers a wrong password and an unknown e-mail the same way', async () => {
		const answer = async (email: string) => {
			const res = await form(server.url, '/login', { email, password: 'wrong password here' });
			return { status: res.status, body: await res.text() };
		};
		const wrong = await answer('owner@example.com');
		const unknown = await answer('nobody@example.com');
		expect(wrong.status).toBe(400);
		expect(unknown.status).toBe(400);
		expect(wrong.body).toContain('Wrong e-mail or password.');
		expect(unknown.body).toContain('Wrong e-mail or password.');
		// That both do the same work (one argon2id verification) is server/auth/login-work.spec.ts:
		// counted, not timed, so a loaded machine cannot fail it.
	});

	it('redirects to log-in without a session, and with a forged or revoked one', async () => {
		expect((await page('/')).headers.get('location')).toBe('/login?next=%2F');
		const forged = 'multiplug_session=aaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbb';
		expect((await page('/devices', forged)).status).toBe(303);
		const a = await signUp(server.url);
		expect((await page('/devices', a.cookie)).status).toBe(200);
		expect((await form(server.url, '/logout', {}, a.cookie)).status).toBe(303);
		expect((await page('/devices', a.cookie)).status).toBe(303);
	});

	it('revokes every session when the password changes, except the new one', async () => {
		const a = await signUp(server.url);
		const login = await form(server.url, '/login', { email: a.email, password: a.password });
		const second = login.headers.getSetCookie()[0]!.split(';')[0]!;
		const res = await form(
			server.url,
			'/settings?/password',
			{ current: a.password, next: 'a brand new passphrase' },
			a.cookie
		);
		expect(res.status).toBe(200);
		const fresh = res.headers
			.getSetCookie()
			.find((c) => c.startsWith('multiplug_session='))!
			.split(';')[0]!;
		expect((await page('/devices', a.cookie)).status).toBe(303);
		expect((await page('/devices', second)).status).toBe(303);
		expect((await page('/devices', fresh)).status).toBe(200);
	});

	it('limits sign-ups per address with 429 and Retry-After', async () => {
		const strict = await startServer({ SIGNUP_RATE_LIMIT: '2' });
		try {
			const attempt = (i: number) =>
				form(strict.url, '/signup', { email: `s${i}@example.com`, password: 'long enough secret' });
			expect((await attempt(1)).status).toBe(303);
			expect((await attempt(2)).status).toBe(303);
			const third = await attempt(3);
			expect(third.status).toBe(429);
			expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
		} finally {
			strict.cleanup();
		}
	});

	it('limits requests per device token with 429 and Retry-After', async () => {
		const strict = await startServer({ DEVICE_RATE_LIMIT: '3' });
		try {
			const device = await addDevice(strict.dbPath, 'Chatty strip', 1);
			const statuses = [];
			for (let i = 0; i < 4; i++) {
				statuses.push(
					(
						await post(strict.url, '/api/data', device.token, {
							port: 1,
							voltage: 230,
							current: 1,
							power: 230
						})
					).status
				);
			}
			expect(statuses).toEqual([200, 200, 200, 429]);
			const res = await post(strict.url, '/api/data', device.token, {
				port: 1,
				voltage: 230,
				current: 1,
				power: 230
			});
			expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
		} finally {
			strict.cleanup();
		}
	});

	it('refuses a rotated device token at once', async () => {
		const a = await signUp(server.url);
		const device = await addDevice(server.dbPath, 'Rotating strip', 2, a.email);
		const reading = { port: 1, voltage: 230, current: 1, power: 230 };
		expect((await post(server.url, '/api/data', device.token, reading)).status).toBe(200);
		const res = await form(server.url, `/devices/${device.id}?/rotate`, {}, a.cookie);
		expect(res.status).toBe(200);
		expect((await post(server.url, '/api/data', device.token, reading)).status).toBe(401);
	});

	it('refuses sockets without a session and from another origin', async () => {
		const a = await signUp(server.url);
		const none = connect(undefined);
		expect(await outcome(none)).toBe('unauthorized');
		none.close();
		const foreign = connect(a.cookie, 'https://evil.example');
		expect(await outcome(foreign)).not.toBe('connected');
		foreign.close();
		const ok = connect(a.cookie, server.url);
		expect(await outcome(ok)).toBe('connected');
		ok.close();
	});

	it('drops the sockets of a session at log-out', async () => {
		const a = await signUp(server.url);
		const socket = connect(a.cookie);
		expect(await outcome(socket)).toBe('connected');
		const gone = new Promise<string>((r) => socket.once('disconnect', r));
		await form(server.url, '/logout', {}, a.cookie);
		expect(await gone).toBe('io server disconnect');
	});

	it('refuses cross-origin writes to JSON endpoints', async () => {
		const a = await signUp(server.url);
		const res = await fetch(`${server.url}/api/anything`, {
			method: 'POST',
			headers: {
				origin: 'https://evil.example',
				cookie: a.cookie,
				'content-type': 'application/json'
			},
			body: '{}'
		});
		expect(res.status).toBe(403);
	});

	it('sends the security headers', async () => {
		const res = await page('/login');
		expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
		expect(res.headers.get('content-security-policy')).not.toMatch(/script-src[^;]*unsafe-inline/);
		expect(res.headers.get('referrer-policy')).toBe('same-origin');
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
	});

	it('deletes an account with all its devices and data', async () => {
		const a = await signUp(server.url);
		const device = await addDevice(server.dbPath, 'Doomed strip', 1, a.email);
		await post(server.url, '/api/data', device.token, {
			port: 1,
			voltage: 230,
			current: 1,
			power: 230
		});
		const res = await form(server.url, '/settings?/delete', { password: a.password }, a.cookie);
		expect(res.status).toBe(303);
		expect(
			(
				await post(server.url, '/api/data', device.token, {
					port: 1,
					voltage: 230,
					current: 1,
					power: 230
				})
			).status
		).toBe(401);
		const again = await form(server.url, '/login', { email: a.email, password: a.password });
		expect(again.status).toBe(400);
	});
});
