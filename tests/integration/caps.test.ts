import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDevice, signUp, startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;
const sockets: Socket[] = [];

beforeAll(async () => {
	server = await startServer({
		MAX_DEVICES_PER_ACCOUNT: '2',
		LONG_POLLS_PER_ACCOUNT: '3',
		SOCKETS_PER_SESSION: '2'
	});
});
afterAll(() => {
	sockets.forEach((s) => s.close());
	server.cleanup();
});

const addStrip = (cookie: string, name: string) =>
	fetch(`${server.url}/devices?/add`, {
		method: 'POST',
		headers: {
			origin: server.url,
			accept: 'text/html',
			cookie,
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams({ name, ports: '4' }),
		redirect: 'manual'
	});

const longPoll = (token: string, wait: number) =>
	fetch(`${server.url}/api/v1/commands?wait=${wait}`, {
		headers: { authorization: `Bearer ${token}` }
	});

async function waiting(): Promise<number> {
	const text = await (await fetch(`${server.url}/metrics`)).text();
	return Number(/^multiplug_waiting_long_polls (\d+)/m.exec(text)![1]);
}

async function until(check: () => Promise<boolean>) {
	while (!(await check())) await new Promise((r) => setTimeout(r, 20));
}

function connect(cookie: string): Promise<{ socket: Socket; outcome: string }> {
	const socket = io(server.url, {
		transports: ['websocket'],
		reconnection: false,
		extraHeaders: { cookie }
	});
	sockets.push(socket);
	return new Promise((resolve) => {
		socket.once('connect', () => resolve({ socket, outcome: 'connected' }));
		socket.once('connect_error', (err) => resolve({ socket, outcome: err.message }));
	});
}

describe('per-account caps', () => {
	it('refuses a strip past the account’s cap, clearly', async () => {
		const a = await signUp(server.url);
		expect((await addStrip(a.cookie, 'One')).status).toBe(200);
		expect((await addStrip(a.cookie, 'Two')).status).toBe(200);
		const third = await addStrip(a.cookie, 'Three');
		expect(third.status).toBe(409);
		expect(await third.text()).toContain('An account has at most 2 strips');
		// Another account is not affected.
		const b = await signUp(server.url);
		expect((await addStrip(b.cookie, 'Mine')).status).toBe(200);
		// An ordinary mistake is a 400 that says so, never a 500.
		const long = await addStrip(b.cookie, 'x'.repeat(61));
		expect(long.status).toBe(400);
		expect(await long.text()).toContain('A name has 1 to 60 characters.');
	});

	it('caps the long-polls one strip and one account hold open, with 429 and Retry-After', async () => {
		const a = await signUp(server.url);
		const one = await addDevice(server.dbPath, 'Poller one', 1, a.email);
		const two = await addDevice(server.dbPath, 'Poller two', 1, a.email);
		const held = [longPoll(one.token, 3), longPoll(one.token, 3)];
		await until(async () => (await waiting()) === 2);
		// A third from the same strip: over the strip's two.
		const perStrip = await longPoll(one.token, 3);
		expect(perStrip.status).toBe(429);
		expect(Number(perStrip.headers.get('retry-after'))).toBeGreaterThan(0);
		expect((await perStrip.json()).error.code).toBe('too_many_long_polls');
		held.push(longPoll(two.token, 3));
		await until(async () => (await waiting()) === 3);
		// The account's three are taken, though this strip holds only one.
		const perAccount = await longPoll(two.token, 3);
		expect(perAccount.status).toBe(429);
		expect(Number(perAccount.headers.get('retry-after'))).toBeGreaterThan(0);
		// Answered polls give their places back.
		for (const res of await Promise.all(held)) expect(res.status).toBe(200);
		expect((await longPoll(two.token, 0)).status).toBe(200);
	});

	it('caps the live connections of one session, and frees a place when one closes', async () => {
		const a = await signUp(server.url);
		const first = await connect(a.cookie);
		const second = await connect(a.cookie);
		expect([first.outcome, second.outcome]).toEqual(['connected', 'connected']);
		expect((await connect(a.cookie)).outcome).toBe('too many connections for this session');
		// Another session of another account is not affected.
		const b = await signUp(server.url);
		expect((await connect(b.cookie)).outcome).toBe('connected');
		first.socket.close();
		await until(async () => (await connect(a.cookie)).outcome === 'connected');
	});
});
