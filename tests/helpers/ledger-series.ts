import fc from 'fast-check';
import type { StoredReading } from '../../server/energy/readings.repository';

type MakeReading = (
	port: number,
	ts: number,
	power: number,
	energyWh: number | null
) => StoredReading;

/**
 * A two-port series from `t0`: steps sometimes beyond the 5-minute gap, counters that
 * sometimes reset, some readings without a counter.
 */
export function readingSeries(t0: number, reading: MakeReading, maxLength = 60) {
	return fc
		.array(
			fc.record({
				port: fc.integer({ min: 1, max: 2 }),
				step: fc.integer({ min: 1_000, max: 9 * 60_000 }),
				power: fc.double({ min: 0, max: 3000, noNaN: true }),
				counterStep: fc.option(fc.double({ min: 0, max: 5, noNaN: true }), { nil: null }),
				reset: fc.boolean()
			}),
			{ minLength: 1, maxLength }
		)
		.map((rows) => {
			const t = [t0, t0];
			const counter = [0, 0];
			return rows.map((r) => {
				const i = r.port - 1;
				t[i]! += r.step;
				let e: number | null = null;
				if (r.counterStep !== null) {
					counter[i] = r.reset ? r.counterStep : counter[i]! + r.counterStep;
					e = Math.round(counter[i]! * 1000) / 1000;
				}
				return reading(r.port, t[i]!, Math.round(r.power * 10) / 10, e);
			});
		});
}

/** Any reordering of `readings`, some resent, cut into batches of the given sizes. */
export function replayBatches<T>(
	readings: readonly T[],
	order: (i: number) => number,
	sizes: readonly number[],
	dupes: number
): T[][] {
	const shuffled = [...readings]
		.map((r, i) => ({ r, k: order(i) }))
		.sort((a, b) => a.k - b.k)
		.map((x) => x.r);
	shuffled.push(...shuffled.slice(0, dupes));
	const batches: T[][] = [];
	for (let i = 0, at = 0; at < shuffled.length; i++) {
		const n = sizes[i % sizes.length]!;
		batches.push(shuffled.slice(at, at + n));
		at += n;
	}
	return batches;
}
