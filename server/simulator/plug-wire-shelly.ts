import {
	round,
	current,
	onOffToggle,
	escape,
	type PlugView,
	type PlugWire,
	type Out,
	type Channel
} from './plug-wire';

/** Shelly Gen2 (status topics, RPC over MQTT) and Gen1 (shellies/<id>/relay/…). */
export function shellyGen2Wire(key: string): PlugWire {
	const status = (v: PlugView, i: number) => {
		const c = v.channels[i]!;
		return {
			id: i,
			source: 'MQTT',
			output: c.relay,
			apower: round(c.power, 1),
			voltage: round(c.voltage, 1),
			freq: 50,
			current: current(c),
			pf: round(c.pf, 2),
			aenergy: {
				total: round(c.counterWh, 3),
				by_minute: [0, 0, 0],
				minute_ts: Math.floor(v.now / 60_000) * 60
			},
			temperature: { tC: 35, tF: 95 }
		};
	};
	const all = (v: PlugView) =>
		Object.fromEntries(v.channels.map((_, i) => [`switch:${i}`, status(v, i)]));
	return {
		commandFilters: [`${key}/rpc`],
		announce: (v) => [
			[`${key}/online`, 'true'],
			[
				`${key}/events/rpc`,
				JSON.stringify({
					src: key,
					dst: `${key}/events`,
					method: 'NotifyFullStatus',
					params: { ts: v.now / 1000, ...all(v) }
				})
			]
		],
		report: (v) =>
			v.channels.map((_, i) => [`${key}/status/switch:${i}`, JSON.stringify(status(v, i))]),
		switched: (v, port, was, replyTo, id) => [
			...(replyTo
				? ([
						[
							`${replyTo}/rpc`,
							JSON.stringify({ id, src: key, dst: replyTo, result: { was_on: was } })
						]
					] as Out)
				: []),
			[
				`${key}/events/rpc`,
				JSON.stringify({
					src: key,
					dst: `${key}/events`,
					method: 'NotifyStatus',
					params: {
						ts: v.now / 1000,
						[`switch:${port - 1}`]: {
							id: port - 1,
							output: v.channels[port - 1]!.relay,
							source: 'MQTT'
						}
					}
				})
			],
			[`${key}/status/switch:${port - 1}`, JSON.stringify(status(v, port - 1))]
		],
		poll: (v, _what, replyTo, id) =>
			replyTo
				? [
						[
							`${replyTo}/rpc`,
							JSON.stringify({
								id,
								src: key,
								dst: replyTo,
								result: { ...all(v), sys: { unixtime: Math.floor(v.now / 1000) } }
							})
						]
					]
				: [],
		parse: (topic, payload) => {
			if (topic !== `${key}/rpc`) return null;
			let j: {
				id?: unknown;
				src?: unknown;
				method?: unknown;
				params?: { id?: unknown; on?: unknown };
			};
			try {
				j = JSON.parse(payload) as typeof j;
			} catch {
				return null;
			}
			const replyTo = typeof j.src === 'string' ? j.src : undefined;
			if (j.method === 'Shelly.GetStatus')
				return { kind: 'poll', what: 'status', replyTo, id: j.id };
			const port = typeof j.params?.id === 'number' ? j.params.id + 1 : 0;
			if (j.method === 'Switch.Set' && typeof j.params?.on === 'boolean') {
				return { kind: 'switch', port, on: j.params.on, replyTo, id: j.id };
			}
			if (j.method === 'Switch.Toggle') return { kind: 'switch', port, replyTo, id: j.id };
			return null;
		}
	};
}

export function shellyGen1Wire(key: string): PlugWire {
	const relay = (v: PlugView, i: number): [string, string] => [
		`shellies/${key}/relay/${i}`,
		v.channels[i]!.relay ? 'on' : 'off'
	];
	const wattMinutes = (c: Channel) => Math.floor(c.counterWh * 60);
	return {
		commandFilters: [`shellies/${key}/relay/+/command`, `shellies/${key}/command`],
		announce: (v) => [
			[
				'shellies/announce',
				JSON.stringify({
					id: key,
					model: v.channels.length === 2 ? 'SHSW-25' : 'SHPLG-S',
					mac: 'A4CF12000000',
					ip: '192.168.1.41',
					new_fw: false,
					fw_ver: '20230913-114244/v1.14.0-gcb84623'
				})
			],
			[`shellies/${key}/online`, 'true'],
			...v.channels.map((_, i) => relay(v, i))
		],
		report: (v) =>
			v.channels.flatMap((c, i): Out => [
				[`shellies/${key}/relay/${i}/power`, c.power.toFixed(2)],
				[`shellies/${key}/relay/${i}/energy`, String(wattMinutes(c))]
			]),
		switched: (v, port) => [relay(v, port - 1)],
		poll: (v, what) =>
			what === 'update'
				? [
						[
							`shellies/${key}/info`,
							JSON.stringify({
								relays: v.channels.map((c) => ({
									ison: c.relay,
									has_timer: false,
									overpower: false
								})),
								meters: v.channels.map((c) => ({
									power: round(c.power, 2),
									is_valid: true,
									total: wattMinutes(c)
								}))
							})
						]
					]
				: what === 'announce'
					? shellyGen1Wire(key).announce(v).slice(0, 1)
					: [],
		parse: (topic, payload) => {
			const m = new RegExp(`^shellies/${escape(key)}/relay/([0-7])/command$`).exec(topic);
			if (m) {
				const on = onOffToggle(payload);
				return on === null ? null : { kind: 'switch', port: Number(m[1]) + 1, on };
			}
			return topic === `shellies/${key}/command` ? { kind: 'poll', what: payload.trim() } : null;
		}
	};
}
