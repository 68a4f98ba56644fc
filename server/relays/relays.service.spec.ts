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
	const changes: number[] = [];
	const service = () =>
		createRelaysService(createRelaysRepository(db), clock, {
			ttlMs: 30_000,
			staggerMs: 1000,
			changed: (_d, port) => changes.push(port)
		});
	return { clock, changes, relays: service(), restart: service };
}

afterEach(() => db?.close());

const status = (id: string) =>
	db.prepare(`SELECT status FROM relay_commands WHERE id = ?`).pluck().get(id);

describe('relay commands', () => {
	it('delivers a command with a short printable id and its expiry until the strip acks it', () => {
		const { relays } = setup();
		const c = relays.switchPort({ deviceId: 1, port: 2, on: false, source: 'user', userId: null });
		expect(c.id).toMatch(/^c_[a-z2-7]{16}$/);
		expect(relays.forAnswer(1)).toEqual([{ id: c.id, port: 2, on: false, expires: T0 + 30_000 }]);
		expect(relays.forAnswer(1)).toHaveLength(1); // again, while unacked
		relays.report(1, [c.id], []);
		expect(relays.forAnswer(1)).toEqual([]);
		expect(status(c.id)).toBe('applied');
	});

	it('never delivers an expired command, and records it as not confirmed', () => {
		const { relays, clock } = setup();
		const c = relays.switchPort({ deviceId: 1, port: 1, on: true, source: 'user' });
		clock.advance(30_000);
		expect(relays.forAnswer(1)).toEqual([]);
		expect(relays.sweep().map((x) => x.id)).toEqual([c.id]);
		expect(status(c.id)).toBe('expired');
	});

	it('keeps only the newest wish for a port', () => {
		const { relays } = setup();
		const ids = [true, false, true, false].map(
			(on) => relays.switchPort({ deviceId: 1, port: 3, on, source: 'user' }).id
		);
		const out = relays.forAnswer(1);
		expect(out).toHaveLength(1);
		expect(out[0]).toMatchObject({ id: ids[3], on: false });
		expect(ids.slice(0, 3).map(status)).toEqual(['superseded', 'superseded', 'superseded']);
	});

	it('staggers switch-ons of one strip a second apart', () => {
		const { relays, clock } = setup();
		for (const port of [1, 2, 3])
			relays.switchPort({ deviceId: 1, port, on: true, source: 'schedule' });
		expect(relays.forAnswer(1).map((c) => c.port)).toEqual([1]);
		clock.advance(1000);
		expect(relays.forAnswer(1).map((c) => c.port)).toEqual([1, 2]);
		clock.advance(1000);
		const all = relays.forAnswer(1);
		expect(all.map((c) => c.port)).toEqual([1, 2, 3]);
		// Each expires a full lifetime after its own release.
		expect(all.map((c) => c.expires - T0)).toEqual([30_000, 31_000, 32_000]);
	});

	it('answers a long-poll as soon as a command is queued, and with nothing new after', async () => {
		const { relays } = setup();
		const waiting = relays.longPoll(1, 5000);
		const c = relays.switchPort({ deviceId: 1, port: 4, on: false, source: 'user' });
		expect(await waiting).toEqual([{ id: c.id, port: 4, on: false, expires: T0 + 30_000 }]);
		expect(await relays.longPoll(1, 0)).toEqual([]);
		// The answer to readings still carries it until it is acked.
		expect(relays.forAnswer(1)).toHaveLength(1);
	});

	it('after a restart delivers what is still fresh and closes what expired meanwhile', () => {
		const { relays, clock, restart } = setup();
		const old = relays.switchPort({ deviceId: 1, port: 1, on: false, source: 'user' });
		clock.advance(20_000);
		const fresh = relays.switchPort({ deviceId: 1, port: 2, on: false, source: 'user' });
		clock.advance(15_000);
		const again = restart();
		expect(again.forAnswer(1).map((c) => c.id)).toEqual([fresh.id]);
		expect(status(old.id)).toBe('expired');
	});

	it('ignores acks for another device’s command', () => {
		const { relays } = setup();
		const c = relays.switchPort({ deviceId: 1, port: 1, on: false, source: 'user' });
		relays.report(2, [c.id], []);
		expect(status(c.id)).toBe('pending');
		relays.report(1, [], [c.id]);
		expect(status(c.id)).toBe('refused');
	});
});
