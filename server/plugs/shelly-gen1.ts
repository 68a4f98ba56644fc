import { FrameClock } from './frame-clock';
import { KeyedState } from './keyed-state';
import { decimalText, finite, isRecord, onOff, parseJson, payloadText } from './payload';
import type { Decoded, PlugFamily } from './plug-family';
import { portReading } from './reading';
import { label, orIgnored, Sightings, validKey } from './sightings';

/**
 * Shelly Gen1 (Plug, Plug S, 1PM, 2.5, 4Pro) over MQTT. The key is the device id
 * (`shellyplug-s-7A2B3C`); relay n is port n+1.
 *
 *   shellies/<id>/relay/<n>          on | off | overpower
 *   shellies/<id>/relay/<n>/power    W, as text
 *   shellies/<id>/relay/<n>/energy   watt-minutes since the device started, as text
 *   shellies/<id>/online             true | false
 *   shellies/announce, shellies/<id>/announce  {"id":…,"model":"SHPLG-S","mac":…,"fw_ver":…}
 *   shellies/<id>/info               the whole status (answer to `update`): relays[].ison,
 *                                    meters[].power and meters[].total (watt-minutes)
 *
 * Power and energy arrive on two topics, one after the other, every update period (30 s by
 * default). A channel's frame is made when both have arrived since its last frame, at most
 * PAIR_WINDOW_MS apart, stamped when the second arrives; a lone value older than that is
 * dropped when its partner finally comes. The counter restarts from 0 at every reboot.
 */
export const PAIR_WINDOW_MS = 60_000;

/** Gen1 models that meter their relays, and how many; others are found by their topics. */
const METERED: Record<string, number> = {
	'SHPLG-S': 1,
	'SHPLG-1': 1,
	'SHPLG2-1': 1,
	'SHPLG-U1': 1,
	'SHPLG-IT1': 1,
	'SHSW-PM': 1,
	'SHSW-25': 2,
	'SHSW-44': 4
};

interface Pending {
	power?: { w: number; at: number };
	energy?: { wh: number; at: number };
}

interface Plug {
	pending: Map<number, Pending>;
	relays: Map<number, boolean>;
}

const WATT_MINUTES_PER_WH = 60;

export function createShellyGen1Family(): PlugFamily {
	const clock = new FrameClock();
	const sightings = new Sightings('shelly-gen1');
	const plugs = new KeyedState<Plug>(() => ({ pending: new Map(), relays: new Map() }));

	/** Records one of the pair and makes the frame when the pair is whole. */
	function pair(key: string, port: number, half: Pending, at: number): Decoded[] {
		const plug = plugs.get(key);
		const p = { ...plug.pending.get(port), ...half };
		const newest = Math.max(p.power?.at ?? -Infinity, p.energy?.at ?? -Infinity);
		if (p.power && newest - p.power.at > PAIR_WINDOW_MS) delete p.power;
		if (p.energy && newest - p.energy.at > PAIR_WINDOW_MS) delete p.energy;
		const seen = sightings.note(key, [port]);
		if (!p.power || !p.energy) {
			plug.pending.set(port, p);
			return seen.length > 0 ? seen : [{ kind: 'ignored' }];
		}
		plug.pending.delete(port);
		return [...seen, ...frame(key, [[port, p.power.w, p.energy.wh]], undefined, at)];
	}

	function frame(
		key: string,
		channels: [number, number, number][],
		plugTs: number | undefined,
		at: number
	): Decoded[] {
		const relays = plugs.get(key).relays;
		const out: Decoded[] = [];
		const readings = [];
		for (const [port, power, energyWh] of channels) {
			const r = portReading(port, { power, energyWh, relay: relays.get(port) });
			if (r.ok) readings.push(r.reading);
			else out.push({ kind: 'malformed', key, reason: r.reason });
		}
		if (readings.length === 0) return out;
		return [
			{ kind: 'frame', key, frame: { ts: clock.stamp(key, plugTs, at), ports: readings } },
			...out
		];
	}

	function relay(key: string, port: number, text: string): Decoded[] {
		const t = text.trim();
		// An overpower trip leaves the relay off.
		const on = t === 'overpower' ? false : t === 'on' ? true : t === 'off' ? false : undefined;
		if (on === undefined)
			return [{ kind: 'malformed', key, reason: `relay ${port - 1} is ${t.slice(0, 20)}` }];
		plugs.get(key).relays.set(port, on);
		return [...sightings.note(key, [port]), { kind: 'state', key, port, on }];
	}

	function announce(text: string): Decoded[] {
		const j = parseJson(text);
		if (!isRecord(j)) return [{ kind: 'malformed', key: null, reason: 'not a JSON object' }];
		const key = typeof j.id === 'string' ? j.id : '';
		if (!validKey(key) || key.includes('/')) {
			return [{ kind: 'malformed', key: null, reason: 'announce without a usable id' }];
		}
		const model = label(j.model);
		const n = model ? (METERED[model] ?? 0) : 0;
		return orIgnored(
			sightings.note(
				key,
				Array.from({ length: n }, (_, i) => i + 1),
				{ model }
			)
		);
	}

	/** The whole status: relays from relays[].ison, a frame from meters[].power/total. */
	function info(key: string, text: string, at: number): Decoded[] {
		const j = parseJson(text);
		if (!isRecord(j)) return [{ kind: 'malformed', key, reason: 'not a JSON object' }];
		const out: Decoded[] = [];
		if (Array.isArray(j.relays)) {
			j.relays.slice(0, 8).forEach((r, i) => {
				if (isRecord(r) && typeof r.ison === 'boolean')
					out.push(...relay(key, i + 1, r.ison ? 'on' : 'off'));
			});
		}
		const channels: [number, number, number][] = [];
		if (Array.isArray(j.meters)) {
			j.meters.slice(0, 8).forEach((m, i) => {
				if (!isRecord(m) || m.is_valid === false) return;
				const power = finite(m.power);
				const total = finite(m.total);
				if (power === undefined || total === undefined) {
					out.push({ kind: 'malformed', key, reason: `meters[${i}] without power and total` });
				} else {
					channels.push([i + 1, power, total / WATT_MINUTES_PER_WH]);
					plugs.get(key).pending.delete(i + 1);
				}
			});
		}
		if (channels.length > 0) {
			out.unshift(
				...sightings.note(
					key,
					channels.map(([p]) => p)
				)
			);
			out.push(...frame(key, channels, undefined, at));
		}
		return out.length > 0 ? out : [{ kind: 'ignored' }];
	}

	return {
		id: 'shelly-gen1',
		filters: [
			'shellies/announce',
			'shellies/+/announce',
			'shellies/+/online',
			'shellies/+/info',
			'shellies/+/relay/+',
			'shellies/+/relay/+/power',
			'shellies/+/relay/+/energy'
		],

		decode(topic, payload, at) {
			const parts = topic.split('/');
			if (parts[0] !== 'shellies' || parts.length < 2) return [];
			const text = payloadText(payload);
			if (text === null) {
				const key = parts.length > 2 ? (parts[1] ?? null) : null;
				return [{ kind: 'malformed', key, reason: 'payload too large' }];
			}
			if (parts.length === 2) return parts[1] === 'announce' ? announce(text) : [];
			const key = parts[1] ?? '';
			if (!validKey(key)) return [];
			const [, , what, n, field] = parts;
			if (parts.length === 3) {
				if (what === 'announce') return announce(text);
				if (what === 'info') return info(key, text, at);
				if (what === 'online') {
					if (onOff(text) === undefined) return [];
					// A device back online has restarted its counters; a half-made pair is stale.
					plugs.peek(key)?.pending.clear();
					return [{ kind: 'ignored' }];
				}
				return [];
			}
			if (what !== 'relay' || n === undefined || !/^[0-7]$/.test(n)) return [];
			const port = Number(n) + 1;
			if (parts.length === 4) return relay(key, port, text);
			if (parts.length !== 5) return [];
			const value = decimalText(text);
			if (field === 'power') {
				if (value === undefined)
					return [{ kind: 'malformed', key, reason: 'power is not a number' }];
				return pair(key, port, { power: { w: value, at } }, at);
			}
			if (field === 'energy') {
				if (value === undefined)
					return [{ kind: 'malformed', key, reason: 'energy is not a number' }];
				return pair(key, port, { energy: { wh: value / WATT_MINUTES_PER_WH, at } }, at);
			}
			return [];
		},

		switchCommand(key, port, on) {
			return { topic: `shellies/${key}/relay/${port - 1}/command`, payload: on ? 'on' : 'off' };
		},

		pollCommands(key) {
			// `update` makes the device publish its whole status on shellies/<id>/info.
			return [{ topic: `shellies/${key}/command`, payload: 'update' }];
		},

		forget(key) {
			clock.forget(key);
			sightings.forget(key);
			plugs.delete(key);
		}
	};
}
