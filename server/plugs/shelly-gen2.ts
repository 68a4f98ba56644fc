import { MAX_PORTS } from '../ingest/frame.schema';
import { FrameClock } from './frame-clock';
import { KeyedState } from './keyed-state';
import { finite, isRecord, parseJson, payloadText } from './payload';
import type { Decoded, PlugFamily } from './plug-family';
import { portReading, type ChannelValues } from './reading';
import { label, Sightings, validKey } from './sightings';

/**
 * Shelly Gen2 and later (Plus, Pro, Gen3/4) over MQTT. The key is the device's topic
 * prefix (by default its id, e.g. `shellyplusplugs-b0b21c10a1b2`); channel n is port n+1.
 *
 *   <prefix>/status/switch:<n>  a Switch's whole status: {"id":0,"output":true,"apower":W,
 *                               "voltage":V,"current":A,"pf":…,"aenergy":{"total":Wh,…},…}
 *   <prefix>/status/pm1:<n>     the same for a meter without relay (PM Mini)
 *   <prefix>/events/rpc         {"method":"NotifyStatus","params":{"ts":s,"switch:0":{changed fields}}}
 *                               and NotifyFullStatus (every component) after a (re)connect
 *   <prefix>/online             true | false
 *   multiplug/<prefix>/rpc      answers to our RPCs (we name that topic in `src`)
 *
 * `aenergy.total` is Wh since the device started: it goes back to 0 when the device loses
 * power. A frame is made only from a message that carries the counter (the status topic,
 * a full status, or the notification Shelly sends with the counter every minute), its
 * other values overlaid on the channel's last known status as Shelly's docs prescribe; a
 * notification of changed power alone updates that overlay and the relay state. Frames
 * from power alone would put power-integrated intervals between counter readings.
 */
const COMPONENT = /^(switch|pm1):(\d+)$/;
export const SHELLY_RPC_SOURCE_ROOT = 'multiplug';

interface ChannelStatus {
	power?: number;
	voltage?: number;
	current?: number;
	pf?: number;
	relay?: boolean;
}

type StatusFields =
	| { ok: true; values: ChannelStatus; energyWh?: number; relay?: boolean }
	| { ok: false; bad: string };

const NUMBERS = [
	['apower', 'power'],
	['voltage', 'voltage'],
	['current', 'current'],
	['pf', 'pf']
] as const;

/** The fields of one component's (partial) status; a field present with the wrong type is bad. */
function readStatus(s: Record<string, unknown>): StatusFields {
	const values: ChannelStatus = {};
	for (const [field, name] of NUMBERS) {
		if (s[field] === undefined) continue;
		const n = finite(s[field]);
		if (n === undefined) return { ok: false, bad: `${field} is not a number` };
		values[name] = n;
	}
	let energyWh: number | undefined;
	if (s.aenergy !== undefined) {
		energyWh = isRecord(s.aenergy) ? finite(s.aenergy.total) : undefined;
		if (energyWh === undefined) return { ok: false, bad: 'aenergy.total is not a number' };
	}
	if (s.output !== undefined && typeof s.output !== 'boolean') {
		return { ok: false, bad: 'output is not true or false' };
	}
	return { ok: true, values, energyWh, relay: s.output as boolean | undefined };
}

export function createShellyGen2Family(): PlugFamily {
	const clock = new FrameClock();
	const sightings = new Sightings('shelly-gen2');
	const known = new KeyedState<Map<number, ChannelStatus>>(() => new Map());
	let rpcId = 0;

	/** Components of one message (a status, a notification's params, an RPC result), as one frame. */
	function components(
		key: string,
		entries: [string, unknown][],
		plugTs: number | undefined,
		at: number,
		info: { model?: string } = {}
	): Decoded[] {
		const out: Decoded[] = [];
		const readings = [];
		const ports: number[] = [];
		for (const [name, status] of entries) {
			const m = COMPONENT.exec(name);
			if (!m) continue;
			const port = Number(m[2]) + 1;
			if (port > MAX_PORTS) {
				out.push({ kind: 'malformed', key, reason: `${name} is beyond port ${MAX_PORTS}` });
				continue;
			}
			if (!isRecord(status)) {
				out.push({ kind: 'malformed', key, reason: `${name} is not an object` });
				continue;
			}
			const s = readStatus(status);
			if (!s.ok) {
				out.push({ kind: 'malformed', key, reason: `${name}: ${s.bad}` });
				continue;
			}
			ports.push(port);
			const channels = known.get(key);
			const overlay: ChannelStatus = { ...channels.get(port), ...s.values };
			if (s.relay !== undefined) {
				overlay.relay = s.relay;
				if (m[1] === 'switch') out.push({ kind: 'state', key, port, on: s.relay });
			}
			channels.set(port, overlay);
			// A counter with no power yet (a notification right after a restart) waits for one.
			if (s.energyWh === undefined || overlay.power === undefined) continue;
			const values: ChannelValues = { ...overlay, energyWh: s.energyWh };
			const r = portReading(port, values);
			if (r.ok) readings.push(r.reading);
			else out.push({ kind: 'malformed', key, reason: r.reason });
		}
		const head = sightings.note(key, ports, info);
		if (readings.length > 0) {
			head.push({
				kind: 'frame',
				key,
				frame: { ts: clock.stamp(key, plugTs, at), ports: readings }
			});
		}
		const all = [...head, ...out];
		return all.length > 0 ? all : [{ kind: 'ignored' }];
	}

	/** A device id's model part: `shellyplusplugs` of `shellyplusplugs-b0b21c10a1b2`. */
	function modelOf(src: unknown): string | undefined {
		const id = label(src);
		const dash = id?.lastIndexOf('-') ?? -1;
		return id && dash > 0 ? id.slice(0, dash) : undefined;
	}

	function notification(key: string, j: unknown, at: number): Decoded[] {
		if (!isRecord(j)) return [{ kind: 'malformed', key, reason: 'not a JSON object' }];
		if (j.method !== 'NotifyStatus' && j.method !== 'NotifyFullStatus')
			return [{ kind: 'ignored' }];
		if (!isRecord(j.params))
			return [{ kind: 'malformed', key, reason: `${j.method} without params` }];
		const ts = finite(j.params.ts);
		return components(key, Object.entries(j.params), ts === undefined ? undefined : ts * 1000, at, {
			model: modelOf(j.src)
		});
	}

	function rpcAnswer(key: string, j: unknown, at: number): Decoded[] {
		if (!isRecord(j)) return [{ kind: 'malformed', key, reason: 'not a JSON object' }];
		if (isRecord(j.error)) {
			const message = label(j.error.message) ?? 'no message';
			return [{ kind: 'malformed', key, reason: `RPC error ${String(j.error.code)}: ${message}` }];
		}
		if (!isRecord(j.result)) return [{ kind: 'ignored' }];
		// Shelly.GetStatus: every component, and the device's clock in sys.unixtime (s).
		const sys = isRecord(j.result.sys) ? finite(j.result.sys.unixtime) : undefined;
		return components(
			key,
			Object.entries(j.result),
			sys === undefined ? undefined : sys * 1000,
			at,
			{
				model: modelOf(j.src)
			}
		);
	}

	return {
		id: 'shelly-gen2',
		filters: ['+/status/+', '+/events/rpc', '+/online', `${SHELLY_RPC_SOURCE_ROOT}/+/rpc`],

		decode(topic, payload, at) {
			const parts = topic.split('/');
			// Gen1's tree; its family reads it.
			if (parts[0] === 'shellies') return [];
			const last = parts[parts.length - 1] ?? '';
			const text = payloadText(payload);
			const json = () => (text === null ? undefined : parseJson(text));
			const bad = (key: string): Decoded => ({
				kind: 'malformed',
				key,
				reason: text === null ? 'payload too large' : 'not JSON'
			});

			if (parts.length === 3 && parts[0] === SHELLY_RPC_SOURCE_ROOT && last === 'rpc') {
				const key = parts[1] ?? '';
				if (!validKey(key)) return [];
				const j = json();
				return j === undefined ? [bad(key)] : rpcAnswer(key, j, at);
			}
			if (parts.length >= 3 && parts[parts.length - 2] === 'status') {
				const key = parts.slice(0, -2).join('/');
				if (!validKey(key)) return [];
				if (!COMPONENT.test(last))
					return /^[a-z0-9_]+(:\d+)?$/.test(last) ? [{ kind: 'ignored' }] : [];
				const j = json();
				return j === undefined ? [bad(key)] : components(key, [[last, j]], undefined, at);
			}
			if (parts.length >= 3 && parts[parts.length - 2] === 'events' && last === 'rpc') {
				const key = parts.slice(0, -2).join('/');
				if (!validKey(key)) return [];
				const j = json();
				return j === undefined ? [bad(key)] : notification(key, j, at);
			}
			if (parts.length >= 2 && last === 'online') {
				const key = parts.slice(0, -1).join('/');
				if (!validKey(key) || (text !== 'true' && text !== 'false')) return [];
				// Back from a restart the device's status is new: nothing overlays the old one.
				known.delete(key);
				return [{ kind: 'ignored' }];
			}
			return [];
		},

		switchCommand(key, port, on) {
			return {
				topic: `${key}/rpc`,
				payload: JSON.stringify({
					id: ++rpcId,
					src: `${SHELLY_RPC_SOURCE_ROOT}/${key}`,
					method: 'Switch.Set',
					params: { id: port - 1, on }
				})
			};
		},

		pollCommands(key) {
			return [
				{
					topic: `${key}/rpc`,
					payload: JSON.stringify({
						id: ++rpcId,
						src: `${SHELLY_RPC_SOURCE_ROOT}/${key}`,
						method: 'Shelly.GetStatus'
					})
				}
			];
		},

		forget(key) {
			clock.forget(key);
			sightings.forget(key);
			known.delete(key);
		}
	};
}
