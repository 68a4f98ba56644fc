import { describe, expect, it } from 'vitest';
import type { DeviceRecord } from '../devices/devices.repository';
import type { FrameInput } from '../ingest/frame.schema';
import type { Decoded, PlugFamily, PlugFamilyId, PlugSighting } from '../plugs/plug-family';
import { createMessageLimits } from './message-limits';
import { createPlugBridge, type MessageOutcome } from './plug-bridge';
import type { OwnedPlug } from './plugs.repository';
import type { PlugsService } from './plugs.service';

const FAMILY = 'tasmota' as PlugFamilyId;

/** A family whose messages say what to decode them to. */
const family: PlugFamily = {
	id: FAMILY,
	filters: ['t/+/x'],
	decode(topic, payload): Decoded[] {
		const text = Buffer.from(payload).toString();
		if (text === 'throw') throw new Error('decoder bug');
		if (text === 'nothing') return [];
		return JSON.parse(text) as Decoded[];
	},
	switchCommand: (key, port, on) => ({ topic: `t/${key}/${port}`, payload: on ? '1' : '0' }),
	pollCommands: () => [],
	forget: () => {}
};

function setup(perMinute = 100) {
	const counted: MessageOutcome[] = [];
	const ingested: { device: number; frames: FrameInput[] }[] = [];
	const sightings: PlugSighting[] = [];
	const states: [number, number, boolean][] = [];
	const owned: OwnedPlug = { family: FAMILY, key: 'mine', deviceId: 7, ownerId: 1, portCount: 2 };
	const plugs = {
		lookup: (f: string, key: string) => (f === FAMILY && key === 'mine' ? owned : null),
		sighted: (s: PlugSighting) => sightings.push(s) > 0
	} as unknown as PlugsService;
	const bridge = createPlugBridge({
		families: [family],
		plugs,
		ingest: {
			ingestFrames: async (device, frames) => {
				ingested.push({ device: device.id, frames: frames as FrameInput[] });
				return { ok: true, value: { accepted: 1, duplicates: [], rejected: [] } };
			}
		},
		deviceById: (id) => ({ id, ownerId: 1, portCount: 2 }) as DeviceRecord,
		relayState: (d, p, on) => void states.push([d, p, on]),
		topicLimits: createMessageLimits(1000),
		plugLimits: createMessageLimits(perMinute),
		maxPayloadBytes: 512,
		clock: { now: () => 1_000_000 },
		count: (o) => void counted.push(o),
		log: () => {}
	});
	const send = (items: unknown) => bridge.handle('t/a/x', Buffer.from(JSON.stringify(items)));
	return { bridge, counted, ingested, sightings, states, send };
}

const frame = (key: string): Decoded => ({
	kind: 'frame',
	key,
	frame: { ts: 1, ports: [{ port: 1, voltage: 230, current: 1, power: 230, relay: 'OFF' }] }
});

describe('the plug bridge', () => {
	it('sends an owned plug’s frames to its device, with its relay state', async () => {
		const t = setup();
		t.send([frame('mine')]);
		await Promise.resolve();
		const sent = frame('mine') as Extract<Decoded, { kind: 'frame' }>;
		expect(t.ingested).toEqual([{ device: 7, frames: [sent.frame] }]);
		expect(t.states).toEqual([[7, 1, false]]);
	});

	it('keeps only a sighting of a plug nobody owns', () => {
		const t = setup();
		t.send([
			{ kind: 'sighting', sighting: { family: FAMILY, key: 'theirs', ports: [1] } },
			frame('theirs')
		]);
		expect(t.sightings).toHaveLength(1);
		expect(t.ingested).toHaveLength(0);
		expect(t.counted).toEqual(['sighting', 'unowned']);
	});

	it('counts unknown, malformed and oversized messages and never throws', () => {
		const t = setup();
		expect(() => t.bridge.handle('t/a/x', Buffer.from('nothing'))).not.toThrow();
		expect(() => t.bridge.handle('t/a/x', Buffer.from('throw'))).not.toThrow();
		expect(() => t.bridge.handle('other/topic', Buffer.from('[]'))).not.toThrow();
		t.send([{ kind: 'malformed', key: 'mine', reason: 'bad JSON' }]);
		t.send([{ kind: 'state', key: 'mine', port: 9, on: true }]);
		t.bridge.handle('t/a/x', Buffer.alloc(513));
		expect(t.counted).toEqual([
			'unknown',
			'malformed',
			'unknown',
			'malformed',
			'malformed',
			'too_large'
		]);
	});

	it('drops a plug’s messages past its allowance a minute, before they reach ingest', async () => {
		const t = setup(3);
		for (let i = 0; i < 10; i++) t.send([frame('mine')]);
		await new Promise((r) => setTimeout(r, 0));
		expect(t.ingested.flatMap((i) => i.frames)).toHaveLength(3);
		expect(t.counted.filter((o) => o === 'rate_limited')).toHaveLength(7);
	});

	it('ingests one batch of a plug at a time; what arrives meanwhile goes in the next, none lost', async () => {
		const t = setup(100);
		for (let i = 0; i < 5; i++) t.send([frame('mine')]);
		await new Promise((r) => setTimeout(r, 0));
		// The first alone, the four that came while it ran together.
		expect(t.ingested.map((i) => i.frames.length)).toEqual([1, 4]);
		expect(t.counted.filter((o) => o === 'rate_limited')).toEqual([]);
	});
});
