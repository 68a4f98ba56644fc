import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../clock';
import { openDatabase, type Db } from '../db/connection';
import { createRelaysRepository } from './relays.repository';
import { createRelaysService } from './relays.service';

const T0 = Date.parse('2026-11-27T12:00:00Z');
let db: Db;

function setup() {
	db = openDatabase(':memory:');
	db.prepare(
		`INSERT INTO devices (id, name, port_count, token_hash, created_at) VALUES (1, 'Strip', 4, 'h', 0)`
	).run();
	const clock = new FakeClock(T0);
	const relays = createRelaysService(createRelaysRepository(db), clock, {
		ttlMs: 30_000,
		staggerMs: 1000,
		changed: () => {}
	});
	return { clock, relays };
}

afterEach(() => db?.close());

const row = (id: string) =>
	db
		.prepare(`SELECT action, turn_on, status, outcome, read_back FROM relay_commands WHERE id = ?`)
		.get(id);

describe('meter commands', () => {
	it('go out with their action and without "on", so firmware without actions drops them', () => {
		const { relays } = setup();
		const c = relays.meterCommand({ deviceId: 1, port: 3, action: 'assign_address', userId: 7 })!;
		const wire = relays.forAnswer(1);
		expect(wire).toEqual([{ id: c.id, action: 'assign_address', port: 3, expires: T0 + 30_000 }]);
		expect(wire[0]).not.toHaveProperty('on');
		expect(row(c.id)).toEqual({
			action: 'assign_address',
			turn_on: 0,
			status: 'pending',
			outcome: null,
			read_back: null
		});
	});

	it('neither supersede a switch of the same port nor are superseded by one', () => {
		const { relays } = setup();
		const off = relays.switchPort({ deviceId: 1, port: 2, on: false, source: 'user' });
		const reset = relays.meterCommand({ deviceId: 1, port: 2, action: 'reset_energy', userId: 7 })!;
		const on = relays.switchPort({ deviceId: 1, port: 2, on: true, source: 'user' });
		const ids = relays.forAnswer(1).map((c) => c.id);
		expect(ids).toContain(reset.id);
		expect(ids).toContain(on.id);
		expect(ids).not.toContain(off.id);
		expect(row(off.id)).toMatchObject({ status: 'superseded' });
		expect(row(reset.id)).toMatchObject({ status: 'pending' });
		// The card's "switching…" is about switches only.
		expect(relays.pending(1, 2)?.id).toBe(on.id);
		expect(relays.latestPerPort(1).map((c) => c.id)).not.toContain(reset.id);
	});

	it('refuses a second meter job while one is on its way, and takes one after it settles', () => {
		const { relays } = setup();
		const first = relays.meterCommand({ deviceId: 1, port: 1, action: 'reset_energy', userId: 7 })!;
		expect(
			relays.meterCommand({ deviceId: 1, port: 4, action: 'assign_address', userId: 7 })
		).toBeNull();
		relays.report(1, [first.id], [], [{ id: first.id, outcome: 'confirmed', readBack: null }]);
		expect(
			relays.meterCommand({ deviceId: 1, port: 4, action: 'assign_address', userId: 7 })
		).not.toBeNull();
	});

	it('keep the outcome and the address read back that the strip reports', () => {
		const { relays } = setup();
		const ok = relays.meterCommand({ deviceId: 1, port: 3, action: 'assign_address', userId: 7 })!;
		relays.report(1, [ok.id], [], [{ id: ok.id, outcome: 'confirmed', readBack: 3 }]);
		expect(row(ok.id)).toMatchObject({ status: 'applied', outcome: 'confirmed', read_back: 3 });
		const bad = relays.meterCommand({ deviceId: 1, port: 4, action: 'assign_address', userId: 7 })!;
		relays.report(1, [], [bad.id], [{ id: bad.id, outcome: 'wrong_address', readBack: 2 }]);
		expect(row(bad.id)).toMatchObject({
			status: 'refused',
			outcome: 'wrong_address',
			read_back: 2
		});
		expect(relays.meterCommands(1).map((c) => [c.port, c.status, c.outcome, c.readBack])).toEqual([
			[4, 'refused', 'wrong_address', 2],
			[3, 'applied', 'confirmed', 3]
		]);
	});

	it('expire unconfirmed like any command, and a late outcome is still recorded', () => {
		const { relays, clock } = setup();
		const c = relays.meterCommand({ deviceId: 1, port: 2, action: 'reset_energy', userId: 7 })!;
		clock.advance(30_000);
		expect(relays.forAnswer(1)).toEqual([]);
		expect(relays.sweep().map((x) => x.id)).toEqual([c.id]);
		expect(row(c.id)).toMatchObject({ status: 'expired', outcome: null });
		relays.report(1, [c.id], [], [{ id: c.id, outcome: 'confirmed', readBack: null }]);
		expect(row(c.id)).toMatchObject({ status: 'applied', outcome: 'confirmed' });
	});

	it('ignore a result for a switch or for another strip', () => {
		const { relays } = setup();
		const sw = relays.switchPort({ deviceId: 1, port: 1, on: true, source: 'user' });
		const m = relays.meterCommand({ deviceId: 1, port: 1, action: 'reset_energy', userId: 7 })!;
		relays.report(1, [sw.id], [], [{ id: sw.id, outcome: 'confirmed', readBack: 9 }]);
		relays.report(2, [m.id], [], [{ id: m.id, outcome: 'confirmed', readBack: null }]);
		expect(row(sw.id)).toMatchObject({ status: 'applied', outcome: null, read_back: null });
		expect(row(m.id)).toMatchObject({ status: 'pending', outcome: null });
	});
});
