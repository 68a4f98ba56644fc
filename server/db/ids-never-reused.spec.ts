import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from './migrate';

const all = loadMigrations();
const before = all.filter((m) => m.version < 51);

function seeded() {
	const db = new Database(':memory:');
	db.pragma('foreign_keys = ON');
	migrate(db, before);
	const user = db.prepare(
		`INSERT INTO users (email, password_hash, created_at, password_changed_at) VALUES (?, 'h', 0, 0)`
	);
	const device = db.prepare(
		`INSERT INTO devices (name, port_count, token_hash, created_at, owner_id) VALUES (?, 1, ?, 0, ?)`
	);
	const u1 = Number(user.run('a@example.com').lastInsertRowid);
	const u2 = Number(user.run('b@example.com').lastInsertRowid);
	const d1 = Number(device.run('kept', 't1', u1).lastInsertRowid);
	const d2 = Number(device.run('deleted', 't2', u2).lastInsertRowid);
	db.prepare(`INSERT INTO ports (device_id, port, label) VALUES (?, 1, 'lamp')`).run(d1);
	db.prepare(
		`INSERT INTO sync_tombstones (user_id, entity, entity_id, deleted_at) VALUES (?, 'device', ?, 0)`
	).run(u1, 7);
	db.prepare(`DELETE FROM users WHERE id = ?`).run(u2);
	return { db, u1, u2, d1, d2 };
}

describe('ids are never reused', () => {
	it('keeps every row and every foreign key through the rebuilds', () => {
		const { db, u1, d1 } = seeded();
		migrate(db, all);
		expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
		expect(db.pragma('foreign_key_check')).toEqual([]);
		expect(db.prepare(`SELECT id, name, owner_id FROM devices`).all()).toEqual([
			{ id: d1, name: 'kept', owner_id: u1 }
		]);
		expect(db.prepare(`SELECT label FROM ports WHERE device_id = ?`).pluck().get(d1)).toBe('lamp');
		// Children still cascade from the rebuilt parents.
		db.prepare(`DELETE FROM users WHERE id = ?`).run(u1);
		expect(db.prepare(`SELECT count(*) FROM ports`).pluck().get()).toBe(0);
	});

	it('gives a new device and a new user ids above every id used before', () => {
		const { db } = seeded();
		migrate(db, all);
		const device = db
			.prepare(
				`INSERT INTO devices (name, port_count, token_hash, created_at) VALUES ('n', 1, 't3', 0)`
			)
			.run().lastInsertRowid;
		// 7: a device id only a tombstone remembers.
		expect(Number(device)).toBe(8);
		const user = db.prepare(
			`INSERT INTO users (email, password_hash, created_at, password_changed_at) VALUES (?, 'h', 0, 0)`
		);
		const c = Number(user.run('c@example.com').lastInsertRowid);
		db.prepare(`DELETE FROM users WHERE id = ?`).run(c);
		expect(Number(user.run('d@example.com').lastInsertRowid)).toBe(c + 1);
	});

	it('stops rather than drop a column another migration added', () => {
		const { db } = seeded();
		db.exec(`ALTER TABLE devices ADD COLUMN colour TEXT`);
		expect(() => migrate(db, all)).toThrow(/CHECK constraint failed/);
		expect(db.prepare(`SELECT count(*) FROM pragma_table_info('devices')`).pluck().get()).toBe(10);
		expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
	});
});
