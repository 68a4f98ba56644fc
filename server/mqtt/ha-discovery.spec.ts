import { describe, expect, it } from 'vitest';
import {
	commandTopic,
	discoveryConfigs,
	parseCommandTopic,
	parseConfigTopic,
	portState,
	stateTopic
} from './ha-discovery';

/*
 * What Home Assistant's MQTT discovery documentation says of the two components the app
 * publishes (the MQTT sensor and switch pages, and the discovery page's topic format and
 * abbreviations), written down here to check the payloads against.
 */
const COMMON = [
	'availability',
	'availability_mode',
	'availability_template',
	'availability_topic',
	'device',
	'device_class',
	'enabled_by_default',
	'encoding',
	'entity_category',
	'icon',
	'json_attributes_template',
	'json_attributes_topic',
	'name',
	'object_id',
	'origin',
	'payload_available',
	'payload_not_available',
	'qos',
	'unique_id',
	'value_template'
];
const DOCUMENTED: Record<'sensor' | 'switch', { keys: string[]; required: string[] }> = {
	sensor: {
		keys: [
			...COMMON,
			'expire_after',
			'force_update',
			'last_reset_value_template',
			'state_class',
			'state_topic',
			'suggested_display_precision',
			'unit_of_measurement'
		],
		required: ['state_topic']
	},
	switch: {
		keys: [
			...COMMON,
			'command_template',
			'command_topic',
			'optimistic',
			'payload_off',
			'payload_on',
			'retain',
			'state_off',
			'state_on',
			'state_topic'
		],
		required: ['command_topic']
	}
};
/** The documented abbreviations of the keys above (a payload may use either form). */
const ABBREVIATIONS: Record<string, string> = {
	avty: 'availability',
	avty_t: 'availability_topic',
	cmd_t: 'command_topic',
	dev: 'device',
	dev_cla: 'device_class',
	o: 'origin',
	pl_off: 'payload_off',
	pl_on: 'payload_on',
	stat_cla: 'state_class',
	stat_off: 'state_off',
	stat_on: 'state_on',
	stat_t: 'state_topic',
	uniq_id: 'unique_id',
	unit_of_meas: 'unit_of_measurement',
	val_tpl: 'value_template'
};
const DEVICE_KEYS = ['connections', 'identifiers', 'manufacturer', 'model', 'name', 'sw_version'];
const DEVICE_ABBREVIATIONS: Record<string, string> = {
	cns: 'connections',
	ids: 'identifiers',
	mf: 'manufacturer',
	mdl: 'model',
	sw: 'sw_version'
};
/** `<discovery_prefix>/<component>/[<node_id>/]<object_id>/config`, ids of [a-zA-Z0-9_-]. */
const TOPIC = /^homeassistant\/(sensor|switch)\/([a-zA-Z0-9_-]+)\/([a-zA-Z0-9_-]+)\/config$/;
/** Units and state classes the sensor device classes allow. */
const CLASSES: Record<string, { units: (string | undefined)[] | 'currency'; states: string[] }> = {
	power: { units: ['W', 'kW'], states: ['measurement'] },
	energy: { units: ['Wh', 'kWh', 'MWh'], states: ['total', 'total_increasing'] },
	monetary: { units: 'currency', states: ['total'] }
};

const expand = (o: Record<string, unknown>, names: Record<string, string>) =>
	Object.fromEntries(Object.entries(o).map(([k, v]) => [names[k] ?? k, v]));

const strip = {
	id: 12,
	name: 'Desk strip',
	model: 'Smart Multiplug strip',
	currency: 'BDT',
	ports: [
		{ port: 1, label: 'Fridge' },
		{ port: 2, label: null }
	]
};

describe('Home Assistant discovery', () => {
	const messages = discoveryConfigs('homeassistant', strip);

	it('gives each port a power, energy and cost sensor and a switch', () => {
		expect(messages).toHaveLength(8);
		expect(messages.map((m) => TOPIC.exec(m.topic)?.slice(1))).toEqual([
			['sensor', 'multiplug_12', 'port1_power'],
			['sensor', 'multiplug_12', 'port1_energy'],
			['sensor', 'multiplug_12', 'port1_cost'],
			['switch', 'multiplug_12', 'port1_relay'],
			['sensor', 'multiplug_12', 'port2_power'],
			['sensor', 'multiplug_12', 'port2_energy'],
			['sensor', 'multiplug_12', 'port2_cost'],
			['switch', 'multiplug_12', 'port2_relay']
		]);
	});

	it('uses only documented keys, has the required ones, and ties each entity to its device', () => {
		const ids = new Set<string>();
		for (const m of messages) {
			const component = TOPIC.exec(m.topic)![1] as 'sensor' | 'switch';
			const config = expand(JSON.parse(m.payload) as Record<string, unknown>, ABBREVIATIONS);
			const doc = DOCUMENTED[component];
			for (const key of Object.keys(config)) expect(doc.keys, `${m.topic}: ${key}`).toContain(key);
			for (const key of doc.required)
				expect(config[key], `${m.topic}: ${key}`).toBeTypeOf('string');
			// The device registry needs a unique id, and a device with identifiers or connections.
			expect(config.unique_id).toBeTypeOf('string');
			ids.add(config.unique_id as string);
			const device = expand(config.device as Record<string, unknown>, DEVICE_ABBREVIATIONS);
			for (const key of Object.keys(device)) expect(DEVICE_KEYS).toContain(key);
			expect(device.identifiers).toEqual(['multiplug_12']);
			expect((config.origin as { name?: unknown }).name).toBeTypeOf('string');
		}
		expect(ids.size).toBe(messages.length);
	});

	it('gives each sensor a unit and state class its device class allows', () => {
		for (const m of messages.filter((x) => x.topic.includes('/sensor/'))) {
			const c = JSON.parse(m.payload) as Record<string, string>;
			const rule = CLASSES[c.device_class!]!;
			expect(rule, m.topic).toBeDefined();
			if (rule.units === 'currency') expect(c.unit_of_measurement).toBe('BDT');
			else expect(rule.units).toContain(c.unit_of_measurement);
			expect(rule.states).toContain(c.state_class);
		}
		const energy = JSON.parse(messages[1]!.payload) as Record<string, string>;
		expect(energy.state_class).toBe('total_increasing');
	});

	it('switches on the port’s command topic with the payloads the app understands', () => {
		const relay = JSON.parse(messages[3]!.payload) as Record<string, string>;
		expect(relay.command_topic).toBe(commandTopic(12, 1));
		expect(parseCommandTopic(relay.command_topic!)).toEqual({ deviceId: 12, port: 1 });
		expect([relay.payload_on, relay.payload_off]).toEqual(['ON', 'OFF']);
		expect(relay.state_topic).toBe(stateTopic(12, 1));
		expect(relay.name).toBe('Fridge');
		expect(parseCommandTopic('multiplug/12/port9/set')).toBeNull();
		expect(parseCommandTopic('multiplug/x/port1/set')).toBeNull();
	});

	it('knows its own config topics from another integration’s, under the prefix in use', () => {
		for (const m of messages) expect(parseConfigTopic('homeassistant', m.topic)).toBe(12);
		expect(parseConfigTopic('ha', messages[0]!.topic)).toBeNull();
		expect(
			parseConfigTopic('homeassistant', 'homeassistant/sensor/kitchen/power/config')
		).toBeNull();
		expect(
			parseConfigTopic('homeassistant', 'homeassistant/light/multiplug_12/port1_power/config')
		).toBeNull();
	});

	it('publishes the state every entity of a port reads, money rounded as the app shows it', () => {
		const state = portState({
			deviceId: 12,
			port: 1,
			label: 'Fridge',
			ts: 1,
			voltage: 230,
			current: 0.5,
			power: 115.5,
			pf: null,
			relay: true,
			today: { kwh: 1, cost: 8, runtimeMin: 1, peakW: 120 },
			month: { kwh: 12.34567, cost: 98.765 }
		});
		expect(state.topic).toBe('multiplug/12/port1');
		expect(JSON.parse(state.payload)).toEqual({
			power: 115.5,
			energy: 12.346,
			cost: 98.77,
			relay: 'ON'
		});
	});
});
