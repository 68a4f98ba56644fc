import { current, onOffToggle, escape, type PlugView, type PlugWire, type Out } from './plug-wire';

/** An ESPHome node: discovery, one state topic per sensor and switch. */
export function esphomeWire(key: string): PlugWire {
	const name = (v: PlugView, base: string, i: number) =>
		v.channels.length > 1 ? `${base}_${i + 1}` : base;
	const sensors: [string, string, string][] = [
		['voltage', 'V', 'voltage'],
		['current', 'A', 'current'],
		['energy', 'kWh', 'energy'],
		['power', 'W', 'power']
	];
	const dev = { ids: 'a4cf12000000', name: key, mdl: 'esp8285', mf: 'Espressif' };
	const switchState = (v: PlugView, i: number): [string, string] => [
		`${key}/switch/${name(v, 'relay', i)}/state`,
		v.channels[i]!.relay ? 'ON' : 'OFF'
	];
	return {
		commandFilters: [`${key}/switch/+/command`],
		announce: (v) => [
			...v.channels.flatMap((_, i) =>
				sensors.map(([base, unit, cls]): [string, string] => {
					const obj = name(v, base, i);
					return [
						`homeassistant/sensor/${key}/${obj}/config`,
						JSON.stringify({
							dev_cla: cls,
							unit_of_meas: unit,
							name: obj,
							stat_t: `${key}/sensor/${obj}/state`,
							avty_t: `${key}/status`,
							uniq_id: `ESPsensor${obj}`,
							dev
						})
					];
				})
			),
			...v.channels.map((_, i): [string, string] => {
				const obj = name(v, 'relay', i);
				return [
					`homeassistant/switch/${key}/${obj}/config`,
					JSON.stringify({
						name: obj,
						stat_t: `${key}/switch/${obj}/state`,
						cmd_t: `${key}/switch/${obj}/command`,
						avty_t: `${key}/status`,
						dev
					})
				];
			}),
			[`${key}/status`, 'online'],
			...v.channels.map((_, i) => switchState(v, i))
		],
		report: (v) =>
			v.channels.flatMap((c, i): Out => [
				[`${key}/sensor/${name(v, 'voltage', i)}/state`, c.voltage.toFixed(1)],
				[`${key}/sensor/${name(v, 'current', i)}/state`, current(c).toFixed(3)],
				[`${key}/sensor/${name(v, 'energy', i)}/state`, (c.counterWh / 1000).toFixed(3)],
				[`${key}/sensor/${name(v, 'power', i)}/state`, c.power.toFixed(1)]
			]),
		switched: (v, port) => [switchState(v, port - 1)],
		poll: () => [],
		parse: (topic, payload) => {
			const m = new RegExp(`^${escape(key)}/switch/relay(?:_([1-8]))?/command$`).exec(topic);
			if (!m) return null;
			const on = onOffToggle(payload);
			return on === null ? null : { kind: 'switch', port: m[1] ? Number(m[1]) : 1, on };
		}
	};
}
