import { describe, expect, it } from 'vitest';
import { keepEqual } from './keep-equal';

const port = (port: number, power: number) => ({ port, power, today: { kwh: 1.5, cost: 12 } });

describe('keepEqual', () => {
	it('returns the previous value itself when nothing changed', () => {
		const prev = { devices: [{ id: 1, ports: [port(1, 10), port(2, 20)] }], currency: 'BDT' };
		const next = structuredClone(prev);
		expect(keepEqual(prev, next)).toBe(prev);
	});

	it('keeps the unchanged parts and gives new objects only on the changed path', () => {
		const prev = { devices: [{ id: 1, ports: [port(1, 10), port(2, 20)] }], currency: 'BDT' };
		const next = structuredClone(prev);
		next.devices[0]!.ports[1]!.power = 25;
		const out = keepEqual(prev, next);
		expect(out).toEqual(next);
		expect(out).not.toBe(prev);
		expect(out.devices[0]!.ports[0]).toBe(prev.devices[0]!.ports[0]);
		expect(out.devices[0]!.ports[1]).not.toBe(prev.devices[0]!.ports[1]);
		expect(out.devices[0]!.ports[1]!.today).toBe(prev.devices[0]!.ports[1]!.today);
	});

	it('sees added and removed keys and items, and null against an object', () => {
		expect(keepEqual({ a: 1 }, { a: 1, b: 2 })).toEqual({ a: 1, b: 2 });
		const prev = { a: 1, b: 2 };
		expect(keepEqual(prev, { a: 1 })).not.toBe(prev);
		const list = [1, 2, 3];
		expect(keepEqual(list, [1, 2])).toEqual([1, 2]);
		expect(keepEqual(list, [1, 2, 3, 4])).toEqual([1, 2, 3, 4]);
		expect(keepEqual({ a: { b: 1 } }, { a: null })).toEqual({ a: null });
		expect(keepEqual(null, { a: 1 })).toEqual({ a: 1 });
		// NaN equals NaN for display purposes; 0 and -0 do not (Object.is).
		const nan = { v: NaN };
		expect(keepEqual(nan, { v: NaN })).toBe(nan);
	});

	it('does not look inside class instances such as dates', () => {
		const prev = { at: new Date(0) };
		const next = { at: new Date(0) };
		expect(keepEqual(prev, next).at).toBe(next.at);
	});
});
