import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openTestDb } from '../helpers/db';
import type { Db } from '../../server/db/connection';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	addDevice,
	formAction,
	post,
	ROOT,
	signUp,
	startServer,
	type Account,
	type RunningServer
} from '../helpers/server';

// Commands live 3 s here (30 s by default) so that expiry is quick to reach.
const TTL_MS = 3000;
let server: RunningServer;
let account: Account;
let db: Db;

beforeAll(async () => {
	server = await startServer({ RELAY_COMMAND_TTL_S: String(TTL_MS / 1000) });
	account = await signUp(server.url);
	db = openTestDb(server.dbPath, { readonly: true });
});
afterAll(() => {
	db?.close();
	server.cleanup();
});

/** A form action as the page's enhanced form sends it; answers SvelteKit's JSON result. */
async function action(path: string, fields: Record<string, string>, cookie = account.cookie) {
	const res = await formAction(server.url, path, fields, cookie);
	return (await res.json()) as { type: string; status: number };
}

const page = async (path: string, cookie = account.cookie) =>
	(await fetch(server.url + path, { headers: { cookie } })).text();

/** The strip's long-poll, as the firmware sends it. */
async function longPoll(token: string, waitS = 2) {
	const res = await fetch(`${server.url}/api/v1/commands?wait=${waitS}`, {
		headers: { authorization: `Bearer ${token}` }
	});
	expect(res.status).toBe(200);
	return ((await res.json()) as { commands: Record<string, unknown>[] }).commands;
}

const command = (id: string) =>
	db
		.prepare(
			`SELECT action, port, turn_on, status, outcome, read_back FROM relay_commands WHERE id = ?`
		)
		.get(id);

const energyMj = (deviceId: number, port: number) =>
	db
		.prepare(
			'SELECT COALESCE(sum(energy_mj), 0) FROM energy_buckets WHERE device_id = ? AND port = ?'
		)
		.pluck()
		.get(deviceId, port) as number;

async function strip(name: string) {
	return addDevice(server.dbPath, name, 4, account.email);
}

describe('meter addressing from the device page', () => {
	it('sends the command to the strip and shows the address the strip confirmed', async () => {
		const { id, token } = await strip('Addressing strip');
		expect(await action(`/devices/${id}?/address`, { port: '3' })).toMatchObject({
			type: 'success'
		});
		expect(await page(`/devices/${id}`)).toContain(
			'Port 3 meter: assigning address 3, waiting for the strip…'
		);

		const [sent] = await longPoll(token);
		expect(Object.keys(sent!).sort()).toEqual(['action', 'expires', 'id', 'port']);
		expect(sent).toMatchObject({ action: 'assign_address', port: 3 });

		// The firmware's golden upload, with this command's id and a fresh timestamp.
		const golden = readFileSync(join(ROOT, 'tests/contract/readings-with-results.json'), 'utf8')
			.replaceAll('c_adr3', String(sent!.id))
			.replace(/"ts":\d+/, `"ts":${Date.now() - 1000}`);
		const res = await post(server.url, '/api/v1/readings', token, golden);
		expect(res.status).toBe(200);
		expect(await res.json()).toMatchObject({ accepted: 1, rejected: [] });

		expect(command(String(sent!.id))).toEqual({
			action: 'assign_address',
			port: 3,
			turn_on: 0,
			status: 'applied',
			outcome: 'confirmed',
			read_back: 3
		});
		expect(await page(`/devices/${id}`)).toContain('Port 3 meter: address 3 confirmed.');
	});

	it('shows a wrong read-back and a meter that never answered as failures', async () => {
		const { id, token } = await strip('Failing addressing strip');
		await action(`/devices/${id}?/address`, { port: '4' });
		const [first] = await longPoll(token);
		await post(server.url, '/api/v1/readings', token, {
			ts: Date.now() - 2000,
			refused: [first!.id],
			results: [{ id: first!.id, outcome: 'wrong_address', read_back: 2 }],
			health: { uptime_s: 60, meters_online: [] },
			ports: []
		});
		expect(command(String(first!.id))).toMatchObject({
			status: 'refused',
			outcome: 'wrong_address',
			read_back: 2
		});
		await action(`/devices/${id}?/address`, { port: '2' });
		const [second] = await longPoll(token);
		await post(server.url, '/api/v1/readings', token, {
			ts: Date.now() - 1000,
			refused: [second!.id],
			results: [{ id: second!.id, outcome: 'no_answer' }],
			health: { uptime_s: 61, meters_online: [] },
			ports: []
		});
		const html = await page(`/devices/${id}`);
		expect(html).toContain('Port 4 meter: address 4 failed: the meter reads back address 2.');
		expect(html).toContain('Port 2 meter: address 2 failed: no meter answered.');
	});

	it('refuses a second meter job while one is on its way, and a port the strip lacks', async () => {
		const { id } = await strip('Busy strip');
		expect(await action(`/devices/${id}?/address`, { port: '1' })).toMatchObject({
			type: 'success'
		});
		expect(await action(`/devices/${id}?/address`, { port: '2' })).toMatchObject({
			type: 'failure',
			status: 409
		});
		expect(await action(`/devices/${id}?/address`, { port: '9' })).toMatchObject({
			type: 'failure',
			status: 400
		});
	});

	it('lets nobody address another account’s strip', async () => {
		const { id } = await strip('Someone else’s strip');
		const stranger = await signUp(server.url);
		const res = await formAction(
			server.url,
			`/devices/${id}?/address`,
			{ port: '1' },
			stranger.cookie
		);
		expect(res.status).toBe(404);
		expect(
			db.prepare(`SELECT count(*) FROM relay_commands WHERE device_id = ?`).pluck().get(id)
		).toBe(0);
	});

	it('expires unconfirmed on firmware that ignores the action, and says so', async () => {
		const { id, token } = await strip('Old firmware strip');
		await action(`/devices/${id}?/address`, { port: '1' });
		const [sent] = await longPoll(token);
		// Old firmware requires "on": it drops the command and reports nothing.
		expect(sent).not.toHaveProperty('on');
		await new Promise((r) => setTimeout(r, TTL_MS + 1500));
		expect(command(String(sent!.id))).toMatchObject({ status: 'expired', outcome: null });
		expect(await page(`/devices/${id}`)).toContain(
			'Port 1 meter: not confirmed: the strip did not answer in time'
		);
	});
});

describe('meter commands beside switches', () => {
	it('a switch of the same port neither replaces the meter command nor is replaced by it', async () => {
		const { id, token } = await strip('Mixed commands strip');
		await action(`/devices/${id}/ports/2?/resetEnergy`, {});
		const sw = await fetch(`${server.url}/devices/${id}/ports/2/switch`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: server.url, cookie: account.cookie },
			body: JSON.stringify({ on: false })
		});
		expect(sw.status).toBe(202);
		const sent = await longPoll(token);
		expect(sent.map((c) => c.action ?? 'switch').sort()).toEqual(['reset_energy', 'switch']);
		const statuses = db
			.prepare(`SELECT status FROM relay_commands WHERE device_id = ?`)
			.pluck()
			.all(id);
		expect(statuses).toEqual(['pending', 'pending']);
	});
});

describe('energy reset from the port page', () => {
	it('a reset mid-day loses no energy and adds none beyond the interval rule', async () => {
		const { id, token } = await strip('Reset strip');
		const t0 = Math.floor((Date.now() - 120_000) / 1000) * 1000;
		const reading = (ts: number, wh: number, epoch: number, extra = {}) => ({
			ts,
			seq: ts / 1000,
			...extra,
			ports: [
				{ port: 2, voltage: 230, current: 4.35, power: 1000, energy_wh: wh, epoch, relay: true }
			]
		});
		// Before: 20,000 → 20,003 Wh in epoch 0.
		await post(server.url, '/api/v1/readings', token, [
			reading(t0, 20_000, 0),
			reading(t0 + 10_000, 20_003, 0)
		]);

		expect(await action(`/devices/${id}/ports/2?/resetEnergy`, {})).toMatchObject({
			type: 'success'
		});
		expect(await page(`/devices/${id}/ports/2`)).toContain(
			'Port 2 meter: resetting its energy counter, waiting for the strip…'
		);
		const [sent] = await longPoll(token);
		expect(sent).toMatchObject({ action: 'reset_energy', port: 2 });
		expect(sent).not.toHaveProperty('on');

		// After: the firmware's total stands still at the change, the epoch goes up, and
		// counting goes on (+3 Wh) in epoch 1. The ack and the outcome ride on the first frame.
		const res = await post(server.url, '/api/v1/readings', token, [
			reading(t0 + 20_000, 20_003, 1, {
				acks: [sent!.id],
				results: [{ id: sent!.id, outcome: 'confirmed' }]
			}),
			reading(t0 + 30_000, 20_006, 1)
		]);
		expect(await res.json()).toMatchObject({ accepted: 2, rejected: [] });

		// 3 Wh in epoch 0, the crossing interval from power (1,000 W for 10 s, trapezoid),
		// 3 Wh in epoch 1: nothing lost, and the counter's drop never counted.
		expect(energyMj(id, 2)).toBe(3 * 3_600_000 + 1000 * 10_000 + 3 * 3_600_000);
		expect(command(String(sent!.id))).toMatchObject({ status: 'applied', outcome: 'confirmed' });
		expect(await page(`/devices/${id}/ports/2`)).toContain(
			'Port 2 meter: energy counter reset, confirmed.'
		);
	});

	it('a reset the meter never confirmed still leaves the energy to the epoch rule', async () => {
		const { id, token } = await strip('Silent meter strip');
		const t0 = Math.floor((Date.now() - 120_000) / 1000) * 1000;
		await action(`/devices/${id}/ports/1?/resetEnergy`, {});
		const [sent] = await longPoll(token);
		await post(server.url, '/api/v1/readings', token, [
			{
				ts: t0,
				refused: [sent!.id],
				results: [{ id: sent!.id, outcome: 'no_answer' }],
				health: { uptime_s: 10, meters_online: [] },
				ports: []
			}
		]);
		expect(command(String(sent!.id))).toMatchObject({ status: 'refused', outcome: 'no_answer' });
		expect(energyMj(id, 1)).toBe(0);
		expect(await page(`/devices/${id}/ports/1`)).toContain(
			'Port 1 meter: reset failed: the meter did not answer.'
		);
	});
});
