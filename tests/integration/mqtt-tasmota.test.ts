import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/connection';
import { openTestDb } from '../helpers/db';
import { TestBroker } from '../helpers/mqtt-broker';
import { formAction, signUp, startServer, type RunningServer } from '../helpers/server';

/**
 * A Tasmota plug as it appears on a household's broker, read by the app's own Tasmota
 * family (no test family): found, added with a tap, billed from its counter, switched.
 */
const broker = new TestBroker();
let server: RunningServer;
let db: Db;
let plug: MqttClient;
const commands: { topic: string; payload: string }[] = [];
const TOPIC = 'tasmota_kitchen';

beforeAll(async () => {
	await broker.start();
	server = await startServer({
		MQTT_URL: broker.url,
		RELAY_COMMAND_TTL_S: '20',
		MQTT_POLL_S: '1'
	});
	db = openTestDb(server.dbPath, { readonly: true });
	plug = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, {
		username: TestBroker.USER,
		password: TestBroker.PASSWORD
	});
	plug.on('message', (topic, payload) => {
		commands.push({ topic, payload: payload.toString() });
		// The plug obeys a switch and says so, as Tasmota does on stat/.
		const m = /^cmnd\/[^/]+\/(POWER1?)$/.exec(topic);
		const on = payload.toString().toUpperCase();
		if (m && (on === 'ON' || on === 'OFF')) {
			void plug.publishAsync(`stat/${TOPIC}/RESULT`, JSON.stringify({ POWER: on }));
			void plug.publishAsync(`stat/${TOPIC}/POWER`, on);
		}
	});
	await plug.subscribeAsync(`cmnd/${TOPIC}/+`);
	// On PostgreSQL the bridge runs on the leader, which is chosen after the start.
	await until(async () => {
		const text = await (await fetch(`${server.url}/metrics`)).text();
		return /^multiplug_mqtt_connected 1/m.test(text);
	}, 'the bridge on the broker');
});
afterAll(async () => {
	await plug?.endAsync(true);
	db?.close();
	server?.cleanup();
	await broker.stop().catch(() => {});
});

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 20_000) {
	const end = Date.now() + ms;
	while (!(await check())) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 50));
	}
}

/** Tasmota's SENSOR with its time and offset (SetOption52), Total in kWh. */
function sensor(at: number, totalKwh: number, power: number) {
	const local = new Date(at + 6 * 3_600_000).toISOString().slice(0, 19);
	return plug.publishAsync(
		`tele/${TOPIC}/SENSOR`,
		JSON.stringify({
			Time: `${local}+06:00`,
			ENERGY: {
				TotalStartTime: '2026-10-01T00:00:00',
				Total: totalKwh,
				Yesterday: 0.5,
				Today: 0.1,
				Power: power,
				Factor: 0.95,
				Voltage: 231,
				Current: Math.round((power / 231) * 1000) / 1000
			}
		})
	);
}

describe('a Tasmota plug on the broker', () => {
	it('is found, added by a tap, billed from its counter and switched from the app', async () => {
		const owner = await signUp(server.url);
		const t0 = Date.now() - 5 * 60_000;
		await sensor(t0, 12.345, 600);
		const page = () =>
			fetch(`${server.url}/devices`, { headers: { cookie: owner.cookie } }).then((r) => r.text());
		await until(async () => (await page()).includes(TOPIC), 'the sighting');

		const added = await formAction(
			server.url,
			'/devices?/addPlug',
			{ family: 'tasmota', key: TOPIC },
			owner.cookie
		);
		expect(((await added.json()) as { type: string }).type).toBe('success');
		const deviceId = db
			.prepare(`SELECT device_id FROM plugs WHERE plug_key = ?`)
			.pluck()
			.get(TOPIC) as number;
		expect(deviceId).toBeGreaterThan(0);

		// Four minutes at 10 Wh a minute: the counter says 40 Wh.
		for (let i = 0; i <= 4; i++) await sensor(t0 + i * 60_000, 12.345 + i * 0.01, 600);
		const energyWh = () =>
			Number(
				db
					.prepare(`SELECT COALESCE(SUM(energy_mj), 0) FROM energy_buckets WHERE device_id = ?`)
					.pluck()
					.get(deviceId)
			) / 3_600_000;
		await until(() => Math.abs(energyWh() - 40) < 1e-9, 'the counter’s 40 Wh');

		const res = await fetch(`${server.url}/devices/${deviceId}/ports/1/switch`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: server.url, cookie: owner.cookie },
			body: JSON.stringify({ on: false })
		});
		expect(res.status).toBe(202);
		await until(
			() =>
				commands.some(
					(c) =>
						/^cmnd\/tasmota_kitchen\/POWER1?$/.test(c.topic) && c.payload.toUpperCase() === 'OFF'
				),
			'the command on cmnd/'
		);
		const status = () =>
			db
				.prepare(`SELECT status FROM relay_commands WHERE device_id = ? ORDER BY seq DESC`)
				.pluck()
				.get(deviceId);
		await until(() => status() === 'applied', 'the plug’s answer settling the command');

		// Its page says where it comes from and offers neither a token nor a meter bus.
		const own = await fetch(`${server.url}/devices/${deviceId}`, {
			headers: { cookie: owner.cookie }
		}).then((r) => r.text());
		// The names in the sentence are marked as names, so the text is read without tags.
		expect(own.replace(/<[^>]*>/g, '')).toContain('A Tasmota plug (tasmota_kitchen)');
		expect(own).not.toContain('Rotate');
		expect(own).not.toContain('Meter addresses');
		expect(own).not.toContain('firmware from before health reports');
		const rotate = await formAction(server.url, `/devices/${deviceId}?/rotate`, {}, owner.cookie);
		const refused = (await rotate.json()) as { type: string; status: number };
		expect([refused.type, refused.status]).toEqual(['failure', 400]);

		// The plug is asked for its state every poll, with nothing else happening.
		const polls = () =>
			commands.filter((c) => c.topic === `cmnd/${TOPIC}/STATUS` && c.payload === '8').length;
		const before = polls();
		await until(() => polls() >= before + 2, 'two more polls');

		// Home Assistant gets the port's state again every second poll, with no new reading.
		const ha = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, {
			username: TestBroker.USER,
			password: TestBroker.PASSWORD
		});
		const states: number[] = [];
		ha.on('message', (topic, _payload, packet) => {
			if (topic === `multiplug/${deviceId}/port1` && !packet.retain) states.push(Date.now());
		});
		await ha.subscribeAsync(`multiplug/${deviceId}/port1`);
		try {
			const on = await formAction(
				server.url,
				'/devices?/homeAssistant',
				{ on: 'true' },
				owner.cookie
			);
			expect(((await on.json()) as { type: string }).type).toBe('success');
			await until(() => states.length >= 3, 'the state published again and again');
		} finally {
			await ha.endAsync(true);
		}
	});
});
