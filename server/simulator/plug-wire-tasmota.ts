import { round, current, onOffToggle, escape, type PlugView, type PlugWire } from './plug-wire';

/** Tasmota with its default FullTopic: tele SENSOR/STATE, stat answers, cmnd commands. */
export function tasmotaWire(key: string): PlugWire {
	const many = (v: PlugView) => v.channels.length > 1;
	const per = <T>(v: PlugView, f: (c: PlugView['channels'][number]) => T) =>
		many(v) ? v.channels.map(f) : f(v.channels[0]!);
	const energy = (v: PlugView) => ({
		TotalStartTime: v.totalStartTime,
		Total: per(v, (c) => round(c.counterWh / 1000, 3)),
		Yesterday: per(v, () => 0),
		Today: per(v, (c) => round(c.todayWh / 1000, 3)),
		Power: per(v, (c) => Math.round(c.power)),
		Factor: per(v, (c) => round(c.pf, 2)),
		Voltage: Math.round(v.channels[0]!.voltage),
		Current: per(v, current)
	});
	const relayName = (v: PlugView, port: number) => (many(v) ? `POWER${port}` : 'POWER');
	const state = (v: PlugView) => ({
		Time: v.localTime,
		Uptime: '0T01:00:00',
		UptimeSec: 3600,
		...Object.fromEntries(v.channels.map((c, i) => [relayName(v, i + 1), c.relay ? 'ON' : 'OFF']))
	});
	return {
		commandFilters: [`cmnd/${key}/+`],
		announce: (v) => [
			[
				`tasmota/discovery/${key.toUpperCase()}/config`,
				JSON.stringify({
					dn: key,
					fn: [key],
					md: 'Simulated plug',
					t: key,
					ft: '%prefix%/%topic%/',
					tp: ['cmnd', 'stat', 'tele'],
					rl: Array.from({ length: 8 }, (_, i) => (i < v.channels.length ? 1 : 0)),
					ver: 1
				})
			],
			[`tele/${key}/LWT`, 'Online'],
			[`tele/${key}/STATE`, JSON.stringify(state(v))]
		],
		report: (v) => [
			[`tele/${key}/SENSOR`, JSON.stringify({ Time: v.localTime, ENERGY: energy(v) })]
		],
		switched: (v, port) => {
			const name = relayName(v, port);
			const on = v.channels[port - 1]!.relay ? 'ON' : 'OFF';
			return [
				[`stat/${key}/RESULT`, JSON.stringify({ [name]: on })],
				[`stat/${key}/${name}`, on]
			];
		},
		poll: (v, what) =>
			what === '8' || what === '10'
				? [
						[
							`stat/${key}/STATUS${what}`,
							JSON.stringify({ StatusSNS: { Time: v.localTime, ENERGY: energy(v) } })
						]
					]
				: what === '11'
					? [[`stat/${key}/STATUS11`, JSON.stringify({ StatusSTS: state(v) })]]
					: [],
		parse: (topic, payload) => {
			const m = new RegExp(`^cmnd/${escape(key)}/(\\w+)$`).exec(topic);
			if (!m) return null;
			const command = m[1]!.toUpperCase();
			const relay = /^POWER([1-8])?$/.exec(command);
			if (relay) {
				const on = onOffToggle(payload);
				return on === null ? null : { kind: 'switch', port: relay[1] ? Number(relay[1]) : 1, on };
			}
			return command === 'STATUS' ? { kind: 'poll', what: payload.trim() } : null;
		}
	};
}
