import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	addDevice,
	formAction,
	post,
	ROOT,
	signUp,
	startServer,
	type RunningServer
} from '../helpers/server';
import { openTestDb } from '../helpers/db';

// The golden payloads the firmware's encoder produces byte for byte (firmware/test).
const DIR = join(ROOT, 'tests/contract');
const GOLDEN_FROM = 1764230400000; // their timestamps lie in the hour after this instant
const files = readdirSync(DIR)
	.filter((f) => /^readings-.*\.json$/.test(f))
	.sort((a, b) => firstTs(a) - firstTs(b));

function firstTs(file: string): number {
	return Number(/"ts":(\d+)/.exec(readFileSync(join(DIR, file), 'utf8'))![1]);
}

function portEnergyMj(device: string, port: number): number {
	const db = openTestDb(server.dbPath, { readonly: true });
	try {
		return db
			.prepare(
				`SELECT ifnull(sum(e.energy_mj), 0) FROM energy_daily e JOIN devices d ON d.id = e.device_id
				 WHERE d.name = ? AND e.port = ?`
			)
			.pluck()
			.get(device, port) as number;
	} finally {
		db.close();
	}
}

let server: RunningServer;
let token: string;
// Shift every timestamp into the last hour, textually, so the bytes are otherwise the firmware's.
const shift = Math.floor((Date.now() - 2 * 3_600_000) / 1000) * 1000 - GOLDEN_FROM;

beforeAll(async () => {
	server = await startServer();
	({ token } = await addDevice(server.dbPath, 'Firmware strip'));
});
afterAll(() => server.cleanup());

describe('the firmware contract', () => {
	it('has golden payloads to check', () => {
		expect(files.length).toBeGreaterThanOrEqual(3);
	});

	it.each(files)('accepts %s as the firmware sends it', async (file) => {
		const raw = readFileSync(join(DIR, file), 'utf8');
		const body = raw.replace(/"ts":(\d+)/g, (_, ts: string) => `"ts":${Number(ts) + shift}`);
		const frames = JSON.parse(body) as { ports: unknown[] }[] | { ports: unknown[] };
		const readings = (Array.isArray(frames) ? frames : [frames]).reduce(
			(n, f) => n + f.ports.length,
			0
		);

		const res = await post(server.url, '/api/v1/readings', token, body);
		expect(res.status).toBe(200);
		const answer = await res.json();
		expect(answer).toMatchObject({ accepted: readings, duplicates: [], rejected: [] });
		// The device reads commands and server_time first: its answer buffer is 2 kB.
		expect(Object.keys(answer).slice(0, 2)).toEqual(['commands', 'server_time']);
	});

	it('takes the interval of a counter epoch change from power, not from the counter', async () => {
		// A device of its own, so the other files' readings do not border this one's.
		const { token: own } = await addDevice(server.dbPath, 'Strip with a replaced meter');
		const raw = readFileSync(join(DIR, 'readings-epoch-change.json'), 'utf8');
		const body = raw.replace(/"ts":(\d+)/g, (_, ts: string) => `"ts":${Number(ts) + shift}`);
		const res = await post(server.url, '/api/v1/readings', own, body);
		expect(res.status).toBe(200);
		// Port 3: 950.2 W for 10 s across the change (epoch 0 → 1, counter unchanged), then
		// 3 Wh within epoch 1. Counting the counter across the change would give 0 + 3 Wh.
		expect(portEnergyMj('Strip with a replaced meter', 3)).toBe(
			Math.round(950.2 * 10_000) + 3 * 3_600_000
		);
	});

	it('accepts the same frames without epochs, as firmware from before epochs sends them', async () => {
		const { token: old } = await addDevice(server.dbPath, 'Strip on old firmware');
		const raw = readFileSync(join(DIR, 'readings-epoch-change.json'), 'utf8');
		const body = raw
			.replace(/"epoch":\d+,/g, '')
			.replace(/"ts":(\d+)/g, (_, ts: string) => `"ts":${Number(ts) + shift}`);
		expect(body).not.toContain('epoch');
		const res = await post(server.url, '/api/v1/readings', old, body);
		expect(res.status).toBe(200);
		expect(await res.json()).toMatchObject({ accepted: 12, rejected: [] });
		// Without epochs the counter is the truth: 0 Wh, then 3 Wh.
		expect(portEnergyMj('Strip on old firmware', 3)).toBe(3 * 3_600_000);
	});

	it('sends meter commands in the shape of the golden answer the firmware parses', async () => {
		const golden = JSON.parse(readFileSync(join(DIR, 'response-meter-commands.json'), 'utf8')) as {
			commands: Record<string, unknown>[];
		};
		const shapes = new Map(
			golden.commands.map((c) => [String(c.action ?? 'switch'), Object.keys(c).sort()])
		);
		const account = await signUp(server.url);
		const strip = await addDevice(server.dbPath, 'Strip for meter commands', 4, account.email);
		const ask = (path: string) =>
			formAction(server.url, `/devices/${strip.id}${path}`, { port: '3' }, account.cookie);
		const poll = async () => {
			const res = await fetch(`${server.url}/api/v1/commands?wait=1`, {
				headers: { authorization: `Bearer ${strip.token}` }
			});
			return ((await res.json()) as { commands: Record<string, unknown>[] }).commands;
		};
		expect((await ask('?/address')).status).toBe(200);
		const [address] = await poll();
		expect(Object.keys(address!).sort()).toEqual(shapes.get('assign_address'));
		// Firmware from before actions requires "on" of every command: without it, it drops one.
		expect(address).not.toHaveProperty('on');
		await post(server.url, '/api/v1/readings', strip.token, {
			ts: Date.now() - 1000,
			refused: [address!.id],
			results: [{ id: address!.id, outcome: 'no_answer' }],
			health: { uptime_s: 1, meters_online: [] },
			ports: []
		});
		expect((await ask('/ports/3?/resetEnergy')).status).toBe(200);
		const [reset] = await poll();
		expect(Object.keys(reset!).sort()).toEqual(shapes.get('reset_energy'));
		expect(reset).toMatchObject({ action: 'reset_energy', port: 3 });
	});

	it('counts the frames the device reports it dropped', () => {
		const reported = files
			.map((f) => readFileSync(join(DIR, f), 'utf8'))
			.reduce(
				(n, text) =>
					n + [...text.matchAll(/"dropped":(\d+)/g)].reduce((a, m) => a + Number(m[1]), 0),
				0
			);
		const db = openTestDb(server.dbPath, { readonly: true });
		try {
			expect(
				db.prepare("SELECT dropped_frames FROM devices WHERE name = 'Firmware strip'").pluck().get()
			).toBe(reported);
		} finally {
			db.close();
		}
		expect(reported).toBeGreaterThan(0);
	});
});
