import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	addDevice,
	post,
	ROOT,
	signUp,
	startServer,
	type Account,
	type RunningServer
} from '../helpers/server';

// What a phone's browser sends; fetch decodes the body and keeps the headers.
const BROWSER = 'gzip, deflate, br, zstd';

describe('compressed responses', () => {
	let server: RunningServer;
	let account: Account;
	let token: string;
	let t0: number;

	beforeAll(async () => {
		server = await startServer();
		account = await signUp(server.url);
		({ token } = await addDevice(server.dbPath, 'Desk', 2, account.email));
		// Enough readings for an export well over the 1 kB below which nothing is compressed.
		t0 = Date.now() - 60 * 60_000;
		const res = await post(
			server.url,
			'/api/v1/readings',
			token,
			Array.from({ length: 60 }, (_, i) => ({
				ts: t0 + i * 60_000,
				seq: i,
				ports: [1, 2].map((port) => ({ port, voltage: 230, current: 0.5, power: 100 + i }))
			}))
		);
		expect(res.status).toBe(200);
	});

	afterAll(async () => {
		await server?.stop();
		server?.cleanup();
	});

	const get = (path: string, encoding = BROWSER) =>
		fetch(server.url + path, { headers: { cookie: account.cookie, 'accept-encoding': encoding } });

	it('sends rendered pages brotli-compressed, or gzip to a client without brotli', async () => {
		const br = await get('/');
		expect(br.status).toBe(200);
		expect(br.headers.get('content-encoding')).toBe('br');
		expect(br.headers.get('vary')).toMatch(/accept-encoding/i);
		expect(await br.text()).toContain('<title>Dashboard · Smart Multiplug</title>');

		const gzip = await get('/', 'gzip');
		expect(gzip.headers.get('content-encoding')).toBe('gzip');
		expect(await gzip.text()).toContain('<title>Dashboard · Smart Multiplug</title>');

		const plain = await get('/', 'identity');
		expect(plain.headers.get('content-encoding')).toBeNull();
	});

	it('compresses the sync pull and page data (JSON)', async () => {
		const sync = await get('/api/sync');
		expect(sync.headers.get('content-type')).toMatch(/application\/json/);
		expect(sync.headers.get('content-encoding')).toBe('br');
		expect((await sync.json()).devices).toHaveLength(1);
		const data = await get('/history/__data.json');
		expect(data.headers.get('content-encoding')).toBe('br');
	});

	it('serves built assets from their precompressed files', async () => {
		const dir = join(ROOT, 'build/client/_app/immutable/entry');
		const script = readdirSync(dir).find((f) => f.startsWith('start.') && f.endsWith('.js'))!;
		const res = await get(`/_app/immutable/entry/${script}`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-encoding')).toBe('br');
		expect(res.headers.get('cache-control')).toContain('immutable');
	});

	it('leaves downloads and the device API uncompressed', async () => {
		// The readings' local days in the household's zone (the hour may straddle midnight).
		const day = (ms: number) =>
			new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Dhaka' }).format(new Date(ms));
		const csv = await get(`/export/readings.csv?from=${day(t0)}&to=${day(Date.now())}`);
		expect(csv.status).toBe(200);
		const body = await csv.text();
		expect(body.length).toBeGreaterThan(4096);
		expect(csv.headers.get('content-encoding')).toBeNull();

		const device = await post(server.url, '/api/data', token, {
			port: 1,
			voltage: 230,
			current: 0.5,
			power: 115
		});
		expect(device.status).toBe(200);
		expect(device.headers.get('content-encoding')).toBeNull();
	});
});
