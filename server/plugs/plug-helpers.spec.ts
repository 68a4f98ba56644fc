import { describe, expect, it } from 'vitest';
import { epochOf } from './counter-epoch';
import { FrameClock, PLUG_CLOCK_AHEAD_MS, PLUG_CLOCK_BEHIND_MS } from './frame-clock';
import { KeyedState } from './keyed-state';
import { absoluteIsoTime, decimalText, payloadText, MAX_PAYLOAD_BYTES } from './payload';
import { kwhToWh, portReading } from './reading';
import { topicMatches } from './topic-filter';

const AT = 1_764_230_400_000;

describe('a plug frame’s time', () => {
	it('is the plug’s own clock within its window around the arrival, else the arrival', () => {
		const c = new FrameClock();
		expect(c.stamp('a', AT - 500, AT)).toBe(AT - 500);
		expect(c.stamp('b', AT + PLUG_CLOCK_AHEAD_MS + 1, AT)).toBe(AT);
		expect(c.stamp('c', AT - PLUG_CLOCK_BEHIND_MS - 1, AT)).toBe(AT);
		expect(c.stamp('d', 946_684_800_000, AT)).toBe(AT);
		expect(c.stamp('e', undefined, AT)).toBe(AT);
	});

	it('never goes back for one plug, whichever clock stamps it', () => {
		const c = new FrameClock();
		expect(c.stamp('p', undefined, AT + 300)).toBe(AT + 300);
		expect(c.stamp('p', AT + 100, AT + 400)).toBe(AT + 301);
		expect(c.stamp('q', AT + 100, AT + 400)).toBe(AT + 100);
		c.forget('p');
		expect(c.stamp('p', AT + 100, AT + 400)).toBe(AT + 100);
	});
});

describe('a plug’s port reading', () => {
	it('reads unknown voltage and current as 0, a meter’s small negative noise as 0, and drops a pf’s sign', () => {
		expect(portReading(1, { power: -0.4, pf: -0.9 })).toEqual({
			ok: true,
			reading: { port: 1, voltage: 0, current: 0, power: 0, pf: 0.9 }
		});
		expect(portReading(2, { power: 10, pf: 3 })).toEqual({
			ok: true,
			reading: { port: 2, voltage: 0, current: 0, power: 10 }
		});
	});

	it('is refused where the device API would refuse a strip’s', () => {
		expect(portReading(1, { power: -5 })).toEqual({
			ok: false,
			reason: 'port 1: power must be between 0 and 15000'
		});
		expect(portReading(1, { power: 5, voltage: 400 })).toEqual({
			ok: false,
			reason: 'port 1: voltage must be between 0 and 300'
		});
		expect(portReading(1, {})).toEqual({ ok: false, reason: 'port 1: no power reading' });
		expect(portReading(9, { power: 1 })).toMatchObject({ ok: false });
	});

	it('converts kWh to Wh without float dust', () => {
		expect(kwhToWh(6.294)).toBe(6294);
		expect(kwhToWh(0.0005)).toBe(0.5);
	});
});

describe('payload reading', () => {
	it('accepts only plain decimals and times that name their offset', () => {
		expect(
			['12.34', ' 7 ', '-1', '1e3', 'nan', 'None', '0x10', '', '1,5'].map(decimalText)
		).toEqual([12.34, 7, -1, 1000, undefined, undefined, undefined, undefined, undefined]);
		expect(absoluteIsoTime('2025-11-27T14:00:00+06:00')).toBe(Date.parse('2025-11-27T08:00:00Z'));
		expect(absoluteIsoTime('2025-11-27T14:00:00')).toBeUndefined();
		expect(absoluteIsoTime(12)).toBeUndefined();
		expect(payloadText(new Uint8Array(MAX_PAYLOAD_BYTES + 1))).toBeNull();
	});
});

describe('per-plug state', () => {
	it('keeps at most its ceiling, dropping the plug touched longest ago', () => {
		const s = new KeyedState(() => ({ n: 0 }), 2);
		s.get('a').n = 1;
		s.get('b').n = 2;
		s.get('a');
		s.get('c');
		expect([s.peek('a')?.n, s.peek('b'), s.peek('c')?.n, s.size]).toEqual([1, undefined, 0, 2]);
	});
});

describe('counter epochs', () => {
	it('are stable 16-bit numbers of their text', () => {
		expect(epochOf('2025-10-01T09:12:40')).toBe(epochOf('2025-10-01T09:12:40'));
		expect(epochOf('2025-10-01T09:12:40')).not.toBe(epochOf('2025-11-27T00:00:00'));
		expect(epochOf('x')).toBeGreaterThanOrEqual(0);
		expect(epochOf('x')).toBeLessThanOrEqual(65535);
	});
});

describe('topic filters', () => {
	it('match + as one level and # as the rest', () => {
		expect(topicMatches('tele/+/SENSOR', 'tele/plug/SENSOR')).toBe(true);
		expect(topicMatches('tele/+/SENSOR', 'tele/a/b/SENSOR')).toBe(false);
		expect(topicMatches('shellies/#', 'shellies/x/relay/0')).toBe(true);
		expect(topicMatches('+/status', 'node/status/x')).toBe(false);
	});
});
