import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedDevice } from '../../server/simulator/device';
import {
	addDevice,
	post,
	signUp,
	startServer,
	type Account,
	type RunningServer
} from '../helpers/server';
import { openTestDb } from '../helpers/db';
import type { Db } from '../../server/db/connection';

// Commands live 3 s here (30 s by default) so that expiry is quick to reach.
const TTL_MS = 3000;
let server: RunningServer;
let account: Account;
let db: Db;
const devices: SimulatedDevice[] = [];

beforeAll(async () => {
	server = await startServer({ RELAY_COMMAND_TTL_S: String(TTL_MS / 1000) });
	account = await signUp(server.url);
	db = openTestDb(server.dbPath, { readonly: true });
});
afterAll(() => {
	for (const d of devices) d.stop();
	db?.close();
	server.cleanup();
});

async function strip(name: string, o: { longPoll?: boolean; clockSkewMs?: number } = {}) {
	const created = await addDevice(server.dbPath, name, 4, account.email);
	const device = new SimulatedDevice({ url: server.url, token: created.token, waitS: 25, ...o });
	devices.push(device);
	return { id: created.id, token: created.token, device };
}

function toggle(
	deviceId: number,
	port: number,
	on: boolean,
	cookie = account.cookie,
	confirm = false
) {
	return fetch(`${server.url}/devices/${deviceId}/ports/${port}/switch`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', origin: server.url, cookie },
		body: JSON.stringify({ on, confirm })
	});
}

const commands = (deviceId: number) =>
	db
		.prepare(
			`SELECT id, port, turn_on, source, user_id, status FROM relay_commands WHERE device_id = ? ORDER BY seq`
		)
		.all(deviceId) as {
		id: string;
		port: number;
		turn_on: number;
		source: string;
		user_id: number | null;
		status: string;
	}[];

const portRelay = (deviceId: number, port: number) =>
	db
		.prepare(`SELECT relay FROM ports WHERE device_id = ? AND port = ?`)
		.pluck()
		.get(deviceId, port);

/** Runs the device's measure-and-upload loop until `done` or the timeout. */
async function runUntil(
	device: SimulatedDevice,
	done: () => boolean,
	timeoutMs = 10_000,
	everyMs = 200
) {
	const end = Date.now() + timeoutMs;
	while (Date.now() < end) {
		await device.tick();
		if (done()) return;
		await new Promise((r) => setTimeout(r, everyMs));
	}
	throw new Error('condition not reached in time');
}

describe('relay commands with a simulated strip', () => {
	it('round trip: toggle → long-poll → applied → ack and relay state reported', async () => {
		const { id, device } = await strip('Round trip', { longPoll: true });
		await device.tick();
		expect(portRelay(id, 2)).toBe(1);
		const asked = Date.now();
		const res = await toggle(id, 2, false);
		expect(res.status).toBe(202);
		const { command } = (await res.json()) as { command: { id: string; expires: number } };
		expect(command.id).toMatch(/^[\x21-\x7e]{1,39}$/);
		expect(command.expires).toBeGreaterThan(asked);
		// The long-poll delivers it at once: the relay is off before any upload.
		await expect.poll(() => device.relays[1], { timeout: 5000 }).toBe(false);
		await runUntil(device, () => commands(id).at(-1)?.status === 'applied');
		expect(portRelay(id, 2)).toBe(0);
		expect(device.strip.frame(Date.now()).ports[1]).toMatchObject({ power: 0, relay: false });
		expect(commands(id)).toEqual([
			expect.objectContaining({
				id: command.id,
				port: 2,
				turn_on: 0,
				source: 'user',
				status: 'applied'
			})
		]);
	});

	it('delivers commands in the answer to readings, too', async () => {
		const { id, token } = await strip('Answers');
		await toggle(id, 1, false);
		const res = await post(server.url, '/api/v1/readings', token, {
			ts: Date.now(),
			ports: [{ port: 1, voltage: 230, current: 0.1, power: 20, relay: true }]
		});
		const text = await res.text();
		expect(text.startsWith('{"commands":[{"id":"c_')).toBe(true);
		expect(JSON.parse(text).commands).toEqual([
			{ id: expect.any(String), port: 1, on: false, expires: expect.any(Number) }
		]);
	});

	it('a port the strip refused to switch back on is switched on anyway only with override, which the strip is sent', async () => {
		const { id, token } = await strip('Tripped');
		const cookie = account.cookie;
		const on = (override?: boolean) =>
			fetch(`${server.url}/devices/${id}/ports/2/switch`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', origin: server.url, cookie },
				body: JSON.stringify(override === undefined ? { on: true } : { on: true, override })
			});
		const frame = (extra: object = {}) =>
			post(server.url, '/api/v1/readings', token, {
				ts: Date.now(),
				...extra,
				ports: [{ port: 2, voltage: 230, current: 0, power: 0, relay: false }]
			});
		const first = (await (await on()).json()) as { command: { id: string } };
		const plain = (await (await frame()).json()) as { commands: object[] };
		expect(plain.commands).toEqual([
			{ id: first.command.id, port: 2, on: true, expires: expect.any(Number) }
		]);
		// The strip cut this port for an overload: it refuses a plain "on".
		await frame({ refused: [first.command.id] });
		expect(commands(id).at(-1)).toMatchObject({ id: first.command.id, status: 'refused' });
		const controls = db
			.prepare(`SELECT override FROM relay_commands WHERE id = ?`)
			.pluck()
			.get(first.command.id);
		expect(controls).toBe(0);

		const insist = (await (await on(true)).json()) as { command: { id: string } };
		// Switch-ons of one strip are staggered: the long-poll waits for it.
		const answer = (await (
			await fetch(`${server.url}/api/v1/commands?wait=10`, {
				headers: { authorization: `Bearer ${token}` }
			})
		).json()) as { commands: object[] };
		expect(answer.commands).toEqual([
			{ id: insist.command.id, port: 2, on: true, expires: expect.any(Number), override: true }
		]);
		expect(
			(
				await fetch(`${server.url}/devices/${id}/ports/2/switch`, {
					method: 'POST',
					headers: { 'content-type': 'application/json', origin: server.url, cookie },
					body: JSON.stringify({ on: true, override: 'yes' })
				})
			).status
		).toBe(400);
	});

	it('takes acks on the seed-compatible single reading as well', async () => {
		const { id, token } = await strip('Seed acks');
		const res = await toggle(id, 3, false);
		const { command } = (await res.json()) as { command: { id: string } };
		const answer = await post(server.url, '/api/data', token, {
			port: 3,
			voltage: 230,
			current: 0,
			power: 0,
			relay: false,
			acks: [command.id]
		});
		expect(((await answer.json()) as { commands: unknown[] }).commands).toEqual([]);
		expect(commands(id).at(-1)).toMatchObject({ id: command.id, status: 'applied' });
	});

	it('expiry: a command the strip gets too late by its clock is refused and reported', async () => {
		// The strip's clock runs ahead by more than a command's lifetime.
		const { id, device } = await strip('Late clock', { clockSkewMs: TTL_MS + 2000 });
		await device.tick();
		await toggle(id, 3, false);
		await runUntil(device, () => commands(id).at(-1)?.status === 'refused');
		expect(device.relays[2]).toBe(true);
		expect(portRelay(id, 3)).toBe(1);
	});

	it('an expired command is never delivered, so a strip back from a reboot gets nothing stale', async () => {
		const { id, token, device } = await strip('Reboots');
		await device.tick();
		await toggle(id, 4, false);
		// The strip fetched the command but rebooted before applying it…
		const first = await post(server.url, '/api/v1/readings', token, {
			ts: Date.now(),
			ports: [{ port: 4, voltage: 230, current: 0.1, power: 20, relay: true }]
		});
		expect(((await first.json()) as { commands: unknown[] }).commands).toHaveLength(1);
		device.reboot();
		// …and is back after the command expired.
		await new Promise((r) => setTimeout(r, TTL_MS + 1200));
		const poll = await fetch(`${server.url}/api/v1/commands?wait=0`, {
			headers: { authorization: `Bearer ${token}` }
		});
		expect(((await poll.json()) as { commands: unknown[] }).commands).toEqual([]);
		await device.tick();
		expect(device.relays[3]).toBe(true);
		expect(commands(id).at(-1)?.status).toBe('expired');
		// And an applied, acked command is not sent again after a reboot either.
		await toggle(id, 4, false);
		await runUntil(device, () => commands(id).at(-1)?.status === 'applied');
		device.reboot();
		const again = await post(server.url, '/api/v1/readings', token, {
			ts: Date.now(),
			ports: [{ port: 4, voltage: 230, current: 0, power: 0, relay: false }]
		});
		expect(((await again.json()) as { commands: unknown[] }).commands).toEqual([]);
	});

	it('a burst of toggles ends in the last state asked for', async () => {
		const { id, device } = await strip('Burst', { longPoll: true });
		await device.tick();
		const wishes = [false, true, false, true, false, true, false];
		for (const on of wishes) expect((await toggle(id, 2, on)).status).toBe(202);
		await runUntil(device, () => commands(id).every((c) => c.status !== 'pending'));
		await device.tick();
		expect(device.relays[1]).toBe(false);
		expect(portRelay(id, 2)).toBe(0);
		expect(commands(id).at(-1)).toMatchObject({ turn_on: 0, status: 'applied' });
		// Commands replaced before they were applied are recorded as such, not as switched.
		expect(commands(id).filter((c) => c.status === 'superseded').length).toBeGreaterThan(0);
	});

	it('staggers ports switched on together', async () => {
		const { id, device } = await strip('Stagger', { longPoll: true });
		for (const port of [1, 2, 3]) await toggle(id, port, false);
		await runUntil(device, () => device.relays.slice(0, 3).every((r) => !r));
		await runUntil(device, () => commands(id).every((c) => c.status !== 'pending'));
		for (const port of [1, 2, 3]) await toggle(id, port, true);
		await runUntil(device, () => device.relays.slice(0, 3).every((r) => r));
		// Released a second apart by the server (the strip staggers them again on its side).
		const releases = db
			.prepare(
				`SELECT release_at FROM relay_commands WHERE device_id = ? AND turn_on = 1 ORDER BY seq`
			)
			.pluck()
			.all(id) as number[];
		expect(releases).toHaveLength(3);
		expect(releases[1]! - releases[0]!).toBeGreaterThanOrEqual(1000);
		expect(releases[2]! - releases[1]!).toBeGreaterThanOrEqual(1000);
	});

	it('only the owner may switch: someone else gets 404, a critical port asks first', async () => {
		const { id } = await strip('Owned');
		const other = await signUp(server.url);
		expect((await toggle(id, 1, false, other.cookie)).status).toBe(404);
		const anonymous = await fetch(`${server.url}/devices/${id}/ports/1/switch`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: server.url },
			body: '{"on":false}'
		});
		expect(anonymous.status).toBe(401);
		expect((await toggle(id, 9, false)).status).toBe(404);

		const form = new URLSearchParams({ critical: 'on', max_power_w: '', hold_s: '10' });
		const saved = await fetch(`${server.url}/devices/${id}/ports/1?/protect`, {
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				origin: server.url,
				cookie: account.cookie
			},
			body: form
		});
		expect(saved.status).toBe(200);
		const refused = await toggle(id, 1, false);
		expect(refused.status).toBe(409);
		expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
			'confirm_required'
		);
		expect((await toggle(id, 1, false, account.cookie, true)).status).toBe(202);
		expect(commands(id).at(-1)).toMatchObject({
			port: 1,
			source: 'user',
			user_id: expect.any(Number)
		});
	});

	it('the long-poll answers [] after its wait and refuses a bad wait', async () => {
		const { token } = await strip('Quiet');
		const started = Date.now();
		const res = await fetch(`${server.url}/api/v1/commands?wait=1`, {
			headers: { authorization: `Bearer ${token}` }
		});
		expect(await res.json()).toEqual({ commands: [], server_time: expect.any(Number) });
		expect(Date.now() - started).toBeGreaterThanOrEqual(900);
		const bad = await fetch(`${server.url}/api/v1/commands?wait=31`, {
			headers: { authorization: `Bearer ${token}` }
		});
		expect(bad.status).toBe(400);
		const unauthorized = await fetch(`${server.url}/api/v1/commands?wait=1`);
		expect(unauthorized.status).toBe(401);
	});

	it('overload: a scripted power ramp trips after the hold time and not before', async () => {
		const { id, token } = await strip('Heater strip');
		const form = new URLSearchParams({ max_power_w: '1000', hold_s: '5' });
		const saved = await fetch(`${server.url}/devices/${id}/ports/2?/protect`, {
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				origin: server.url,
				cookie: account.cookie
			},
			body: form
		});
		expect(saved.status).toBe(200);
		// One frame a second; over the limit from t = 3 s, so the 5 s hold ends at t = 8 s.
		const watts = [400, 800, 950, 1100, 1200, 1300, 1300, 1350, 1400, 1400];
		const t0 = Date.now() - 30_000;
		const tripped = () => commands(id).filter((c) => c.source === 'overload');
		for (const [i, power] of watts.entries()) {
			const res = await post(server.url, '/api/v1/readings', token, {
				ts: t0 + i * 1000,
				seq: i,
				ports: [{ port: 2, voltage: 230, current: power / 230, power, relay: true }]
			});
			expect(res.status).toBe(200);
			const body = (await res.json()) as { commands: { port: number; on: boolean }[] };
			if (i < 8) expect(tripped(), `tripped early at t = ${i} s`).toEqual([]);
			if (i === 8) {
				expect(tripped()).toEqual([
					expect.objectContaining({ port: 2, turn_on: 0, status: 'pending' })
				]);
				// The switch-off travels in this very answer.
				expect(body.commands).toEqual([expect.objectContaining({ port: 2, on: false })]);
			}
		}
		expect(tripped()).toHaveLength(1);
		const alerts = db
			.prepare(`SELECT port, rule, severity, message, cleared_at FROM alerts WHERE device_id = ?`)
			.all(id);
		expect(alerts).toEqual([
			expect.objectContaining({ port: 2, rule: 'OVERLOAD', severity: 'CRITICAL', cleared_at: null })
		]);
		expect((alerts[0] as { message: string }).message).toMatch(/over its 1,000 W limit for 5 s/);
	});
});
