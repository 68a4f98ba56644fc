import { FrameClock } from './frame-clock';
import { KeyedState } from './keyed-state';
import { decimalText, isRecord, onOff, parseJson, payloadText } from './payload';
import type { Decoded, PlugFamily } from './plug-family';
import { portReading, type ChannelValues } from './reading';
import { label, orIgnored, Sightings, validKey } from './sightings';
import { channelOf, classify, isRelay, scale, type Kind } from './esphome-names';

/**
 * ESPHome nodes with the MQTT component. The key is the node's topic prefix (by default
 * its name). Names are the builder's, so sensors are recognised by their object ids and
 * device classes (esphome-names.ts).
 *
 *   <node>/sensor/<object_id>/state   a number as text ("12.34"; "nan" when unknown)
 *   <node>/switch/<object_id>/state   ON | OFF
 *   <node>/switch/<object_id>/command ON | OFF (we publish)
 *   <node>/status                     online | offline (birth and last will)
 *   homeassistant/<sensor|switch>/<node>/<object_id>/config   discovery: the state topic
 *                                     (stat_t), unit (unit_of_meas) and device class (dev_cla)
 *
 * Sensors arrive one per message, each on its own update interval. A port's frame is made
 * when its power arrives, with the newest voltage, current, power factor and energy that
 * arrived within VALUE_FRESH_MS. Energy is used only when discovery gave its unit (Wh or
 * kWh): a counter read in the wrong unit is off by a thousand. Without it, the power is
 * integrated like a seed payload's.
 */
export const VALUE_FRESH_MS = 5 * 60_000;
/** Discovery kept per node: a plug has a dozen entities; more is someone filling memory. */
const MAX_SENSORS_PER_NODE = 64;

interface Node {
	/** Unit and device class per `sensor/<object_id>`, from discovery. */
	meta: Map<string, { unit?: string; deviceClass?: string }>;
	/** Per port, the newest of each measurement. */
	latest: Map<number, Map<Kind, { value: number; at: number }>>;
	relays: Map<number, boolean>;
	/** Per port, the object id of its relay switch. */
	switches: Map<number, string>;
}

export function createEsphomeFamily(): PlugFamily {
	const clock = new FrameClock();
	const sightings = new Sightings('esphome');
	const nodes = new KeyedState<Node>(() => ({
		meta: new Map(),
		latest: new Map(),
		relays: new Map(),
		switches: new Map()
	}));

	function sensor(key: string, objectId: string, text: string, at: number): Decoded[] {
		const node = nodes.get(key);
		const meta = node.meta.get(objectId);
		const kind = classify(objectId, meta?.deviceClass);
		if (!kind) return [{ kind: 'ignored' }];
		const raw = decimalText(text);
		if (raw === undefined)
			return [{ kind: 'malformed', key, reason: `${objectId.slice(0, 64)} is not a number` }];
		const value = scale(kind, raw, meta?.unit);
		// Energy in an unknown unit is left out rather than guessed.
		if (value === undefined) return [{ kind: 'ignored' }];
		const port = channelOf(objectId);
		let values = node.latest.get(port);
		if (!values) node.latest.set(port, (values = new Map()));
		values.set(kind, { value, at });
		if (kind !== 'power') return [{ kind: 'ignored' }];

		const fresh = (k: Kind) => {
			const v = values.get(k);
			return v && at - v.at <= VALUE_FRESH_MS ? v.value : undefined;
		};
		const reading: ChannelValues = {
			power: value,
			voltage: fresh('voltage'),
			current: fresh('current'),
			pf: fresh('pf'),
			energyWh: fresh('energy'),
			relay: node.relays.get(port)
		};
		const r = portReading(port, reading);
		if (!r.ok) return [{ kind: 'malformed', key, reason: r.reason }];
		return [
			...sightings.note(key, [port]),
			{ kind: 'frame', key, frame: { ts: clock.stamp(key, undefined, at), ports: [r.reading] } }
		];
	}

	function relaySwitch(key: string, objectId: string, text: string): Decoded[] {
		if (!isRelay(objectId)) return [{ kind: 'ignored' }];
		const on = onOff(text);
		if (on === undefined)
			return [{ kind: 'malformed', key, reason: `${objectId.slice(0, 64)} is not ON or OFF` }];
		const node = nodes.get(key);
		const port = channelOf(objectId);
		node.relays.set(port, on);
		node.switches.set(port, objectId);
		return [...sightings.note(key, [port]), { kind: 'state', key, port, on }];
	}

	function discovery(component: string, text: string): Decoded[] {
		if (text.trim() === '') return [{ kind: 'ignored' }];
		const c = parseJson(text);
		if (!isRecord(c)) return [{ kind: 'malformed', key: null, reason: 'not a JSON object' }];
		const stateTopic = c.stat_t ?? c.state_topic;
		const m =
			typeof stateTopic === 'string'
				? /^(.+)\/(sensor|switch)\/([^/]+)\/state$/.exec(stateTopic)
				: null;
		if (!m || m[2] !== component) return [{ kind: 'ignored' }];
		const key = m[1] ?? '';
		const objectId = m[3] ?? '';
		if (!validKey(key))
			return [{ kind: 'malformed', key: null, reason: 'state topic without a node' }];
		const node = nodes.get(key);
		const dev = isRecord(c.dev) ? c.dev : isRecord(c.device) ? c.device : {};
		const info = { model: label(dev.mdl ?? dev.model), name: label(dev.name) };
		if (component === 'switch') {
			if (!isRelay(objectId)) return [{ kind: 'ignored' }];
			node.switches.set(channelOf(objectId), objectId);
			return orIgnored(sightings.note(key, [channelOf(objectId)], info));
		}
		if (!node.meta.has(objectId) && node.meta.size >= MAX_SENSORS_PER_NODE) {
			return [{ kind: 'malformed', key, reason: `more than ${MAX_SENSORS_PER_NODE} sensors` }];
		}
		const unit = c.unit_of_meas ?? c.unit_of_measurement;
		const deviceClass = c.dev_cla ?? c.device_class;
		node.meta.set(objectId, {
			...(typeof unit === 'string' ? { unit } : {}),
			...(typeof deviceClass === 'string' ? { deviceClass } : {})
		});
		const kind = classify(objectId, typeof deviceClass === 'string' ? deviceClass : undefined);
		return orIgnored(sightings.note(key, kind === 'power' ? [channelOf(objectId)] : [], info));
	}

	return {
		id: 'esphome',
		filters: [
			'+/sensor/+/state',
			'+/switch/+/state',
			'+/status',
			'homeassistant/sensor/+/+/config',
			'homeassistant/switch/+/+/config'
		],

		decode(topic, payload, at) {
			const parts = topic.split('/');
			const text = payloadText(payload);
			const n = parts.length;
			if (parts[0] === 'homeassistant' && n === 5 && parts[4] === 'config') {
				const component = parts[1] ?? '';
				if (component !== 'sensor' && component !== 'switch') return [];
				if (text === null) return [{ kind: 'malformed', key: null, reason: 'payload too large' }];
				return discovery(component, text);
			}
			if (n >= 4 && parts[n - 1] === 'state') {
				const component = parts[n - 3];
				const objectId = parts[n - 2] ?? '';
				const key = parts.slice(0, -3).join('/');
				if ((component !== 'sensor' && component !== 'switch') || !validKey(key) || !objectId)
					return [];
				if (text === null) return [{ kind: 'malformed', key, reason: 'payload too large' }];
				return component === 'sensor'
					? sensor(key, objectId, text, at)
					: relaySwitch(key, objectId, text);
			}
			if (n >= 2 && parts[n - 1] === 'status') {
				const key = parts.slice(0, -1).join('/');
				if (!validKey(key) || (text !== 'online' && text !== 'offline')) return [];
				// A node that went away and came back has restarted: its held values are stale.
				nodes.peek(key)?.latest.clear();
				return [{ kind: 'ignored' }];
			}
			return [];
		},

		switchCommand(key, port, on) {
			// Before its switch has been seen, the names ESPHome's plug configurations use most.
			const objectId =
				nodes.peek(key)?.switches.get(port) ?? (port === 1 ? 'relay' : `relay_${port}`);
			return { topic: `${key}/switch/${objectId}/command`, payload: on ? 'ON' : 'OFF' };
		},

		pollCommands() {
			// ESPHome retains its states on the broker: subscribing brings them back.
			return [];
		},

		forget(key) {
			clock.forget(key);
			sightings.forget(key);
			nodes.delete(key);
		}
	};
}
