import { describe, expect, it, vi } from 'vitest';
import { createPlugFamilies } from '../plugs/index';
import type { Decoded, PlugFamily, PlugFamilyId } from '../plugs/plug-family';
import { countedWh } from '../plugs/test-helpers';
import { topicMatches } from '../plugs/topic-filter';
import type { LoadModel } from './loads';
import { PlugSimulator } from './plug-simulator';

const T0 = Date.parse('2026-11-27T12:00:00Z');
const MIN = 60_000;
const steady = (w: number): LoadModel => ({
	name: `${w} W`,
	pf: 0.9,
	standbyPf: 0.5,
	power: () => w
});
const KEYS: Record<PlugFamilyId, string> = {
	tasmota: 'tasmota_SIM001',
	'shelly-gen2': 'shellypro2pm-sim001',
	'shelly-gen1': 'shellyswitch25-SIM001',
	esphome: 'sim-plug'
};

function rig(id: PlugFamilyId, loads: LoadModel[] = [steady(120), steady(48)], seed = 7) {
	const family = createPlugFamilies().find((f) => f.id === id)!;
	let now = T0;
	const decoded: Decoded[] = [];
	const published: { topic: string; payload: string }[] = [];
	const sim = new PlugSimulator({
		family: id,
		key: KEYS[id],
		loads,
		seed,
		now: () => now,
		publish: (topic, payload) => {
			published.push({ topic, payload });
			decoded.push(...family.decode(topic, new TextEncoder().encode(payload), now));
		}
	});
	return { family, sim, decoded, published, at: (ms: number) => (now = ms) };
}

/** The simulator's message for a family's command, as the broker would deliver it. */
function send(
	sim: PlugSimulator,
	family: PlugFamily,
	m: { topic: string; payload: string }
): boolean {
	expect(
		sim.commandFilters.some((f) => topicMatches(f, m.topic)),
		m.topic
	).toBe(true);
	return sim.receive(m.topic, m.payload);
}

const ids: PlugFamilyId[] = ['tasmota', 'shelly-gen2', 'shelly-gen1', 'esphome'];

describe('the plug simulator', () => {
	for (const id of ids) {
		it(`${id}: counts the truth across a counter reset and a short power loss, through the family's decoder`, () => {
			const { sim, decoded, at } = rig(id);
			sim.start();
			for (let step = 0; step <= 120; step++) {
				at(T0 + step * MIN);
				if (step === 82) sim.powerRestored();
				sim.report();
				if (step === 40) {
					at(T0 + step * MIN + 20_000);
					sim.resetCounters();
				}
				if (step === 80) {
					at(T0 + step * MIN + 30_000);
					sim.powerLoss();
				}
			}
			at(T0 + 120 * MIN);
			expect(decoded.filter((d) => d.kind === 'malformed')).toEqual([]);
			const counted = countedWh(decoded);
			for (const [port, w] of [
				[1, 120],
				[2, 48]
			] as const) {
				const truth = sim.truthWh(port);
				expect(truth).toBeCloseTo((w * (120 * 60 - 90)) / 3600, 6);
				// Tasmota: the reset and the cut are new epochs, integrated from power (the
				// cut's 90 s off is read as drawing). The others count each new counter from
				// zero and lose what was drawn between the last report and the reset or the cut.
				const expected = id === 'tasmota' ? truth + (w * 90) / 3600 : truth - (w * 50) / 3600;
				const resolution = { tasmota: 2, esphome: 2, 'shelly-gen1': 0.1, 'shelly-gen2': 0.01 }[id];
				expect(Math.abs(counted.get(port)! - expected), `port ${port}`).toBeLessThanOrEqual(
					resolution
				);
			}
		});

		it(`${id}: answers a switch command, and the family reads the relay state coming back`, () => {
			const { family, sim, decoded, at } = rig(id);
			sim.start();
			at(T0 + 1000);
			expect(send(sim, family, family.switchCommand(KEYS[id], 2, false))).toBe(true);
			expect(sim.relay(2)).toBe(false);
			expect(decoded).toContainEqual({ kind: 'state', key: KEYS[id], port: 2, on: false });
			decoded.length = 0;
			expect(send(sim, family, family.switchCommand(KEYS[id], 2, true))).toBe(true);
			expect(decoded).toContainEqual({ kind: 'state', key: KEYS[id], port: 2, on: true });
			sim.powerLoss();
			expect(sim.receive(family.switchCommand(KEYS[id], 2, false).topic, 'OFF')).toBe(false);
		});

		it(`${id}: is sighted by the family when it starts, and answers the family's poll commands`, () => {
			const { family, sim, decoded } = rig(id);
			sim.start();
			const sighting = decoded.filter((d) => d.kind === 'sighting').at(-1);
			expect(sighting).toMatchObject({ sighting: { family: id, key: KEYS[id], ports: [1, 2] } });
			decoded.length = 0;
			for (const m of family.pollCommands(KEYS[id])) expect(send(sim, family, m)).toBe(true);
			if (id !== 'esphome') expect(decoded.some((d) => d.kind === 'frame')).toBe(true);
		});
	}

	it('publishes the same messages for the same seed and clock', () => {
		const run = () => {
			const { sim, published, at } = rig('tasmota', undefined, 3);
			sim.start();
			for (let step = 0; step < 5; step++) {
				at(T0 + step * MIN);
				sim.report();
			}
			return published;
		};
		expect(run()).toEqual(run());
	});

	it('reports on its own timer for the demo until stopped', () => {
		vi.useFakeTimers();
		try {
			const { sim, published } = rig('shelly-gen1');
			const stop = sim.runEvery(30_000);
			const announced = published.length;
			vi.advanceTimersByTime(90_000);
			expect(published.length - announced).toBe(3 * 4);
			stop();
			vi.advanceTimersByTime(90_000);
			expect(published.length - announced).toBe(3 * 4);
		} finally {
			vi.useRealTimers();
		}
	});
});
