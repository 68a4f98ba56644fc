import { MAX_PORTS } from '../ingest/frame.schema';
import { TasmotaEpochs } from './counter-epoch';
import { FrameClock } from './frame-clock';
import { KeyedState } from './keyed-state';
import { absoluteIsoTime, finite, isRecord, onOff, parseJson, payloadText } from './payload';
import type { Decoded, PlugFamily } from './plug-family';
import { kwhToWh, portReading, type ChannelValues } from './reading';
import { label, orIgnored, Sightings, validKey } from './sightings';

/**
 * Tasmota with its default FullTopic `%prefix%/%topic%/` and prefixes cmnd/stat/tele.
 * The key is the device's %topic% (by default `tasmota_` and the end of its MAC).
 *
 *   tele/<topic>/SENSOR      {"Time":…,"ENERGY":{"Total":kWh,"Power":W,"Voltage":V,"Current":A,"Factor":…}}
 *   stat/<topic>/STATUS8|10  {"StatusSNS":{…the same…}}       (answer to `Status 8`)
 *   tele/<topic>/STATE       {"POWER":"ON"} or {"POWER1":"ON","POWER2":"OFF",…}
 *   stat/<topic>/STATUS11    {"StatusSTS":{…the same…}}       (answer to `Status 11`)
 *   stat/<topic>/RESULT      {"POWER1":"OFF"}                  (a command's answer)
 *   stat/<topic>/POWER[n]    ON | OFF
 *   tele/<topic>/LWT         Online | Offline
 *   tasmota/discovery/<MAC>/config  {"t":topic,"ft":FullTopic,"tp":[prefixes],"rl":[relay types],…}
 *
 * A multi-channel meter sends arrays (`"Power":[12,0]`); its `Total` is one figure for all
 * channels unless SetOption129 splits it, and then only is a channel's energy known.
 *
 * Frames carry an `epoch` (counter-epoch.ts): resetting Tasmota's Total (`EnergyTotal 0`)
 * sets it to today's energy, not to zero, and moves TotalStartTime; a power cut rolls Total
 * back to its last save to flash. Neither is a counter starting from zero, which is what a
 * decrease without epochs would mean.
 */
const DEFAULT_FULL_TOPIC = '%prefix%/%topic%/';
const DEFAULT_PREFIXES = ['cmnd', 'stat', 'tele'];
const RELAY = /^POWER([1-8])?$/;

export function createTasmotaFamily(): PlugFamily {
	const clock = new FrameClock();
	const sightings = new Sightings('tasmota');
	const relays = new KeyedState<Map<number, boolean>>(() => new Map());
	const epochs = new TasmotaEpochs();

	function relayStates(key: string, status: unknown): Decoded[] {
		if (!isRecord(status)) return [{ kind: 'malformed', key, reason: 'not a JSON object' }];
		const out: Decoded[] = [];
		const ports: number[] = [];
		for (const [name, value] of Object.entries(status)) {
			const m = RELAY.exec(name);
			if (!m) continue;
			const port = m[1] ? Number(m[1]) : 1;
			const on = typeof value === 'string' ? onOff(value) : undefined;
			if (on === undefined) {
				out.push({ kind: 'malformed', key, reason: `${name} is not ON or OFF` });
				continue;
			}
			relays.get(key).set(port, on);
			ports.push(port);
			out.push({ kind: 'state', key, port, on });
		}
		if (ports.length > 0) out.unshift(...sightings.note(key, ports));
		return out.length > 0 ? out : [{ kind: 'ignored' }];
	}

	function energy(key: string, sensor: unknown, at: number): Decoded[] {
		if (!isRecord(sensor)) return [{ kind: 'malformed', key, reason: 'not a JSON object' }];
		const e = sensor.ENERGY;
		// A Tasmota with other sensors only (a thermometer) is not a plug.
		if (e === undefined) return [{ kind: 'ignored' }];
		if (!isRecord(e)) return [{ kind: 'malformed', key, reason: 'ENERGY is not an object' }];
		const power = e.Power;
		const channels = Array.isArray(power) ? power.length : power === undefined ? 0 : 1;
		if (channels === 0) return [{ kind: 'malformed', key, reason: 'ENERGY has no Power' }];
		if (channels > MAX_PORTS) {
			return [{ kind: 'malformed', key, reason: `ENERGY has ${channels} channels` }];
		}
		const out: Decoded[] = [];
		const readings = [];
		const totals: (number | undefined)[] = [];
		for (let i = 0; i < channels; i++) {
			const port = i + 1;
			const values: ChannelValues = {
				power: channel(power, i, channels, false),
				voltage: channel(e.Voltage, i, channels, true),
				current: channel(e.Current, i, channels, false),
				pf: channel(e.Factor, i, channels, false),
				relay: relays.peek(key)?.get(port)
			};
			const total = channel(e.Total, i, channels, false);
			if (total !== undefined) values.energyWh = kwhToWh(total);
			totals.push(values.energyWh);
			if (e.Total !== undefined && total === undefined && channels === 1) {
				out.push({ kind: 'malformed', key, reason: 'ENERGY.Total is not a number' });
			}
			const r = portReading(port, values);
			if (r.ok) readings.push(r.reading);
			else out.push({ kind: 'malformed', key, reason: r.reason });
		}
		if (readings.length === 0) return out;
		const ts = clock.stamp(key, absoluteIsoTime(sensor.Time), at);
		const epoch = epochs.epoch(key, e.TotalStartTime, totals);
		if (epoch !== undefined) {
			for (const r of readings) if (r.energy_wh !== undefined) r.epoch = epoch;
		}
		return [
			...sightings.note(
				key,
				readings.map((r) => r.port)
			),
			{ kind: 'frame', key, frame: { ts, ports: readings } },
			...out
		];
	}

	function discovery(text: string): Decoded[] {
		// An empty retained message is how Tasmota withdraws its discovery.
		if (text.trim() === '') return [{ kind: 'ignored' }];
		const c = parseJson(text);
		if (!isRecord(c)) return [{ kind: 'malformed', key: null, reason: 'not a JSON object' }];
		const key = typeof c.t === 'string' ? c.t : '';
		if (!validKey(key) || key.includes('/')) {
			return [{ kind: 'malformed', key: null, reason: 'discovery without a usable topic (t)' }];
		}
		const prefixes = Array.isArray(c.tp) ? c.tp : DEFAULT_PREFIXES;
		if (
			(c.ft !== undefined && c.ft !== DEFAULT_FULL_TOPIC) ||
			prefixes.length !== 3 ||
			prefixes.some((p, i) => p !== DEFAULT_PREFIXES[i])
		) {
			return [
				{
					kind: 'malformed',
					key,
					reason: `FullTopic ${String(c.ft).slice(0, 64)} with prefixes ${JSON.stringify(prefixes).slice(0, 64)} is not the default ${DEFAULT_FULL_TOPIC} cmnd/stat/tele`
				}
			];
		}
		// Relay types: 1 a plain relay, 2 a light, 3 a shutter; only plain relays are ports.
		const ports = Array.isArray(c.rl)
			? c.rl.flatMap((t, i) => (t === 1 && i < MAX_PORTS ? [i + 1] : []))
			: [];
		const friendly = Array.isArray(c.fn) ? c.fn[0] : undefined;
		return orIgnored(
			sightings.note(key, ports, { model: label(c.md), name: label(c.dn) ?? label(friendly) })
		);
	}

	return {
		id: 'tasmota',
		filters: [
			'tele/+/SENSOR',
			'tele/+/STATE',
			'tele/+/LWT',
			'stat/+/RESULT',
			'stat/+/POWER',
			...Array.from({ length: MAX_PORTS }, (_, i) => `stat/+/POWER${i + 1}`),
			'stat/+/STATUS8',
			'stat/+/STATUS10',
			'stat/+/STATUS11',
			'tasmota/discovery/+/config'
		],

		decode(topic, payload, at) {
			const parts = topic.split('/');
			const isDiscovery =
				parts.length === 4 &&
				parts[0] === 'tasmota' &&
				parts[1] === 'discovery' &&
				parts[3] === 'config';
			if (!isDiscovery && parts.length !== 3) return [];
			const [prefix, key = '', suffix = ''] = parts;
			const text = payloadText(payload);
			if (isDiscovery) {
				return text === null
					? [{ kind: 'malformed', key: null, reason: 'payload too large' }]
					: discovery(text);
			}
			if (!validKey(key)) return [];
			const kind = `${prefix}/${suffix}`;
			const json = (): unknown => (text === null ? undefined : parseJson(text));
			const notJson: Decoded = {
				kind: 'malformed',
				key,
				reason: text === null ? 'payload too large' : 'not JSON'
			};
			switch (kind) {
				case 'tele/SENSOR': {
					const j = json();
					return j === undefined ? [notJson] : energy(key, j, at);
				}
				case 'stat/STATUS8':
				case 'stat/STATUS10': {
					const j = json();
					return j === undefined ? [notJson] : energy(key, isRecord(j) ? j.StatusSNS : j, at);
				}
				case 'tele/STATE': {
					const j = json();
					return j === undefined ? [notJson] : relayStates(key, j);
				}
				case 'stat/STATUS11': {
					const j = json();
					return j === undefined ? [notJson] : relayStates(key, isRecord(j) ? j.StatusSTS : j);
				}
				case 'stat/RESULT': {
					const j = json();
					return j === undefined ? [notJson] : relayStates(key, j);
				}
				case 'tele/LWT':
					return [{ kind: 'ignored' }];
			}
			if (prefix === 'stat' && RELAY.test(suffix)) {
				const on = text === null ? undefined : onOff(text);
				if (on === undefined)
					return [{ kind: 'malformed', key, reason: `${suffix} is not ON or OFF` }];
				return relayStates(key, { [suffix]: on ? 'ON' : 'OFF' });
			}
			return [];
		},

		switchCommand(key, port, on) {
			return { topic: `cmnd/${key}/POWER${port}`, payload: on ? 'ON' : 'OFF' };
		},

		pollCommands(key) {
			// Status 8: the energy readings now; Status 11: every relay's state.
			return [
				{ topic: `cmnd/${key}/STATUS`, payload: '8' },
				{ topic: `cmnd/${key}/STATUS`, payload: '11' }
			];
		},

		forget(key) {
			clock.forget(key);
			sightings.forget(key);
			relays.delete(key);
			epochs.forget(key);
		}
	};
}

/**
 * Channel `i` of an ENERGY field: an array holds one value per channel; a single value is
 * the only channel's, or (`shared`, as Voltage on a one-phase multi-channel plug) every
 * channel's. Anything else is unknown.
 */
function channel(field: unknown, i: number, channels: number, shared: boolean): number | undefined {
	if (Array.isArray(field)) return field.length === channels ? finite(field[i]) : undefined;
	if (channels === 1 || shared) return finite(field);
	return undefined;
}
