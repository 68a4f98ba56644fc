import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../clock';
import { openDatabase, type Db } from '../db/connection';
import { alertMessageText } from '../alerts/alert-message';
import { createRelayControl } from './relay-control';

const T0 = Date.parse('2026-11-27T12:00:00Z');
let db: Db;
let close: () => void = () => {};
afterEach(() => {
	close();
	db?.close();
});

function setup() {
	db = openDatabase(':memory:');
	db.prepare(
		`INSERT INTO devices (id, name, port_count, token_hash, created_at) VALUES (1, 'Strip', 4, 'h', 0)`
	).run();
	const clock = new FakeClock(T0);
	const raised: [number, number | null, string][] = [];
	const cleared: [number, number][] = [];
	const control = createRelayControl({
		db,
		clock,
		ttlMs: 30_000,
		staggerMs: 1000,
		timezoneOf: () => 'Asia/Dhaka',
		portCountOf: () => 4,
		publish: () => {},
		tripped: () => {},
		alerts: {
			raise: (d, p, m) => void raised.push([d, p, alertMessageText(m, 'en')]),
			clear: (d, p) => void cleared.push([d, p])
		}
	});
	close = () => control.close();
	return { clock, control, raised, cleared };
}

describe('relay control', () => {
	it('shows a switch on its way, then that the strip did not confirm it', () => {
		const { clock, control } = setup();
		control.userSwitch(1, 2, false, 7, false);
		expect(control.controls(1)[1]).toMatchObject({ pending: { on: false }, unconfirmed: null });
		clock.advance(30_000);
		control.tick();
		expect(control.controls(1)[1]).toMatchObject({
			pending: null,
			unconfirmed: { on: false, status: 'expired' }
		});
	});

	it('asks before switching a critical port off, not before switching it on', () => {
		const { control } = setup();
		control.protection.update(1, 1, { critical: true });
		expect(control.userSwitch(1, 1, false, 7, false)).toEqual({ ok: false, reason: 'confirm' });
		expect(control.userSwitch(1, 1, false, 7, true).ok).toBe(true);
		expect(control.userSwitch(1, 1, true, 7, false).ok).toBe(true);
		expect(control.userSwitch(1, 5, true, 7, false)).toEqual({ ok: false, reason: 'port' });
	});

	it('an overload trip switches the port off and raises the alert; switching on clears it', () => {
		const { control, raised, cleared } = setup();
		control.protection.update(1, 3, { maxPowerW: 500, holdS: 2 });
		const at = (s: number, power: number) => ({ port: 3, ts: T0 - 10_000 + s * 1000, power });
		control.observe(1, [at(0, 600), at(1, 600)], T0);
		expect(raised).toEqual([]);
		control.observe(1, [at(2, 600)], T0);
		expect(raised).toEqual([
			[1, 3, expect.stringMatching(/Port 3 drew 600 W, over its 500 W limit/)]
		]);
		expect(control.relays.pending(1, 3)).toMatchObject({ on: false, source: 'overload' });
		control.userSwitch(1, 3, true, 7, false);
		expect(cleared).toEqual([[1, 3]]);
	});
});
