import { describe, expect, it } from 'vitest';
import { createShellyGen1Family, PAIR_WINDOW_MS } from './shelly-gen1';
import { decodeText, framesOf, kinds } from './test-helpers';

const AT = Date.parse('2025-11-27T08:00:00Z');
const ID = 'shellyplug-s-7A2B3C';
const topic = (rest: string) => `shellies/${ID}/${rest}`;

describe('the Shelly Gen1 family', () => {
	it('makes a frame when power and energy have both arrived, stamped by the second; energy in watt-minutes', () => {
		const s = createShellyGen1Family();
		expect(kinds(decodeText(s, topic('relay/0/power'), '118.57', AT))).toEqual(['sighting']);
		const out = decodeText(s, topic('relay/0/energy'), '36060', AT + 6);
		expect(framesOf(out)).toEqual([
			{ ts: AT + 6, ports: [{ port: 1, voltage: 0, current: 0, power: 118.57, energy_wh: 601 }] }
		]);
		// The pair is used up: a lone energy makes no frame; power then completes the next pair.
		expect(framesOf(decodeText(s, topic('relay/0/energy'), '36120', AT + 30_000))).toEqual([]);
		expect(
			framesOf(decodeText(s, topic('relay/0/power'), '120', AT + 30_010))[0]!.ports[0]!.energy_wh
		).toBe(602);
	});

	it('never pairs values further apart than the window', () => {
		const s = createShellyGen1Family();
		decodeText(s, topic('relay/0/power'), '50', AT);
		expect(
			framesOf(decodeText(s, topic('relay/0/energy'), '600', AT + PAIR_WINDOW_MS + 1))
		).toEqual([]);
		expect(
			framesOf(decodeText(s, topic('relay/0/power'), '51', AT + PAIR_WINDOW_MS + 2))[0]!.ports[0]!
				.power
		).toBe(51);
	});

	it('reads relay states (an overpower trip is off) and carries them in frames', () => {
		const s = createShellyGen1Family();
		expect(decodeText(s, topic('relay/1'), 'overpower', AT)).toEqual([
			{ kind: 'sighting', sighting: { family: 'shelly-gen1', key: ID, ports: [2] } },
			{ kind: 'state', key: ID, port: 2, on: false }
		]);
		decodeText(s, topic('relay/1/power'), '0.00', AT);
		expect(framesOf(decodeText(s, topic('relay/1/energy'), '10', AT))[0]!.ports[0]!.relay).toBe(
			false
		);
	});

	it('sights a plug from its announce, with the channels its model meters', () => {
		const s = createShellyGen1Family();
		const announce = (model: string) =>
			`{"id":"${ID}","model":"${model}","mac":"A4CF127A2B3C","ip":"192.168.1.41","new_fw":false,"fw_ver":"v1.14.0"}`;
		expect(decodeText(s, 'shellies/announce', announce('SHSW-25'), AT)).toEqual([
			{
				kind: 'sighting',
				sighting: { family: 'shelly-gen1', key: ID, ports: [1, 2], model: 'SHSW-25' }
			}
		]);
		expect(decodeText(s, 'shellies/announce', '{"model":"SHPLG-S"}', AT)).toEqual([
			{ kind: 'malformed', key: null, reason: 'announce without a usable id' }
		]);
	});

	it('reads the whole status of `update` from info: relays and a frame from meters', () => {
		const s = createShellyGen1Family();
		const info =
			'{"relays":[{"ison":true,"has_timer":false,"overpower":false}],"meters":[{"power":60.5,"overpower":0,"is_valid":true,"timestamp":1764252000,"counters":[1,1,1],"total":600}],"temperature":31.2}';
		const out = decodeText(s, topic('info'), info, AT);
		expect(out).toContainEqual({ kind: 'state', key: ID, port: 1, on: true });
		expect(framesOf(out)).toEqual([
			{
				ts: AT,
				ports: [{ port: 1, voltage: 0, current: 0, power: 60.5, energy_wh: 10, relay: true }]
			}
		]);
	});

	it('commands a relay with on/off and polls with update', () => {
		const s = createShellyGen1Family();
		expect(s.switchCommand(ID, 1, true)).toEqual({
			topic: `shellies/${ID}/relay/0/command`,
			payload: 'on'
		});
		expect(s.switchCommand(ID, 2, false)).toEqual({
			topic: `shellies/${ID}/relay/1/command`,
			payload: 'off'
		});
		expect(s.pollCommands(ID)).toEqual([{ topic: `shellies/${ID}/command`, payload: 'update' }]);
	});

	it('marks non-numbers and negative counters as malformed; other trees are not its own', () => {
		const s = createShellyGen1Family();
		expect(decodeText(s, topic('relay/0/power'), 'NaN', AT)).toEqual([
			{ kind: 'malformed', key: ID, reason: 'power is not a number' }
		]);
		decodeText(s, topic('relay/0/power'), '5', AT);
		expect(kinds(decodeText(s, topic('relay/0/energy'), '-60', AT))).toEqual(['malformed']);
		expect(decodeText(s, topic('relay/0'), 'sideways', AT)).toEqual([
			{ kind: 'malformed', key: ID, reason: 'relay 0 is sideways' }
		]);
		expect(decodeText(s, 'tele/x/SENSOR', '{}', AT)).toEqual([]);
		expect(decodeText(s, topic('relay/9/power'), '5', AT)).toEqual([]);
	});
});
