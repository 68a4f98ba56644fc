import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/connection';
import { createAlertsRepository } from './alerts.repository';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 7, 12);
let db: Db;

function alert(deviceId: number, daysAgo: number, cleared = true, port = 1) {
	const at = NOW - daysAgo * DAY;
	db.prepare(
		`INSERT INTO alerts (device_id, port, rule, severity, message, opened_at, updated_at, cleared_at)
		 VALUES (?, ?, 'HIGH_USAGE', 'WARNING', 'm', ?, ?, ?)`
	).run(deviceId, port, at, at, cleared ? at + 60_000 : null);
}

beforeEach(() => {
	db = openDatabase(':memory:');
	for (const u of [7, 8])
		db.prepare(
			`INSERT INTO users (id, email, password_hash, created_at, password_changed_at) VALUES (?, ?, 'x', 0, 0)`
		).run(u, `${u}@example.com`);
	// Owner 7 has two strips, owner 8 one.
	for (const [id, owner] of [
		[1, 7],
		[2, 7],
		[3, 8]
	])
		db.prepare(
			`INSERT INTO devices (id, name, port_count, token_hash, created_at, owner_id) VALUES (?, 'S', 4, ?, 0, ?)`
		).run(id, `h${id}`, owner);
});

describe('the alerts list', () => {
	it('is the newest alerts of the household’s strips, however far back they reach', () => {
		// Spread over the windows the list widens through: this week, this month, this year, older.
		const ages = [0.5, 3, 6, 10, 20, 29, 40, 100, 300, 364, 400, 800, 2000];
		ages.forEach((age, i) => alert(i % 2 === 0 ? 1 : 2, age));
		alert(3, 0.1); // another household's, newer than all
		const repo = createAlertsRepository(db);
		const opened = (n: number) => repo.list(7, false, n, NOW).map((r) => r.opened_at);
		for (const n of [1, 2, 3, 4, 6, 7, 10, 11, 13, 50]) {
			expect(opened(n), `${n} newest`).toEqual(ages.slice(0, n).map((a) => NOW - a * DAY));
		}
	});

	it('of open alerts only, still the newest', () => {
		alert(1, 1, false);
		alert(2, 2);
		alert(2, 50, false);
		alert(1, 900, false, 2);
		const repo = createAlertsRepository(db);
		expect(repo.list(7, true, 10, NOW).map((r) => r.opened_at)).toEqual(
			[1, 50, 900].map((a) => NOW - a * DAY)
		);
		expect(repo.list(7, true, 2, NOW).map((r) => r.opened_at)).toEqual(
			[1, 50].map((a) => NOW - a * DAY)
		);
	});

	it('counts the open alerts not yet seen, the household’s own only', () => {
		alert(1, 1, false);
		alert(2, 2, false);
		alert(2, 3);
		alert(3, 1, false);
		const repo = createAlertsRepository(db);
		expect(repo.unacknowledged(7)).toBe(2);
		db.prepare(`UPDATE alerts SET acknowledged_at = ? WHERE device_id = 1`).run(NOW);
		expect(repo.unacknowledged(7)).toBe(1);
		expect(repo.unacknowledged(8)).toBe(1);
	});
});
