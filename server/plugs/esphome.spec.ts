import { describe, expect, it } from 'vitest';
import { createEsphomeFamily, VALUE_FRESH_MS } from './esphome';
import { channelOf, classify, isRelay } from './esphome-names';
import { decodeText, framesOf } from './test-helpers';

const AT = Date.parse('2025-11-27T08:00:00Z');
const N = 'kitchen-plug';
const config = (obj: string, unit: string, cls: string) =>
	`{"dev_cla":"${cls}","unit_of_meas":"${unit}","name":"${obj}","stat_t":"${N}/sensor/${obj}/state","avty_t":"${N}/status","uniq_id":"ESPsensor${obj}","dev":{"ids":"a4cf12d59ecb","name":"Kitchen plug","mdl":"esp8285","mf":"Espressif"}}`;

describe('the ESPHome family', () => {
	it('makes a frame when power arrives, with the newest voltage, current and energy (kWh from discovery)', () => {
		const e = createEsphomeFamily();
		expect(
			decodeText(
				e,
				`homeassistant/sensor/${N}/energy/config`,
				config('energy', 'kWh', 'energy'),
				AT
			)
		).toEqual([{ kind: 'ignored' }]);
		expect(
			decodeText(e, `homeassistant/sensor/${N}/power/config`, config('power', 'W', 'power'), AT)
		).toEqual([
			{
				kind: 'sighting',
				sighting: { family: 'esphome', key: N, ports: [1], model: 'esp8285', name: 'Kitchen plug' }
			}
		]);
		decodeText(e, `${N}/sensor/voltage/state`, '230.4', AT);
		decodeText(e, `${N}/sensor/current/state`, '0.541', AT);
		decodeText(e, `${N}/sensor/energy/state`, '1.204', AT);
		expect(framesOf(decodeText(e, `${N}/sensor/power/state`, '120.0', AT + 20))).toEqual([
			{
				ts: AT + 20,
				ports: [{ port: 1, voltage: 230.4, current: 0.541, power: 120, energy_wh: 1204 }]
			}
		]);
		expect(
			framesOf(decodeText(e, `${N}/sensor/power/state`, '121.0', AT + VALUE_FRESH_MS + 1))[0]!
				.ports[0]
		).toEqual({
			port: 1,
			voltage: 0,
			current: 0,
			power: 121
		});
	});

	it('leaves out energy whose unit it does not know, and never uses a daily counter', () => {
		const e = createEsphomeFamily();
		decodeText(e, `${N}/sensor/energy/state`, '1.2', AT);
		decodeText(
			e,
			`homeassistant/sensor/${N}/total_daily_energy/config`,
			config('total_daily_energy', 'kWh', 'energy'),
			AT
		);
		decodeText(e, `${N}/sensor/total_daily_energy/state`, '0.4', AT);
		expect(
			framesOf(decodeText(e, `${N}/sensor/power/state`, '10', AT))[0]!.ports[0]!.energy_wh
		).toBeUndefined();
	});

	it('reads relay switches, numbers ports from channel words, and commands the switch it saw', () => {
		const e = createEsphomeFamily();
		expect(decodeText(e, `${N}/switch/socket_2/state`, 'OFF', AT)).toContainEqual({
			kind: 'state',
			key: N,
			port: 2,
			on: false
		});
		expect(e.switchCommand(N, 2, true)).toEqual({
			topic: `${N}/switch/socket_2/command`,
			payload: 'ON'
		});
		expect(e.switchCommand(N, 1, false)).toEqual({
			topic: `${N}/switch/relay/command`,
			payload: 'OFF'
		});
		expect(decodeText(e, `${N}/switch/restart/state`, 'OFF', AT)).toEqual([{ kind: 'ignored' }]);
		expect(e.pollCommands(N)).toEqual([]);
	});

	it('tells measurements and ports apart by name', () => {
		expect(
			[
				'power',
				'plug_power',
				'apparent_power',
				'power_factor',
				'energy',
				'total_daily_energy',
				'voltage',
				'current',
				'wifi_signal'
			].map((n) => classify(n))
		).toEqual(['power', 'power', null, 'pf', 'energy', null, 'voltage', 'current', null]);
		expect(classify('bl0942_a', 'power')).toBe('power');
		expect(
			['power', 'power_2', 'socket_3_power', 'relay4', 'athom_plug_v2_power', 'ch_2_current'].map(
				channelOf
			)
		).toEqual([1, 2, 3, 4, 1, 2]);
		expect(
			['relay', 'relay_2', 'status_led', 'restart', 'child_lock', 'block_heater'].map(isRelay)
		).toEqual([true, true, false, false, false, true]);
	});

	it('marks "nan" and garbage as malformed, and ignores status and other sensors', () => {
		const e = createEsphomeFamily();
		expect(decodeText(e, `${N}/sensor/power/state`, 'nan', AT)).toEqual([
			{ kind: 'malformed', key: N, reason: 'power is not a number' }
		]);
		expect(decodeText(e, `${N}/sensor/power/state`, '-40', AT)).toEqual([
			{ kind: 'malformed', key: N, reason: expect.stringContaining('power') }
		]);
		expect(decodeText(e, `${N}/sensor/wifi_signal/state`, '-60', AT)).toEqual([
			{ kind: 'ignored' }
		]);
		expect(decodeText(e, `${N}/status`, 'online', AT)).toEqual([{ kind: 'ignored' }]);
		expect(decodeText(e, `${N}/status`, '{"uptime":3}', AT)).toEqual([]);
		expect(decodeText(e, `homeassistant/sensor/${N}/x/config`, '{"stat_t":', AT)).toEqual([
			{ kind: 'malformed', key: null, reason: 'not a JSON object' }
		]);
	});

	it('keeps a bounded discovery per node', () => {
		const e = createEsphomeFamily();
		for (let i = 0; i < 64; i++) {
			decodeText(
				e,
				`homeassistant/sensor/${N}/t${i}/config`,
				config(`t${i}`, '°C', 'temperature'),
				AT
			);
		}
		expect(
			decodeText(e, `homeassistant/sensor/${N}/power/config`, config('power', 'W', 'power'), AT)
		).toEqual([{ kind: 'malformed', key: N, reason: 'more than 64 sensors' }]);
	});
});
