import { roundMoney } from '../billing/money';
import type { PortLive } from '../dashboard/dashboard.service';

/**
 * Home Assistant's MQTT discovery for a device's ports: one retained config message per
 * entity at `<prefix>/<component>/<node_id>/<object_id>/config`, and a state message per
 * port that every entity of the port reads its value from. Full key names, not HA's
 * abbreviations, so that a person reading the broker can follow them.
 */
export interface HaDevice {
	id: number;
	name: string;
	/** A plug of another maker, or the app's strip. */
	model: string;
	currency: string;
	ports: { port: number; label: string | null }[];
}

export interface HaMessage {
	topic: string;
	payload: string;
}

/** The app's own topics: its availability, and each port's state and switch. */
export const AVAILABILITY_TOPIC = 'multiplug/status';
export const COMMAND_FILTER = 'multiplug/+/+/set';
export const stateTopic = (deviceId: number, port: number) => `multiplug/${deviceId}/port${port}`;
export const commandTopic = (deviceId: number, port: number) =>
	`multiplug/${deviceId}/port${port}/set`;

/** `multiplug/<device>/port<n>/set` → the device and port, or null. */
export function parseCommandTopic(topic: string): { deviceId: number; port: number } | null {
	const m = /^multiplug\/(\d{1,12})\/port([1-8])\/set$/.exec(topic);
	return m ? { deviceId: Number(m[1]), port: Number(m[2]) } : null;
}

export type EntityKind = 'power' | 'energy' | 'cost' | 'relay';
export const ENTITY_KINDS: readonly EntityKind[] = ['power', 'energy', 'cost', 'relay'];

const nodeId = (deviceId: number) => `multiplug_${deviceId}`;

export function configTopic(prefix: string, deviceId: number, port: number, kind: EntityKind) {
	const component = kind === 'relay' ? 'switch' : 'sensor';
	return `${prefix}/${component}/${nodeId(deviceId)}/port${port}_${kind}/config`;
}

/** Every discovery config on the broker: the app's own among them are recognised by their node. */
export const configFilter = (prefix: string) => `${prefix}/+/+/+/config`;

/** The device of one of the app's own config topics, or null for anyone else's. */
export function parseConfigTopic(prefix: string, topic: string): number | null {
	if (!topic.startsWith(`${prefix}/`)) return null;
	const m = /^(?:sensor|switch)\/multiplug_(\d{1,12})\/port[1-8]_[a-z]+\/config$/.exec(
		topic.slice(prefix.length + 1)
	);
	return m ? Number(m[1]) : null;
}

/** The four entities of each port of a device. */
export function discoveryConfigs(prefix: string, d: HaDevice): HaMessage[] {
	const device = {
		identifiers: [nodeId(d.id)],
		name: d.name,
		manufacturer: 'Smart Multiplug',
		model: d.model
	};
	const out: HaMessage[] = [];
	for (const { port, label } of d.ports) {
		const title = label ?? `Port ${port}`;
		const common = (kind: EntityKind) => ({
			unique_id: `${nodeId(d.id)}_port${port}_${kind}`,
			state_topic: stateTopic(d.id, port),
			availability_topic: AVAILABILITY_TOPIC,
			device,
			origin: { name: 'Smart Multiplug' }
		});
		const entities: Record<EntityKind, object> = {
			power: {
				...common('power'),
				name: `${title} power`,
				device_class: 'power',
				unit_of_measurement: 'W',
				state_class: 'measurement',
				value_template: '{{ value_json.power }}'
			},
			// The billing month's energy: it starts again each billing month, which
			// total_increasing reads as a new meter cycle.
			energy: {
				...common('energy'),
				name: `${title} energy`,
				device_class: 'energy',
				unit_of_measurement: 'kWh',
				state_class: 'total_increasing',
				value_template: '{{ value_json.energy }}'
			},
			// HA allows only `total` (or none) for money.
			cost: {
				...common('cost'),
				name: `${title} cost`,
				device_class: 'monetary',
				unit_of_measurement: d.currency,
				state_class: 'total',
				value_template: '{{ value_json.cost }}'
			},
			relay: {
				...common('relay'),
				name: title,
				device_class: 'outlet',
				command_topic: commandTopic(d.id, port),
				payload_on: 'ON',
				payload_off: 'OFF',
				state_on: 'ON',
				state_off: 'OFF',
				value_template: '{{ value_json.relay }}'
			}
		};
		for (const kind of ENTITY_KINDS) {
			out.push({
				topic: configTopic(prefix, d.id, port, kind),
				payload: JSON.stringify(entities[kind])
			});
		}
	}
	return out;
}

/** What a port's entities read: the same figures as the dashboard's card. */
export function portState(p: PortLive): HaMessage {
	return {
		topic: stateTopic(p.deviceId, p.port),
		payload: JSON.stringify({
			power: p.power,
			energy: Math.round(p.month.kwh * 1000) / 1000,
			cost: roundMoney(p.month.cost),
			relay: p.relay === null ? null : p.relay ? 'ON' : 'OFF'
		})
	};
}
