import { fileURLToPath } from 'node:url';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/connection';
import { openTestDb } from '../helpers/db';
import { TestBroker } from '../helpers/mqtt-broker';
import {
	addDevice,
	formAction,
	post,
	signUp,
	startServer,
	type RunningServer
} from '../helpers/server';

const PRELOAD = fileURLToPath(new URL('../helpers/fake-plug-family.js', import.meta.url));
const PER_MINUTE = 30;

const broker = new TestBroker();
const { USER, PASSWORD } = TestBroker;
let server: RunningServer;
let db: Db;
/** Plugs and Home Assistant, as one client of the broker. */
let world: MqttClient;
const heard: { topic: string; payload: string; retain: boolean }[] = [];

beforeAll(async () => {
	await broker.start();
	server = await startServer(
		{
			MQTT_URL: broker.url,
			MQTT_PLUG_MESSAGES_PER_MINUTE: String(PER_MINUTE),
			MQTT_MAX_PAYLOAD_BYTES: '2048',
			RELAY_COMMAND_TTL_S: '20'
		},
		undefined,
		['--import', PRELOAD]
	);
	db = openTestDb(server.dbPath, { readonly: true });
	world = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, {
		username: USER,
		password: PASSWORD,
		reconnectPeriod: 200
	});
	world.on('message', (topic, payload, packet) =>
		heard.push({ topic, payload: payload.toString(), retain: packet.retain })
	);
	await world.subscribeAsync([
		'fakeplug/+/set/+',
		'fakeplug/+/poll',
		'homeassistant/#',
		'multiplug/#'
	]);
	await until(async () => (await metric('multiplug_mqtt_connected')) === 1);
});
afterAll(async () => {
	await world?.endAsync(true);
	db?.close();
	server?.cleanup();
	await broker.stop().catch(() => {});
});

async function until(check: () => boolean | Promise<boolean>, what = 'condition', ms = 20_000) {
	const end = Date.now() + ms;
	while (!(await check())) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 50));
	}
}

async function metric(name: string, outcome?: string): Promise<number> {
	const text = await (await fetch(`${server.url}/metrics`)).text();
	const label = outcome ? `\\{outcome="${outcome}"\\}` : '';
	const m = new RegExp(`^${name}${label} (\\d+)`, 'm').exec(text);
	return m ? Number(m[1]) : 0;
}

async function action(path: string, fields: Record<string, string>, cookie: string) {
	const res = await formAction(server.url, path, fields, cookie);
	return (await res.json()) as { type: string; status: number; data?: string };
}

/** How many retained messages a newly subscribed client gets on a filter. */
async function retained(filter: string): Promise<number> {
	const late = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, {
		username: USER,
		password: PASSWORD
	});
	let n = 0;
	late.on('message', (_t, payload, packet) => {
		if (packet.retain && payload.length) n++;
	});
	await late.subscribeAsync(filter);
	await new Promise((r) => setTimeout(r, 500));
	await late.endAsync(true);
	return n;
}

const devicesPage = async (cookie: string) =>
	(await fetch(`${server.url}/devices`, { headers: { cookie } })).text();

function reading(key: string, ts: number, energyWh: number, extra: object = {}) {
	return world.publishAsync(
		`fakeplug/${key}/reading`,
		JSON.stringify({
			ts,
			ports: [{ port: 1, voltage: 230, current: 4, power: 920, energy_wh: energyWh }],
			...extra
		})
	);
}

const plugDevice = (key: string) =>
	db.prepare(`SELECT device_id FROM plugs WHERE plug_key = ?`).pluck().get(key) as
		number | undefined;
const readingsOf = (deviceId: number) =>
	Number(db.prepare(`SELECT count(*) FROM readings WHERE device_id = ?`).pluck().get(deviceId));
const energyMj = (deviceId: number) =>
	Number(
		db
			.prepare(`SELECT COALESCE(SUM(energy_mj), 0) FROM energy_buckets WHERE device_id = ?`)
			.pluck()
			.get(deviceId)
	);

describe('the MQTT bridge', () => {
	let owner: Awaited<ReturnType<typeof signUp>>;
	let kettle: number;

	it('offers a plug on the broker, which its adder owns: its readings give energy; another account neither sees nor adds it', async () => {
		owner = await signUp(server.url);
		const other = await signUp(server.url);
		const t0 = Date.now() - 60_000;
		await reading('kettle', t0 - 30_000, 995, { name: 'Kettle plug' });
		await until(async () => (await devicesPage(owner.cookie)).includes('Kettle plug'), 'sighting');
		expect(await devicesPage(owner.cookie)).toContain('Found on your broker: 1 plug.');
		// Nobody owns it yet: the message left a sighting, not a reading.
		expect(Number(db.prepare(`SELECT count(*) FROM readings`).pluck().get())).toBe(0);

		const added = await action(
			'/devices?/addPlug',
			{ family: 'fake', key: 'kettle' },
			owner.cookie
		);
		expect(added.type).toBe('success');
		kettle = plugDevice('kettle')!;
		expect(kettle).toBeGreaterThan(0);

		// Another account: not offered, cannot add it, cannot switch it.
		const page = await devicesPage(other.cookie);
		expect(page).not.toContain('Kettle plug');
		expect(page).toContain('No new plug on your broker.');
		const stolen = await action(
			'/devices?/addPlug',
			{ family: 'fake', key: 'kettle' },
			other.cookie
		);
		expect(stolen).toMatchObject({ type: 'failure', status: 409 });
		const foreignSwitch = await fetch(`${server.url}/devices/${kettle}/ports/1/switch`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: server.url, cookie: other.cookie },
			body: JSON.stringify({ on: false })
		});
		expect(foreignSwitch.status).toBe(404);

		// Its counter goes from 1,000 to 1,010 Wh: 10 Wh, through the strip's ledger.
		await reading('kettle', t0, 1000);
		await reading('kettle', t0 + 30_000, 1010);
		await until(() => readingsOf(kettle) === 2, 'readings');
		await until(() => energyMj(kettle) === 10 * 3_600_000, 'energy');
		// The bridge asked the new plug for its state.
		await until(() => heard.some((m) => m.topic === 'fakeplug/kettle/poll'), 'poll');
	});

	it('sends a switch from the app to the plug’s command topic, and the state it reports settles it', async () => {
		const res = await fetch(`${server.url}/devices/${kettle}/ports/1/switch`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: server.url, cookie: owner.cookie },
			body: JSON.stringify({ on: false })
		});
		expect(res.status).toBe(202);
		await until(
			() => heard.some((m) => m.topic === 'fakeplug/kettle/set/1' && m.payload === 'OFF'),
			'command on the broker'
		);
		const status = () =>
			db
				.prepare(`SELECT status FROM relay_commands WHERE device_id = ? ORDER BY seq DESC`)
				.pluck()
				.get(kettle);
		expect(status()).toBe('pending');
		// A state that is not the one asked for settles nothing.
		await world.publishAsync('fakeplug/kettle/relay/1', 'ON');
		await new Promise((r) => setTimeout(r, 300));
		expect(status()).toBe('pending');
		await world.publishAsync('fakeplug/kettle/relay/1', 'OFF');
		await until(() => status() === 'applied', 'command applied');
	});

	it('cuts a plug drawing over its port’s limit, as overload protection cuts a strip’s port', async () => {
		const protect = await action(
			`/devices/${kettle}/ports/1?/protect`,
			{ max_power_w: '500', hold_s: '1' },
			owner.cookie
		);
		expect(protect.type).toBe('success');
		const cuts = () =>
			heard.filter((m) => m.topic === 'fakeplug/kettle/set/1' && m.payload === 'OFF').length;
		const before = cuts();
		const t = Date.now() - 20_000;
		await reading('kettle', t, 1011);
		await reading('kettle', t + 3000, 1012);
		await until(() => cuts() === before + 1, 'the overload cut on the broker');
		expect(
			db
				.prepare(`SELECT source FROM relay_commands WHERE device_id = ? ORDER BY seq DESC`)
				.pluck()
				.get(kettle)
		).toBe('overload');
	});

	it('publishes Home Assistant discovery for a strip’s ports when its household turns it on, and takes its switches', async () => {
		const household = await signUp(server.url);
		const strip = await addDevice(server.dbPath, 'Desk strip', 4, household.email);
		const configs = () =>
			heard.filter((m) =>
				new RegExp(`^homeassistant/(sensor|switch)/multiplug_${strip.id}/`).test(m.topic)
			);
		// Off by default.
		await new Promise((r) => setTimeout(r, 300));
		expect(configs()).toHaveLength(0);

		expect((await action('/devices?/homeAssistant', { on: 'true' }, household.cookie)).type).toBe(
			'success'
		);
		await until(() => configs().length === 16, 'discovery configs');
		// Retained: Home Assistant started later still finds them.
		expect(await retained(`homeassistant/+/multiplug_${strip.id}/+/config`)).toBe(16);
		for (const m of configs()) {
			const c = JSON.parse(m.payload) as Record<string, unknown>;
			expect(c.state_topic).toMatch(new RegExp(`^multiplug/${strip.id}/port[1-4]$`));
			expect(c.unique_id).toBeTypeOf('string');
		}
		const energy = configs().find((m) => m.topic.endsWith('/port1_energy/config'))!;
		expect(JSON.parse(energy.payload)).toMatchObject({
			device_class: 'energy',
			unit_of_measurement: 'kWh',
			state_class: 'total_increasing'
		});
		const cost = configs().find((m) => m.topic.endsWith('/port1_cost/config'))!;
		expect(JSON.parse(cost.payload)).toMatchObject({
			device_class: 'monetary',
			unit_of_measurement: 'BDT'
		});
		// The plug of a household that left it off is not published.
		expect(heard.some((m) => m.topic.includes(`multiplug_${kettle}/`))).toBe(false);

		// A stored reading is published as the port's state.
		const sent = await post(server.url, '/api/v1/readings', strip.token, {
			ts: Date.now(),
			ports: [{ port: 1, voltage: 231, current: 0.5, power: 115.5 }]
		});
		expect(sent.status).toBe(200);
		await until(
			() =>
				heard.some(
					(m) =>
						m.topic === `multiplug/${strip.id}/port1` &&
						(JSON.parse(m.payload) as { power: number }).power === 115.5
				),
			'port state'
		);

		// Home Assistant's switch goes through the app's expiring commands to the strip.
		await world.publishAsync(`multiplug/${strip.id}/port2/set`, 'OFF');
		const poll = await fetch(`${server.url}/api/v1/commands?wait=10`, {
			headers: { authorization: `Bearer ${strip.token}` }
		});
		const { commands } = (await poll.json()) as { commands: { port: number; on: boolean }[] };
		expect(commands).toEqual([expect.objectContaining({ port: 2, on: false })]);

		// Turned off again: the configs are withdrawn (empty and retained).
		await action('/devices?/homeAssistant', { on: 'false' }, household.cookie);
		await until(() => configs().filter((m) => m.payload === '').length === 16, 'configs withdrawn');
		// And its switches are no longer taken.
		await world.publishAsync(`multiplug/${strip.id}/port3/set`, 'OFF');
		await new Promise((r) => setTimeout(r, 300));
		const after = await fetch(`${server.url}/api/v1/commands?wait=1`, {
			headers: { authorization: `Bearer ${strip.token}` }
		});
		expect(((await after.json()) as { commands: unknown[] }).commands).toEqual([]);
	});

	it('clears the broker’s retained Home Assistant configs of devices that are gone or turned off, and leaves everyone else’s', async () => {
		const household = await signUp(server.url);
		const strip = await addDevice(server.dbPath, 'Hall strip', 4, household.email);
		const config = JSON.stringify({ name: 'stale', state_topic: 'multiplug/1/port1' });
		// Left behind by a device removed while the app was away, by a household with it off,
		// and one of another integration's.
		const gone = 'homeassistant/sensor/multiplug_987654/port1_power/config';
		const off = `homeassistant/switch/multiplug_${strip.id}/port2_relay/config`;
		const theirs = 'homeassistant/sensor/kitchen_plug/power/config';
		for (const topic of [gone, off, theirs]) {
			await world.publishAsync(topic, config, { retain: true });
		}
		await until(
			() =>
				heard.filter((m) => (m.topic === gone || m.topic === off) && m.payload === '').length === 2,
			'the stale configs cleared'
		);
		expect(await retained(gone)).toBe(0);
		expect(await retained(off)).toBe(0);
		expect(await retained(theirs)).toBe(1);
		await world.publishAsync(theirs, '', { retain: true });
	});

	it('counts malformed, oversized and flooding messages, drops them, and stays up for other plugs', async () => {
		const malformed = await metric('multiplug_mqtt_messages_total', 'malformed');
		await world.publishAsync('fakeplug/kettle/reading', '{not json');
		await world.publishAsync('fakeplug/kettle/relay/1', 'MAYBE');
		await until(
			async () => (await metric('multiplug_mqtt_messages_total', 'malformed')) === malformed + 2,
			'malformed counted'
		);
		await world.publishAsync('fakeplug/kettle/reading', 'x'.repeat(4096));
		await until(
			async () => (await metric('multiplug_mqtt_messages_total', 'too_large')) === 1,
			'oversized counted'
		);

		// One publisher floods its topic: beyond its allowance every message is dropped (the
		// allowance is per minute, and a minute may turn during the flood).
		const flood = 200;
		await Promise.all(
			Array.from({ length: flood }, (_, i) => reading('chatty', Date.now() - i, i))
		);
		await until(
			async () =>
				(await metric('multiplug_mqtt_messages_total', 'rate_limited')) >= flood - 2 * PER_MINUTE,
			'flood dropped'
		);
		// The owned plug beside it is still heard.
		const before = readingsOf(kettle);
		await reading('kettle', Date.now(), 1020);
		await until(() => readingsOf(kettle) === before + 1, 'reading after the flood');
		expect(await metric('multiplug_mqtt_connected')).toBe(1);
	});

	it('keeps serving while the broker is away, and connects again when it is back', async () => {
		const port = broker.port;
		await broker.stop();
		await until(async () => (await metric('multiplug_mqtt_connected')) === 0, 'disconnected');
		expect((await fetch(`${server.url}/health`)).status).toBe(200);
		const strip = await addDevice(server.dbPath, 'Strip without broker', 1, owner.email);
		const sent = await post(server.url, '/api/v1/readings', strip.token, {
			ts: Date.now(),
			ports: [{ port: 1, voltage: 230, current: 0.1, power: 23 }]
		});
		expect(sent.status).toBe(200);
		expect((await devicesPage(owner.cookie)).includes('Plugs on your broker')).toBe(true);

		await broker.start(port);
		await until(
			async () => (await metric('multiplug_mqtt_connected')) === 1,
			'reconnected',
			45_000
		);
	});
});
