import { describe, expect, it } from 'vitest';
import { decodeText, framesOf, kinds } from './test-helpers';
import { createTasmotaFamily } from './tasmota';

const AT = Date.parse('2025-11-27T08:00:00Z');
const sensor = (energy: string, time = '2025-11-27T14:00:00') =>
	`{"Time":"${time}","ENERGY":{${energy}}}`;
const ONE =
	'"TotalStartTime":"2025-10-01T09:12:40","Total":6.294,"Yesterday":5.340,"Today":0.954,"Period":217,"Power":2635,"ApparentPower":2650,"ReactivePower":282,"Factor":0.99,"Voltage":227,"Current":11.661';

describe('the Tasmota family', () => {
	it('turns tele SENSOR into a frame: Total in kWh becomes Wh, stamped on arrival for a local Time', () => {
		const t = createTasmotaFamily();
		const out = decodeText(t, 'tele/pow/SENSOR', sensor(ONE), AT);
		expect(kinds(out)).toEqual(['sighting', 'frame']);
		const [frame] = framesOf(out);
		expect(frame!.ts).toBe(AT);
		expect(frame!.ports).toEqual([
			{
				port: 1,
				voltage: 227,
				current: 11.661,
				power: 2635,
				pf: 0.99,
				energy_wh: 6294,
				epoch: expect.any(Number)
			}
		]);
	});

	it('believes a Time with its offset when it is close to the arrival, and not one far from it', () => {
		const t = createTasmotaFamily();
		const plug = Date.parse('2025-11-27T07:59:59.000Z');
		const [near] = framesOf(
			decodeText(t, 'tele/a/SENSOR', sensor(ONE, '2025-11-27T13:59:59+06:00'), AT)
		);
		expect(near!.ts).toBe(plug);
		const [never] = framesOf(
			decodeText(t, 'tele/b/SENSOR', sensor(ONE, '1970-01-01T06:00:09+06:00'), AT)
		);
		expect(never!.ts).toBe(AT);
	});

	it('reads STATE, RESULT and stat POWER<n> as relay states, and puts the relay in later frames', () => {
		const t = createTasmotaFamily();
		expect(
			decodeText(t, 'tele/s25/STATE', '{"Time":"x","POWER1":"ON","POWER2":"OFF"}', AT)
		).toEqual([
			{ kind: 'sighting', sighting: { family: 'tasmota', key: 's25', ports: [1, 2] } },
			{ kind: 'state', key: 's25', port: 1, on: true },
			{ kind: 'state', key: 's25', port: 2, on: false }
		]);
		expect(decodeText(t, 'stat/s25/POWER2', 'ON', AT)).toEqual([
			{ kind: 'state', key: 's25', port: 2, on: true }
		]);
		expect(decodeText(t, 'stat/s25/RESULT', '{"POWER":"OFF"}', AT)).toEqual([
			{ kind: 'state', key: 's25', port: 1, on: false }
		]);
		expect(decodeText(t, 'stat/s25/RESULT', '{"Dimmer":40}', AT)).toEqual([{ kind: 'ignored' }]);
		const [frame] = framesOf(decodeText(t, 'tele/s25/SENSOR', sensor(ONE), AT));
		expect(frame!.ports[0]!.relay).toBe(false);
	});

	it('splits arrays per channel; a single Total for several channels gives no channel its energy', () => {
		const t = createTasmotaFamily();
		const split = framesOf(
			decodeText(
				t,
				'tele/d/SENSOR',
				sensor(
					'"Total":[1.2,0.45],"Power":[60,24],"Voltage":229,"Current":[0.271,0.131],"Factor":[0.97,0.8]'
				),
				AT
			)
		)[0]!;
		expect(split.ports.map((p) => [p.port, p.power, p.voltage, p.current, p.energy_wh])).toEqual([
			[1, 60, 229, 0.271, 1200],
			[2, 24, 229, 0.131, 450]
		]);
		const joint = framesOf(
			decodeText(t, 'tele/e/SENSOR', sensor('"Total":1.65,"Power":[60,24],"Voltage":229'), AT)
		)[0]!;
		expect(joint.ports.map((p) => p.energy_wh)).toEqual([undefined, undefined]);
	});

	it('starts a new epoch when TotalStartTime moves or Total falls back, never for a rise', () => {
		const t = createTasmotaFamily();
		const epoch = (total: number, start: string) =>
			framesOf(
				decodeText(
					t,
					'tele/x/SENSOR',
					sensor(`"TotalStartTime":"${start}","Total":${total},"Power":5`),
					AT
				)
			)[0]!.ports[0]!.epoch;
		const first = epoch(1.2, 'A');
		expect(epoch(1.3, 'A')).toBe(first);
		const reset = epoch(0.1, 'B');
		expect(reset).not.toBe(first);
		const rollback = epoch(0.05, 'B');
		expect(rollback).not.toBe(reset);
		expect(epoch(0.06, 'B')).toBe(rollback);
	});

	it('sights a plug from its discovery message, and refuses a FullTopic it cannot follow', () => {
		const t = createTasmotaFamily();
		const config = (ft: string) =>
			`{"dn":"Kettle plug","fn":["Kettle",null],"md":"BlitzWolf SHP","t":"tasmota_D59ECA","ft":"${ft}","tp":["cmnd","stat","tele"],"rl":[1,2,0,0,0,0,0,0],"ver":1}`;
		expect(
			decodeText(t, 'tasmota/discovery/A4CF12D59ECA/config', config('%prefix%/%topic%/'), AT)
		).toEqual([
			{
				kind: 'sighting',
				sighting: {
					family: 'tasmota',
					key: 'tasmota_D59ECA',
					ports: [1],
					model: 'BlitzWolf SHP',
					name: 'Kettle plug'
				}
			}
		]);
		expect(
			kinds(
				decodeText(t, 'tasmota/discovery/A4CF12D59ECA/config', config('home/%topic%/%prefix%/'), AT)
			)
		).toEqual(['malformed']);
		expect(decodeText(t, 'tasmota/discovery/A4CF12D59ECA/config', '', AT)).toEqual([
			{ kind: 'ignored' }
		]);
	});

	it('marks what it cannot believe as malformed, and leaves other topics alone', () => {
		const t = createTasmotaFamily();
		const reason = (payload: string) => {
			const out = decodeText(t, 'tele/bad/SENSOR', payload, AT);
			return out.flatMap((d) => (d.kind === 'malformed' ? [d.reason] : []));
		};
		expect(reason('{"ENERGY":')).toEqual(['not JSON']);
		expect(reason(sensor('"Power":"abc"'))).toEqual(['port 1: no power reading']);
		expect(reason(sensor('"Power":-50'))).toEqual([expect.stringContaining('power')]);
		expect(reason(sensor('"Power":50000'))).toEqual([expect.stringContaining('power')]);
		expect(reason(sensor('"Power":5,"Total":-3'))).toEqual([expect.stringContaining('energy_wh')]);
		expect(decodeText(t, 'tele/bad/SENSOR', '{"DS18B20":{"Temperature":20.6}}', AT)).toEqual([
			{ kind: 'ignored' }
		]);
		expect(decodeText(t, 'stat/bad/POWER', 'MAYBE', AT)).toEqual([
			{ kind: 'malformed', key: 'bad', reason: 'POWER is not ON or OFF' }
		]);
		expect(decodeText(t, 'shellies/x/relay/0', 'on', AT)).toEqual([]);
		expect(decodeText(t, 'tele/a/b/SENSOR', sensor(ONE), AT)).toEqual([]);
	});

	it('switches a channel with POWER<n> and polls with Status 8 and Status 11', () => {
		const t = createTasmotaFamily();
		expect(t.switchCommand('tasmota_D59ECA', 2, false)).toEqual({
			topic: 'cmnd/tasmota_D59ECA/POWER2',
			payload: 'OFF'
		});
		expect(t.pollCommands('p')).toEqual([
			{ topic: 'cmnd/p/STATUS', payload: '8' },
			{ topic: 'cmnd/p/STATUS', payload: '11' }
		]);
		const [frame] = framesOf(decodeText(t, 'stat/p/STATUS8', `{"StatusSNS":${sensor(ONE)}}`, AT));
		expect(frame!.ports[0]!.power).toBe(2635);
		expect(decodeText(t, 'stat/p/STATUS11', '{"StatusSTS":{"POWER":"ON"}}', AT)).toContainEqual({
			kind: 'state',
			key: 'p',
			port: 1,
			on: true
		});
	});

	it('forgets a plug: its next message is a new sighting', () => {
		const t = createTasmotaFamily();
		decodeText(t, 'tele/p/SENSOR', sensor(ONE), AT);
		expect(kinds(decodeText(t, 'tele/p/SENSOR', sensor(ONE), AT + 1))).toEqual(['frame']);
		t.forget('p');
		expect(kinds(decodeText(t, 'tele/p/SENSOR', sensor(ONE), AT + 2))).toEqual([
			'sighting',
			'frame'
		]);
	});
});
