/**
 * A household in a fresh in-memory database, for specs and benchmarks: one user owning
 * one strip with `ports` ports. Real schema, real migrations; nothing else stored.
 */
import { openDatabase, type Db } from './connection';

export function householdDb(o: { userId: number; deviceId: number; ports: number }): Db {
	const db = openDatabase(':memory:');
	db.prepare(
		`INSERT INTO users (id, email, password_hash, created_at, password_changed_at) VALUES (?, ?, 'x', 0, 0)`
	).run(o.userId, `u${o.userId}@example.com`);
	db.prepare(
		`INSERT INTO devices (id, name, port_count, token_hash, created_at, owner_id) VALUES (?, 'Desk', ?, 'h', 0, ?)`
	).run(o.deviceId, o.ports, o.userId);
	for (let p = 1; p <= o.ports; p++) {
		db.prepare(`INSERT INTO ports (device_id, port) VALUES (?, ?)`).run(o.deviceId, p);
	}
	return db;
}
