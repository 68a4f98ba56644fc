import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDevice, signUp, startServer, type RunningServer } from '../helpers/server';

const servers: RunningServer[] = [];
afterAll(() => servers.forEach((s) => s.cleanup()));

async function start(env: Record<string, string> = {}) {
	const server = await startServer(env);
	servers.push(server);
	return server;
}

const PATHS = [
	'/login',
	'/manifest.webmanifest',
	'/service-worker.js',
	'/favicon.svg',
	'/health',
	'/api/sync',
	'/no-such-page'
];

describe('headers on every answer', () => {
	let server: RunningServer;
	beforeAll(async () => {
		server = await start();
	});

	it('sends nosniff on pages, static files, the manifest, the service worker and the device API', async () => {
		for (const path of PATHS) {
			const res = await fetch(server.url + path, { redirect: 'manual' });
			expect([path, res.headers.get('x-content-type-options')]).toEqual([path, 'nosniff']);
		}
		const device = await fetch(`${server.url}/api/v1/readings`, { method: 'POST' });
		expect(device.headers.get('x-content-type-options')).toBe('nosniff');
	});

	it('sends no HSTS when the server is not known to be behind https', async () => {
		const res = await fetch(`${server.url}/login`);
		expect(res.headers.get('strict-transport-security')).toBeNull();
	});

	it('refuses a cross-origin switch of a port', async () => {
		const a = await signUp(server.url);
		const { id } = await addDevice(server.dbPath, 'Desk', 2, a.email);
		const send = (origin: string) =>
			fetch(`${server.url}/devices/${id}/ports/1/switch`, {
				method: 'POST',
				headers: { origin, cookie: a.cookie, 'content-type': 'application/json' },
				body: JSON.stringify({ on: false })
			});
		const evil = await send('https://evil.example');
		expect(evil.status).toBe(403);
		expect((await evil.json()).error.code).toBe('cross_origin');
		expect((await send(server.url)).status).toBe(202);
	});
});

describe('HSTS behind https', () => {
	it('is sent on every answer when ORIGIN is https', async () => {
		const server = await start({ ORIGIN: 'https://power.example.com' });
		for (const path of PATHS) {
			const res = await fetch(server.url + path, { redirect: 'manual' });
			expect([path, res.headers.get('strict-transport-security')]).toEqual([
				path,
				expect.stringMatching(/^max-age=\d{7,}/)
			]);
		}
	});
});

describe('/metrics', () => {
	it('answers only on loopback without METRICS_TOKEN, not to a request a proxy forwarded', async () => {
		const server = await start();
		expect((await fetch(`${server.url}/metrics`)).status).toBe(200);
		const proxied = await fetch(`${server.url}/metrics`, {
			headers: { 'x-forwarded-for': '203.0.113.9' }
		});
		expect(proxied.status).toBe(403);
		expect((await proxied.json()).error.code).toBe('forbidden');
	});

	it('answers anyone with METRICS_TOKEN', async () => {
		const token = 'a-long-enough-metrics-token';
		const server = await start({ METRICS_TOKEN: token });
		expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
		const res = await fetch(`${server.url}/metrics`, {
			headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': '203.0.113.9' }
		});
		expect(res.status).toBe(200);
	});
});
