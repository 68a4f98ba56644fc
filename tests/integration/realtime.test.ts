import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
	ClientToServerEvents,
	PortsUpdate,
	ServerToClientEvents
} from '../../server/realtime/events';
import { addDevice, post, signUp, startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;
let device: { id: number; token: string };
let socket: Socket<ServerToClientEvents, ClientToServerEvents>;

beforeAll(async () => {
	server = await startServer();
	const account = await signUp(server.url);
	device = await addDevice(server.dbPath, 'Live strip', 4, account.email);
	socket = io(server.url, {
		transports: ['websocket'],
		reconnection: false,
		extraHeaders: { cookie: account.cookie }
	});
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', () => resolve());
		socket.once('connect_error', reject);
	});
});
afterAll(() => {
	socket?.close();
	server.cleanup();
});

function collect(ms: number): Promise<PortsUpdate[]> {
	const got: PortsUpdate[] = [];
	const on = (u: PortsUpdate) => got.push(u);
	socket.on('ports:update', on);
	return new Promise((r) =>
		setTimeout(() => {
			socket.off('ports:update', on);
			r(got);
		}, ms)
	);
}

describe('live updates over Socket.IO', () => {
	it('pushes the new reading of a port to the device room', async () => {
		const updates = collect(1000);
		await post(server.url, '/api/data', device.token, {
			port: 2,
			voltage: 231.4,
			current: 4.2,
			power: 950,
			pf: 0.98
		});
		const [update] = await updates;
		expect(update).toMatchObject({ deviceId: device.id });
		expect(update!.ports).toHaveLength(1);
		expect(update!.ports[0]).toMatchObject({
			port: 2,
			voltage: 231.4,
			current: 4.2,
			power: 950,
			pf: 0.98
		});
	});

	it('coalesces a burst of requests into a few messages carrying the newest values', async () => {
		const got: PortsUpdate[] = [];
		const on = (u: PortsUpdate) => got.push(u);
		socket.on('ports:update', on);
		const started = Date.now();
		const t0 = started - 60_000;
		for (let i = 0; i < 100; i++) {
			await post(server.url, '/api/v1/readings', device.token, {
				ts: t0 + i * 500,
				seq: i,
				ports: [{ port: 1, voltage: 230, current: 0.1, power: i }]
			});
		}
		const newest = () => got.at(-1)?.ports.find((p) => p.port === 1)?.power;
		await expect.poll(newest, { timeout: 10_000 }).toBe(99);
		socket.off('ports:update', on);
		// At most one message per 250 ms window over however long the burst took, not one
		// per request: a slow machine stretches the burst, never the rule.
		const windows = Math.ceil((Date.now() - started) / 250) + 1;
		expect(got.length).toBeLessThanOrEqual(Math.min(windows, 50));
		expect(got.at(-1)!.ports.find((p) => p.port === 1)!.today.kwh).toBeGreaterThan(0);
	});
});
