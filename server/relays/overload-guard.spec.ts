import { describe, expect, it } from 'vitest';
import { createOverloadGuard, type PowerSample } from './overload-guard';
import { NO_PROTECTION, type Protection } from './protection.repository';

const T0 = Date.parse('2026-11-27T12:00:00Z');

function guardWith(limits: Record<number, Partial<Protection>>) {
	return createOverloadGuard((_device, port) => ({ ...NO_PROTECTION, ...limits[port] }));
}

/** A scripted ramp: one reading a second, the power given per second. */
const ramp = (port: number, watts: number[], from = T0): PowerSample[] =>
	watts.map((power, i) => ({ port, ts: from + i * 1000, power }));

describe('overload guard (MaxPower / MaxPowerHold)', () => {
	it('trips a port that stays over its limit for the hold time, and not a second earlier', () => {
		const guard = guardWith({ 2: { maxPowerW: 2000, holdS: 5 } });
		// Over the limit from t = 2 s: 5 s of hold end at t = 7 s.
		const samples = ramp(2, [1500, 1900, 2100, 2200, 2300, 2300, 2400, 2400, 2400]);
		const before = guard.observe(1, samples.slice(0, 7), T0 + 7000);
		expect(before).toEqual([]);
		const at = guard.observe(1, samples.slice(7, 8), T0 + 8000);
		expect(at).toEqual([
			{ deviceId: 1, port: 2, limitPort: 2, powerW: 2400, limitW: 2000, holdS: 5 }
		]);
		// Tripped once: no storm of trips while the off command is on its way.
		expect(guard.observe(1, samples.slice(8), T0 + 9000)).toEqual([]);
	});

	it('starts the hold again when the power dips under the limit', () => {
		const guard = guardWith({ 1: { maxPowerW: 1000, holdS: 3 } });
		const samples = ramp(1, [1200, 1200, 1200, 900, 1200, 1200, 1200, 1200]);
		expect(guard.observe(1, samples.slice(0, 7), T0 + 7000)).toEqual([]);
		expect(guard.observe(1, samples.slice(7), T0 + 8000)).toHaveLength(1);
	});

	it('trips on an exactly-at-hold reading with the limit held only while strictly above', () => {
		const guard = guardWith({ 1: { maxPowerW: 1000, holdS: 2 } });
		expect(guard.observe(1, ramp(1, [1000, 1000, 1000, 1000]), T0 + 4000)).toEqual([]);
		expect(guard.observe(1, ramp(1, [1001, 1001, 1001], T0 + 4000), T0 + 7000)).toHaveLength(1);
	});

	it('cuts the biggest non-critical load when the whole strip is over its limit', () => {
		const guard = guardWith({
			0: { maxPowerW: 3000, holdS: 2 },
			1: { critical: true }
		});
		const frame = (i: number): PowerSample[] => [
			{ port: 1, ts: T0 + i * 1000, power: 1800 },
			{ port: 2, ts: T0 + i * 1000, power: 900 },
			{ port: 3, ts: T0 + i * 1000, power: 600 }
		];
		expect(guard.observe(1, [...frame(0), ...frame(1)], T0 + 2000)).toEqual([]);
		const trips = guard.observe(1, frame(2), T0 + 3000);
		expect(trips).toEqual([
			{ deviceId: 1, port: 2, limitPort: 0, powerW: 3300, limitW: 3000, holdS: 2 }
		]);
	});

	it('ignores a replayed buffer: old readings are history, not a reason to switch now', () => {
		const guard = guardWith({ 1: { maxPowerW: 100, holdS: 1 } });
		const old = ramp(1, [500, 500, 500, 500], T0 - 3_600_000);
		expect(guard.observe(1, old, T0)).toEqual([]);
	});
});
