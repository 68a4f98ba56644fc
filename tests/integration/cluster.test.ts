import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
	ClientToServerEvents,
	PortsUpdate,
	ServerToClientEvents
} from '../../server/realtime/events';
import { BD_LT_A_RESIDENTIAL_TARIFF } from '../../server/billing';
import { startBalancer } from '../helpers/balancer';
import { openTestDb } from '../helpers/db';
import { createDatabase, startPostgres, type TestPostgres } from '../helpers/postgres';
import { addDevice, post, signUp, startServer, type RunningServer } from '../helpers/server';

/**
 * Three app processes on one PostgreSQL database, as behind a load balancer: a strip
 * and phones may reach any of them, and any of them may die.
 */
const PROCESSES = 3;
let url: string;
let servers: RunningServer[] = [];
let cookie: string;
let device: { id: number; token: string };

const frame = (ts: number, power: number) => ({
	ts,
	ports: [{ port: 1, voltage: 230, current: power / 230, power }]
});

function energyMj(deviceId: number): number {
	const db = openTestDb(url, { readonly: true });
	try {
		return db
			.prepare(
				'SELECT COALESCE(SUM(energy_mj), 0) FROM energy_daily WHERE device_id = ? AND port = 1'
			)
			.pluck()
			.get(deviceId) as number;
	} finally {
		db.close();
	}
}

function storedTs(deviceId: number): Set<number> {
	const db = openTestDb(url, { readonly: true });
	try {
		return new Set(
			db.prepare('SELECT ts FROM readings WHERE device_id = ?').pluck().all(deviceId) as number[]
		);
	} finally {
		db.close();
	}
}

beforeAll(async () => {
	url = await createDatabase(process.env.TEST_PG_URL!);
	// The first one migrates; the others find the schema (or wait on the migration lock).
	servers.push(await startServer({ DATABASE_URL: url }));
	servers.push(
		...(await Promise.all(
			Array.from({ length: PROCESSES - 1 }, () => startServer({ DATABASE_URL: url }))
		))
	);
	const account = await signUp(servers[1]!.url);
	cookie = account.cookie;
	device = await addDevice(url, 'Cluster strip', 4, account.email);
});
afterAll(() => {
	for (const s of servers) s.cleanup();
});

describe('several processes on one PostgreSQL', () => {
	it('counts a strip posting to each process in turn, and all at once, as one process would', async () => {
		const start = Date.now() - 10 * 60_000;
		// In turn: 60 readings at 1 Hz, 100 W, each to the next process.
		for (let i = 0; i < 60; i++) {
			const res = await post(servers[i % PROCESSES]!.url, '/api/v1/readings', device.token, [
				frame(start + i * 1000, 100)
			]);
			expect(res.status).toBe(200);
		}
		// 59 intervals of 1 s at 100 W.
		expect(energyMj(device.id)).toBe(59 * 100 * 1000);

		// All at once, out of order: 60 more seconds in shuffled batches to all processes.
		const later = Array.from({ length: 60 }, (_, i) => frame(start + (60 + i) * 1000, 200));
		const shuffled = later
			.map((f, i) => ({ f, k: (i * 37) % 60 }))
			.sort((a, b) => a.k - b.k)
			.map((x) => x.f);
		const batches = Array.from({ length: 12 }, (_, b) => shuffled.slice(b * 5, b * 5 + 5));
		const answers = await Promise.all(
			batches.map((batch, b) =>
				post(servers[b % PROCESSES]!.url, '/api/v1/readings', device.token, batch)
			)
		);
		expect(answers.map((r) => r.status)).toEqual(batches.map(() => 200));
		// The pair across the join: (100 W, 200 W) over 1 s, then 59 s at 200 W.
		expect(energyMj(device.id)).toBe(59 * 100 * 1000 + 150 * 1000 + 59 * 200 * 1000);
	});

	it('answers every request of several strips posting at once through every process', async () => {
		// Each process takes requests of every strip at once: a process must never hold two
		// strips' locks in one transaction, or two processes deadlock and one request fails.
		const account = await signUp(servers[0]!.url);
		const strips = await Promise.all(
			[1, 2, 3, 4].map((n) => addDevice(url, `Busy strip ${n}`, 4, account.email))
		);
		const start = Date.now() - 30 * 60_000;
		const requests = Array.from({ length: 160 }, (_, i) => ({
			strip: strips[i % strips.length]!,
			frames: Array.from({ length: 10 }, (_, f) => ({
				ts: start + (Math.floor(i / strips.length) * 10 + f) * 1000,
				ports: [1, 2, 3, 4].map((port) => ({ port, voltage: 230, current: 0.5, power: 115 }))
			}))
		}));
		const statuses: number[] = [];
		let next = 0;
		const worker = async () => {
			while (next < requests.length) {
				const n = next++;
				const r = requests[n]!;
				statuses.push(
					(await post(servers[n % PROCESSES]!.url, '/api/v1/readings', r.strip.token, r.frames))
						.status
				);
			}
		};
		await Promise.all(Array.from({ length: 12 }, worker));
		expect(statuses.filter((s) => s !== 200)).toEqual([]);
		// 40 requests of 10 frames a strip: 399 one-second intervals at 115 W per port.
		for (const strip of strips) expect(energyMj(strip.id)).toBe(399 * 115 * 1000);
	});

	it('sends live updates to dashboards on every process, whichever took the reading', async () => {
		const sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = servers.map((s) =>
			io(s.url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie } })
		);
		try {
			await Promise.all(
				sockets.map(
					(socket) =>
						new Promise<void>((resolve, reject) => {
							socket.once('connect', () => resolve());
							socket.once('connect_error', reject);
						})
				)
			);
			const updates = sockets.map(
				(socket) =>
					new Promise<PortsUpdate>((resolve) =>
						socket.on(
							'ports:update',
							// Earlier tests' updates may still be on their way: wait for this one.
							(u) =>
								u.deviceId === device.id &&
								u.ports.some((p) => p.port === 3 && p.power === 460) &&
								resolve(u)
						)
					)
			);
			const res = await post(servers[2]!.url, '/api/data', device.token, {
				port: 3,
				voltage: 229.9,
				current: 2,
				power: 460
			});
			expect(res.status).toBe(200);
			for (const u of await Promise.all(updates)) {
				expect(u.ports.find((p) => p.port === 3)).toMatchObject({ power: 460 });
			}
		} finally {
			for (const s of sockets) s.close();
		}
	});

	it('a switch made on one process reaches the long-poll held by another, and its ack on a third settles it', async () => {
		const [strip, phone, acks] = [servers[0]!, servers[1]!, servers[2]!];
		const poll = fetch(`${strip.url}/api/v1/commands?wait=20`, {
			headers: { authorization: `Bearer ${device.token}` }
		});
		// The long-poll is waiting before the switch is made.
		await new Promise((r) => setTimeout(r, 500));
		const res = await fetch(`${phone.url}/devices/${device.id}/ports/4/switch`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: phone.url, cookie },
			body: JSON.stringify({ on: false })
		});
		expect(res.status).toBe(202);
		const { command } = (await res.json()) as { command: { id: string } };
		const answer = (await (await poll).json()) as { commands: { id: string; port: number }[] };
		expect(answer.commands).toEqual([
			expect.objectContaining({ id: command.id, port: 4, on: false })
		]);

		const reply = await post(acks.url, '/api/v1/readings', device.token, {
			ts: Date.now() - 500,
			ports: [{ port: 4, voltage: 230, current: 0, power: 0, relay: false }],
			acks: [command.id]
		});
		expect(reply.status).toBe(200);
		const db = openTestDb(url, { readonly: true });
		try {
			expect(
				db.prepare('SELECT status FROM relay_commands WHERE id = ?').pluck().get(command.id)
			).toBe('applied');
		} finally {
			db.close();
		}
		// Settled everywhere: no process hands it out again.
		for (const s of servers) {
			const again = (await (
				await fetch(`${s.url}/api/v1/commands?wait=0`, {
					headers: { authorization: `Bearer ${device.token}` }
				})
			).json()) as { commands: unknown[] };
			expect(again.commands).toEqual([]);
		}
	});

	it('loses no acknowledged reading when a process is killed mid-ingest', async () => {
		const start = Date.now() - 5 * 60_000;
		const acked = new Set<number>();
		let i = 0;
		let killed = false;
		const victim = servers[0]!;
		const send = async () => {
			while (i < 240) {
				const n = i++;
				const ts = start + n * 1000;
				const target = servers[n % PROCESSES]!;
				try {
					const res = await post(target.url, '/api/v1/readings', device.token, [frame(ts, 50)]);
					if (res.status === 200) acked.add(ts);
				} catch {
					// The killed process: the strip would resend to another one.
				}
				if (n === 80 && !killed) {
					killed = true;
					await victim.kill('SIGKILL');
				}
			}
		};
		await Promise.all([send(), send(), send()]);
		expect(killed).toBe(true);
		expect(acked.size).toBeGreaterThanOrEqual(1);
		const stored = storedTs(device.id);
		expect([...acked].filter((ts) => !stored.has(ts))).toEqual([]);
		servers = servers.filter((s) => s !== victim);
		victim.cleanup();
	});
});

describe('a dashboard behind a load balancer', () => {
	it('is live again within a reconnect when its process dies', async () => {
		const doomed = await startServer({ DATABASE_URL: url });
		const balancer = await startBalancer([doomed.url, ...servers.map((s) => s.url)]);
		const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(balancer.url, {
			transports: ['websocket'],
			reconnectionDelay: 100,
			reconnectionDelayMax: 500,
			extraHeaders: { cookie }
		});
		const update = (power: number) =>
			new Promise<void>((resolve) => {
				const on = (u: PortsUpdate) => {
					if (u.deviceId !== device.id || !u.ports.some((p) => p.power === power)) return;
					socket.off('ports:update', on);
					resolve();
				};
				socket.on('ports:update', on);
			});
		const reading = (power: number) =>
			post(servers[0]!.url, '/api/data', device.token, {
				port: 2,
				voltage: 230,
				current: 1,
				power
			});
		try {
			await new Promise<void>((resolve, reject) => {
				socket.once('connect', resolve);
				socket.once('connect_error', reject);
			});
			const first = update(333);
			expect((await reading(333)).status).toBe(200);
			await first;

			const back = new Promise<void>((resolve) => socket.io.once('reconnect', () => resolve()));
			await doomed.kill('SIGKILL');
			await back;
			const second = update(444);
			expect((await reading(444)).status).toBe(200);
			await second;
		} finally {
			socket.close();
			await balancer.close();
			doomed.cleanup();
		}
	});
});

describe('a household changed on one process', () => {
	it('is priced with its new tariff on the others at once', async () => {
		const versions = async (server: RunningServer) => {
			const res = await fetch(server.url + '/api/tariffs', { headers: { cookie } });
			expect(res.status).toBe(200);
			return ((await res.json()) as { name: string }[]).map((t) => t.name);
		};
		// Each process has read (and kept) the household's tariffs before the change.
		const before = await Promise.all(servers.map(versions));
		for (const names of before) expect(names).toEqual(before[0]);
		expect(before[0]).not.toContain(BD_LT_A_RESIDENTIAL_TARIFF.name);
		const saved = await post(
			servers[0]!.url,
			'/api/tariffs',
			null,
			{
				...BD_LT_A_RESIDENTIAL_TARIFF,
				validFrom: '2024-03-01'
			},
			{ cookie, origin: servers[0]!.url }
		);
		expect(saved.status).toBe(201);
		await expect
			.poll(async () => (await Promise.all(servers.map(versions))).map((n) => n.at(-1)), {
				timeout: 5_000
			})
			.toEqual(servers.map(() => BD_LT_A_RESIDENTIAL_TARIFF.name));
	});
});

describe('limits shared by the processes', () => {
	const pair: RunningServer[] = [];
	afterAll(() => {
		for (const s of pair) s.cleanup();
	});

	it("a strip's request budget is one for the cluster, whichever process it reaches", async () => {
		const shared = await createDatabase(process.env.TEST_PG_URL!);
		pair.push(await startServer({ DATABASE_URL: shared, DEVICE_RATE_LIMIT: '4' }));
		pair.push(await startServer({ DATABASE_URL: shared, DEVICE_RATE_LIMIT: '4' }));
		const account = await signUp(pair[0]!.url);
		const strip = await addDevice(shared, 'Budget strip', 4, account.email);
		const t = Date.now() - 60_000;
		const statuses: number[] = [];
		for (let i = 0; i < 6; i++) {
			const res = await post(pair[i % 2]!.url, '/api/v1/readings', strip.token, [
				frame(t + i * 1000, 5)
			]);
			statuses.push(res.status);
		}
		expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
	});
});

describe('a PostgreSQL restart', () => {
	let pg: TestPostgres;
	let server: RunningServer;
	let strip: { id: number; token: string };

	beforeAll(async () => {
		pg = await startPostgres();
		server = await startServer({ DATABASE_URL: await createDatabase(pg.baseUrl) });
		const account = await signUp(server.url);
		strip = await addDevice(server.dbPath, 'Restart strip', 4, account.email);
	});
	afterAll(async () => {
		server?.cleanup();
		await pg?.stop();
	});

	it('is answered with 503 and Retry-After while it is down, and full service after', async () => {
		const t0 = Date.now() - 60_000;
		expect((await post(server.url, '/api/v1/readings', strip.token, [frame(t0, 10)])).status).toBe(
			200
		);
		let during: Response[] = [];
		await pg.restart(4000, async () => {
			during = [
				await post(server.url, '/api/v1/readings', strip.token, [frame(t0 + 1000, 10)]),
				await fetch(`${server.url}/login`),
				await post(server.url, '/api/v1/readings', strip.token, [frame(t0 + 2000, 10)])
			];
		});
		for (const res of during) {
			expect(res.status).toBe(503);
			expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
		}
		await expect
			.poll(
				async () =>
					(await post(server.url, '/api/v1/readings', strip.token, [frame(t0 + 3000, 10)])).status,
				{ timeout: 20_000, interval: 500 }
			)
			.toBe(200);
		expect((await fetch(`${server.url}/login`)).status).toBe(200);
	});
});
