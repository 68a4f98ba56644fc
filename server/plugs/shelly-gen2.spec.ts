import { describe, expect, it } from 'vitest';
import { createShellyGen2Family, SHELLY_RPC_SOURCE_ROOT } from './shelly-gen2';
import { decodeText, framesOf, kinds } from './test-helpers';

const AT = Date.parse('2025-11-27T08:00:00Z');
const P = 'shellyplusplugs-b0b21c10a1b2';
const STATUS =
	'{"id":0,"source":"init","output":true,"apower":600.4,"voltage":229.8,"freq":50.0,"current":2.627,"pf":0.99,"aenergy":{"total":1500.125,"by_minute":[0,0,0],"minute_ts":1764230400},"temperature":{"tC":31.2,"tF":88.2}}';
const notify = (ts: number, body: string, method = 'NotifyStatus') =>
	`{"src":"${P}","dst":"${P}/events","method":"${method}","params":{"ts":${ts / 1000},${body}}}`;

describe('the Shelly Gen2 family', () => {
	it('turns a switch status into a frame for port id+1 and a relay state', () => {
		const s = createShellyGen2Family();
		const out = decodeText(s, `${P}/status/switch:1`, STATUS.replace('"id":0', '"id":1'), AT);
		expect(kinds(out)).toEqual(['sighting', 'frame', 'state']);
		expect(framesOf(out)[0]).toEqual({
			ts: AT,
			ports: [
				{
					port: 2,
					voltage: 229.8,
					current: 2.627,
					power: 600.4,
					pf: 0.99,
					energy_wh: 1500.125,
					relay: true
				}
			]
		});
		expect(out).toContainEqual({ kind: 'state', key: P, port: 2, on: true });
	});

	it('overlays notifications on the last status; only one with the counter makes a frame, on the plug’s clock', () => {
		const s = createShellyGen2Family();
		decodeText(s, `${P}/status/switch:0`, STATUS, AT);
		const change = decodeText(
			s,
			`${P}/events/rpc`,
			notify(AT + 5000, '"switch:0":{"id":0,"apower":120.5,"current":0.55}'),
			AT + 5100
		);
		expect(framesOf(change)).toEqual([]);
		const minute = decodeText(
			s,
			`${P}/events/rpc`,
			notify(
				AT + 60_000,
				'"switch:0":{"id":0,"aenergy":{"by_minute":[100,0,0],"minute_ts":1764230460,"total":1502.5}}'
			),
			AT + 60_150
		);
		expect(framesOf(minute)).toEqual([
			{
				ts: AT + 60_000,
				ports: [
					{
						port: 1,
						voltage: 229.8,
						current: 0.55,
						power: 120.5,
						pf: 0.99,
						energy_wh: 1502.5,
						relay: true
					}
				]
			}
		]);
		const off = decodeText(
			s,
			`${P}/events/rpc`,
			notify(AT + 61_000, '"switch:0":{"id":0,"output":false,"source":"MQTT"}'),
			AT + 61_100
		);
		expect(off).toEqual([{ kind: 'state', key: P, port: 1, on: false }]);
	});

	it('after the device comes back online, waits for a power reading before making frames', () => {
		const s = createShellyGen2Family();
		decodeText(s, `${P}/status/switch:0`, STATUS, AT);
		expect(decodeText(s, `${P}/online`, 'true', AT + 1)).toEqual([{ kind: 'ignored' }]);
		const counterOnly = decodeText(
			s,
			`${P}/events/rpc`,
			notify(AT + 2000, '"switch:0":{"id":0,"aenergy":{"total":0.5}}'),
			AT + 2000
		);
		expect(kinds(counterOnly).filter((k) => k !== 'sighting')).toEqual([]);
	});

	it('switches by RPC, naming a response topic of its own in src, and polls with Shelly.GetStatus', () => {
		const s = createShellyGen2Family();
		const on = s.switchCommand(P, 3, true);
		expect(on.topic).toBe(`${P}/rpc`);
		expect(JSON.parse(on.payload)).toEqual({
			id: expect.any(Number),
			src: `${SHELLY_RPC_SOURCE_ROOT}/${P}`,
			method: 'Switch.Set',
			params: { id: 2, on: true }
		});
		const [poll] = s.pollCommands(P);
		expect(JSON.parse(poll!.payload)).toMatchObject({
			method: 'Shelly.GetStatus',
			src: `multiplug/${P}`
		});
		expect(JSON.parse(poll!.payload).id).not.toBe(JSON.parse(on.payload).id);
		expect(s.filters).toContain('multiplug/+/rpc');
	});

	it('reads the answer to Shelly.GetStatus (stamped by sys.unixtime) and reports RPC errors', () => {
		const s = createShellyGen2Family();
		const answer = `{"id":7,"src":"${P}","dst":"multiplug/${P}","result":{"switch:0":${STATUS},"sys":{"unixtime":${AT / 1000 - 1}}}}`;
		const out = decodeText(s, `multiplug/${P}/rpc`, answer, AT);
		expect(framesOf(out)[0]!.ts).toBe(AT - 1000);
		expect(out[0]).toEqual({
			kind: 'sighting',
			sighting: { family: 'shelly-gen2', key: P, ports: [1], model: 'shellyplusplugs' }
		});
		expect(
			decodeText(s, `multiplug/${P}/rpc`, `{"id":8,"src":"${P}","result":{"was_on":false}}`, AT)
		).toEqual([{ kind: 'ignored' }]);
		expect(
			decodeText(
				s,
				`multiplug/${P}/rpc`,
				'{"id":9,"error":{"code":401,"message":"Unauthorized"}}',
				AT
			)
		).toEqual([{ kind: 'malformed', key: P, reason: 'RPC error 401: Unauthorized' }]);
	});

	it('reads a PM Mini’s pm1 component as a port without a relay', () => {
		const s = createShellyGen2Family();
		const out = decodeText(
			s,
			`pm/status/pm1:0`,
			'{"id":0,"voltage":230.1,"current":0.2,"apower":40,"freq":50,"aenergy":{"total":12}}',
			AT
		);
		expect(framesOf(out)[0]!.ports).toEqual([
			{ port: 1, voltage: 230.1, current: 0.2, power: 40, energy_wh: 12 }
		]);
		expect(kinds(out)).not.toContain('state');
	});

	it('marks wrong types, bad JSON and impossible channels as malformed; other topics are not its own', () => {
		const s = createShellyGen2Family();
		const reasons = (topic: string, payload: string) =>
			decodeText(s, topic, payload, AT).flatMap((d) => (d.kind === 'malformed' ? [d.reason] : []));
		expect(reasons(`${P}/status/switch:0`, '{"apower":"lots","aenergy":{"total":1}}')).toEqual([
			'switch:0: apower is not a number'
		]);
		expect(reasons(`${P}/status/switch:0`, '{"apower":')).toEqual(['not JSON']);
		expect(reasons(`${P}/status/switch:9`, STATUS)).toEqual(['switch:9 is beyond port 8']);
		expect(reasons(`${P}/events/rpc`, '{"method":"NotifyStatus"}')).toEqual([
			'NotifyStatus without params'
		]);
		expect(decodeText(s, `${P}/status/sys`, '{"uptime":5}', AT)).toEqual([{ kind: 'ignored' }]);
		expect(
			decodeText(s, `${P}/events/rpc`, '{"method":"NotifyEvent","params":{"ts":1,"events":[]}}', AT)
		).toEqual([{ kind: 'ignored' }]);
		expect(decodeText(s, 'shellies/x/online', 'true', AT)).toEqual([]);
		expect(decodeText(s, 'tele/x/SENSOR', '{}', AT)).toEqual([]);
	});
});
