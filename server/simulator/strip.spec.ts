import { describe, expect, it } from 'vitest';
import { SimulatedStrip } from './strip';

const T0 = Date.parse('2026-11-27T12:00:00Z');

describe('the simulated strip’s relays', () => {
	it('switches off at once and on staggered a second apart, like the firmware', () => {
		const strip = new SimulatedStrip({ seed: 3 });
		for (const port of [1, 2, 3]) strip.request(port, false, T0);
		expect(
			strip
				.frame(T0)
				.ports.slice(0, 3)
				.map((p) => [p.relay, p.power])
		).toEqual([
			[false, 0],
			[false, 0],
			[false, 0]
		]);
		for (const port of [1, 2, 3]) strip.request(port, true, T0 + 10);
		const on = (ts: number) =>
			strip
				.frame(ts)
				.ports.slice(0, 3)
				.map((p) => p.relay);
		expect(on(T0 + 10)).toEqual([true, false, false]);
		expect(on(T0 + 1009)).toEqual([true, false, false]);
		expect(on(T0 + 1010)).toEqual([true, true, false]);
		expect(on(T0 + 2010)).toEqual([true, true, true]);
	});
});
