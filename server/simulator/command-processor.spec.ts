import { describe, expect, it } from 'vitest';
import { CommandProcessor } from './command-processor';

const NOW = 1_764_230_400_000;

describe('the simulator’s command processor (as the firmware’s)', () => {
	it('applies a fresh command once and acks it', () => {
		const p = new CommandProcessor();
		const applied: [number, boolean][] = [];
		const c = { id: 'c_1', port: 2, on: false, expires: NOW + 30_000 };
		p.handle([c], NOW, (port, on) => applied.push([port, on]));
		p.handle([c], NOW + 1000, (port, on) => applied.push([port, on]));
		expect(applied).toEqual([[2, false]]);
		const r = p.reports();
		expect(r).toMatchObject({ acks: ['c_1'] });
		expect(r.refused).toBeUndefined(); // the repeat is answered by the unsent ack
	});

	it('refuses a command at or after its expiry by the device clock', () => {
		const p = new CommandProcessor();
		p.handle([{ id: 'c_2', port: 1, on: true, expires: NOW }], NOW, () => {
			throw new Error('must not apply');
		});
		expect(p.reports()).toMatchObject({ refused: ['c_2'] });
	});

	it('forgets reports only once the upload carrying them succeeded', () => {
		const p = new CommandProcessor();
		p.handle([{ id: 'c_3', port: 1, on: true, expires: NOW + 1 }], NOW, () => {});
		p.reports(); // an upload that failed
		const sent = p.reports();
		expect(sent.acks).toEqual(['c_3']);
		sent.sent();
		expect(p.reports().acks).toBeUndefined();
		// Sent already and delivered again: now it is refused as a repeat.
		p.handle([{ id: 'c_3', port: 1, on: true, expires: NOW + 1 }], NOW, () => {});
		expect(p.reports().refused).toEqual(['c_3']);
	});
});
