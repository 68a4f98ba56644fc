import { describe, expect, it } from 'vitest';
import { validateFrames } from './validate-frames';

const now = Date.UTC(2026, 11, 7, 0, 0);
const rules = { portCount: 4, now, maxFutureMs: 300_000, retentionMs: 30 * 86_400_000 };
const port = { port: 1, voltage: 230, current: 0.5, power: 100, energy_wh: 10 };

describe('validateFrames', () => {
	it('keeps the counter epoch of a port', () => {
		const { frames } = validateFrames([{ ts: now, ports: [{ ...port, epoch: 3 }] }], rules);
		expect(frames[0]!.frame.ports[0]!.epoch).toBe(3);
	});

	it('refuses an epoch that is not a small non-negative integer', () => {
		const { rejected } = validateFrames(
			[
				{ ts: now, ports: [{ ...port, epoch: -1 }] },
				{ ts: now + 1, ports: [{ ...port, epoch: 1.5 }] }
			],
			rules
		);
		expect(rejected.map((r) => r.field)).toEqual(['ports[0].epoch', 'ports[0].epoch']);
	});

	it('accepts a frame without ports when it carries health (no meter answered)', () => {
		const health = { heap: 21456, rssi: -67, reset: 'Software Watchdog', meters_online: [] };
		const { frames, rejected } = validateFrames(
			[{ ts: now, acks: ['c_1'], health, ports: [] }],
			rules
		);
		expect(rejected).toEqual([]);
		expect(frames[0]!.frame.health).toMatchObject({ heap: 21456, meters_online: [] });
	});

	it('still refuses a frame without ports and without health', () => {
		const { rejected } = validateFrames([{ ts: now, ports: [] }], rules);
		expect(rejected).toEqual([{ frame: 0, field: 'ports', reason: 'must hold at least one port' }]);
	});
});
