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
		const updates = collect(1500);
		const t0 = Date.now() - 60_000;
		for (let i = 0; i < 100; i++) {
			await post(server.url, '/api/v1/readings', device.token, {
				ts: t0 + i * 500,
				seq: i,
				ports: [{ port: 1, voltage: 230, current: 0.1, power: i }]
			});
		}
		const got = await updates;
		expect(got.length).toBeGreaterThan(0);
		expect(got.length).toBeLessThanOrEqual(8); // ≤ 4 a second over the burst and the window
		const last = got.at(-1)!.ports.find((p) => p.port === 1)!;
		expect(last.power).toBe(99);
		expect(last.today.kwh).toBeGreaterThan(0);
	});
});
