import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { DashboardService } from '../dashboard/dashboard.service';
import type { PortsUpdate } from './events';
import { createRealtimeHub } from './realtime.hub';

const DEVICES = Array.from({ length: 40 }, (_, i) => i + 1);

/** A dashboard whose live figures take `ms` of the event loop per strip, as a big one's do. */
function slowDashboard(ms: number) {
	const asked = { count: 0 };
	const dashboard = {
		devicePorts: (deviceId: number) => {
			asked.count++;
			const until = performance.now() + ms;
			while (performance.now() < until);
			return [1, 2, 3, 4].map((port) => ({ deviceId, port }));
		},
		dayOf: () => '2026-12-08'
	} as unknown as DashboardService;
	return { dashboard, asked };
}

describe('realtime hub', () => {
	let http: HttpServer | undefined;
	let client: Socket | undefined;
	afterEach(async () => {
		client?.close();
		await new Promise((r) => http?.close(r));
	});

	it("sends every strip's update, and lets other work run between a large household's strips", async () => {
		const { dashboard, asked } = slowDashboard(1);
		const hub = createRealtimeHub(dashboard, { now: () => 0 } as never, {
			flushMs: 10,
			authenticate: () => ({ userId: 7, sessionId: 's' }),
			originAllowed: () => true,
			devicesOf: () => DEVICES,
			maxPerSession: 10
		});
		http = createServer();
		hub.attach(http);
		await new Promise<void>((r) => http!.listen(0, '127.0.0.1', r));
		const { port } = http.address() as AddressInfo;
		client = connect(`http://127.0.0.1:${port}`, { transports: ['websocket'] });
		// The server joins the socket to its rooms before the client hears it is connected.
		await new Promise<void>((r) => client!.once('connect', () => r()));

		const got: number[] = [];
		const all = new Promise<void>((done) =>
			client!.on('ports:update', (u: PortsUpdate) => {
				got.push(u.deviceId);
				if (got.length === DEVICES.length) done();
			})
		);
		for (const id of DEVICES) hub.changed(id, [1, 2]);
		// Another request's work, a turn of the event loop at a time: the strips the flush
		// has done when each turn runs. A flush that never lets go shows only 0 and all.
		const seen = new Set<number>();
		let watching = true;
		const look = () => {
			seen.add(asked.count);
			if (watching) setImmediate(look);
		};
		look();
		await all;
		watching = false;
		await hub.close();

		expect(got.sort((a, b) => a - b)).toEqual(DEVICES);
		expect([...seen].some((n) => n > 0 && n < DEVICES.length)).toBe(true);
	});
});
