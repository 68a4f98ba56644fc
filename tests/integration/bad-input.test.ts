import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDevice, post, startServer, type RunningServer } from '../helpers/server';
import { openTestDb } from '../helpers/db';

let server: RunningServer;
let token: string;

beforeAll(async () => {
	server = await startServer();
	({ token } = await addDevice(server.dbPath, 'Two-port strip', 2));
});
afterAll(() => server.cleanup());

const good = { port: 1, voltage: 230, current: 0.5, power: 115 };
const frame = (ports: object[], ts = Date.now() - 1000) => ({ ts, seq: 1, ports });

interface Case {
	name: string;
	path?: string;
	token?: string | null;
	body: unknown;
	headers?: Record<string, string>;
	status: number;
	code: string;
	field?: string;
}

const cases: Case[] = [
	{ name: 'no token', token: null, body: good, status: 401, code: 'unauthorized' },
	{
		name: 'a wrong token',
		token: 'mpd_notarealtokenatallxxxxxxxxxxxxxxxx',
		body: good,
		status: 401,
		code: 'unauthorized'
	},
	{
		name: 'a malformed Authorization header',
		token: 'x',
		body: good,
		status: 401,
		code: 'unauthorized'
	},
	{
		name: 'text instead of JSON',
		body: 'port=1',
		headers: { 'content-type': 'text/plain' },
		status: 415,
		code: 'unsupported_media_type'
	},
	{ name: 'broken JSON', body: '{"port":1,', status: 400, code: 'invalid_json' },
	{
		name: 'a body over 16 kB on the seed endpoint',
		body: { ...good, pad: 'x'.repeat(17_000) },
		status: 413,
		code: 'payload_too_large'
	},
	{
		name: 'a body over 2 MB on the batch endpoint',
		path: '/api/v1/readings',
		body: [{ pad: 'x'.repeat(2_200_000) }],
		status: 413,
		code: 'payload_too_large'
	},
	{
		name: 'more than 1,000 frames',
		path: '/api/v1/readings',
		body: Array.from({ length: 1001 }, () => frame([good])),
		status: 413,
		code: 'too_many_frames'
	},
	{
		name: 'a port the device lacks',
		body: { ...good, port: 3 },
		status: 400,
		code: 'invalid_reading',
		field: 'port'
	},
	{
		name: 'port 0',
		body: { ...good, port: 0 },
		status: 400,
		code: 'invalid_reading',
		field: 'port'
	},
	{
		name: 'a fractional port',
		body: { ...good, port: 1.5 },
		status: 400,
		code: 'invalid_reading',
		field: 'port'
	},
	{
		name: 'voltage above 300 V',
		body: { ...good, voltage: 301 },
		status: 400,
		code: 'invalid_reading',
		field: 'voltage'
	},
	{
		name: 'negative current',
		body: { ...good, current: -0.1 },
		status: 400,
		code: 'invalid_reading',
		field: 'current'
	},
	{
		name: 'current above 50 A',
		body: { ...good, current: 50.5 },
		status: 400,
		code: 'invalid_reading',
		field: 'current'
	},
	{
		name: 'power above 15 kW',
		body: { ...good, power: 15_001 },
		status: 400,
		code: 'invalid_reading',
		field: 'power'
	},
	{
		name: 'power as a string',
		body: { ...good, power: '115' },
		status: 400,
		code: 'invalid_reading',
		field: 'power'
	},
	{
		name: 'an infinite number',
		body: '{"port":1,"voltage":1e999,"current":0.5,"power":115}',
		status: 400,
		code: 'invalid_reading',
		field: 'voltage'
	},
	{
		name: 'a missing field',
		body: { port: 1, voltage: 230, current: 0.5 },
		status: 400,
		code: 'invalid_reading',
		field: 'power'
	},
	{
		name: 'a power factor above 1',
		body: { ...good, pf: 1.2 },
		status: 400,
		code: 'invalid_reading',
		field: 'pf'
	},
	{
		name: 'a negative counter',
		body: { ...good, energy_wh: -1 },
		status: 400,
		code: 'invalid_reading',
		field: 'energy_wh'
	},
	{
		name: 'a timestamp 10 minutes ahead',
		body: { ...good, ts: Date.now() + 600_000 },
		status: 400,
		code: 'invalid_reading',
		field: 'ts'
	},
	{
		name: 'a timestamp older than retention',
		body: { ...good, ts: Date.now() - 31 * 86_400_000 },
		status: 400,
		code: 'invalid_reading',
		field: 'ts'
	},
	{
		name: 'a timestamp in seconds with a fraction',
		body: { ...good, ts: 1764230400.5 },
		status: 400,
		code: 'invalid_reading',
		field: 'ts'
	},
	{ name: 'null', body: 'null', status: 400, code: 'invalid_reading', field: 'body' },
	{
		name: 'an array on the seed endpoint',
		body: [good],
		status: 400,
		code: 'invalid_reading',
		field: 'body'
	},
	{
		name: 'a number as the batch',
		path: '/api/v1/readings',
		body: '42',
		status: 400,
		code: 'invalid_body',
		field: 'body'
	},
	{
		name: 'an empty batch',
		path: '/api/v1/readings',
		body: [],
		status: 400,
		code: 'invalid_body',
		field: 'body'
	},
	{
		name: 'a frame without ports',
		path: '/api/v1/readings',
		body: [{ ts: Date.now(), seq: 1, ports: [] }],
		status: 400,
		code: 'invalid_frames',
		field: 'ports'
	},
	{
		name: 'a port twice in a frame',
		path: '/api/v1/readings',
		body: frame([good, good]),
		status: 400,
		code: 'invalid_frames',
		field: 'ports[1].port'
	},
	{
		name: 'a frame as a string',
		path: '/api/v1/readings',
		body: ['hello'],
		status: 400,
		code: 'invalid_frames',
		field: 'frame'
	},
	{
		name: 'prototype pollution keys',
		body: '{"__proto__":{"x":1},"port":1,"voltage":1e400}',
		status: 400,
		code: 'invalid_reading',
		field: 'voltage'
	}
];

function count(): number {
	const db = openTestDb(server.dbPath, { readonly: true });
	try {
		return (db.prepare('SELECT count(*) AS n FROM readings').get() as { n: number }).n;
	} finally {
		db.close();
	}
}

describe('bad input gets a 4xx that names the problem and stores nothing', () => {
	it.each(cases)('$name → $status $code', async (c) => {
		const before = count();
		const res = await post(
			server.url,
			c.path ?? '/api/data',
			c.token === undefined ? token : c.token,
			c.body,
			c.headers
		);
		expect(res.status).toBe(c.status);
		expect(res.headers.get('content-type')).toMatch(/^application\/json/);
		const body = (await res.json()) as { error: { code: string; message: string; field?: string } };
		expect(body.error.code).toBe(c.code);
		expect(body.error.message.length).toBeGreaterThan(5);
		if (c.field) expect(body.error.field).toBe(c.field);
		expect(count()).toBe(before);
	});

	it('refuses other methods on the device endpoints with 405', async () => {
		const res = await fetch(`${server.url}/api/v1/readings`);
		expect(res.status).toBe(405);
		expect(res.headers.get('allow')).toBe('POST');
	});

	it('still serves good readings after all of that', async () => {
		const before = count();
		const res = await post(server.url, '/api/data', token, good);
		expect(res.status).toBe(200);
		expect(count()).toBe(before + 1);
	});
});
