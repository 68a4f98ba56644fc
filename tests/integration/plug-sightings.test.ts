import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../server/db/connection';
import { createPlugsRepository } from '../../server/mqtt/plugs.repository';
import type { PlugFamilyId } from '../../server/plugs/plug-family';
import { createDatabase } from '../helpers/postgres';

/**
 * The plugs' SQL on the suite's database engine (SQLite, or PostgreSQL in the
 * integration-postgres run): the cap on sightings and the unowned list.
 */
let db: Db;
let dir: string;

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'multiplug-sightings-'));
	const pg = process.env.TEST_PG_URL;
	db = openDatabase(pg ? await createDatabase(pg) : join(dir, 'test.db'));
});
afterAll(() => {
	db?.close();
	rmSync(dir, { recursive: true, force: true });
});

describe('plug sightings', () => {
	it('keeps exactly the newest ones when capped, and lists only plugs nobody owns', () => {
		const repo = createPlugsRepository(db);
		const family = 'tasmota' as PlugFamilyId;
		for (let i = 0; i < 12; i++) {
			repo.saveSighting({
				family,
				key: `p${String(i).padStart(2, '0')}`,
				ports: [1, 2],
				model: null,
				name: null,
				// Pairs share a time: the cap must still keep exactly the number asked for.
				lastSeenAt: 1000 + Math.floor(i / 2)
			});
		}
		repo.capSightings(5);
		const left = repo.unowned(0, 100).map((s) => s.key);
		expect(left).toEqual(['p10', 'p11', 'p08', 'p09', 'p06']);
		expect(repo.unowned(0, 100)[0]!.ports).toEqual([1, 2]);

		const user = db
			.prepare(
				`INSERT INTO users (email, password_hash, created_at, password_changed_at) VALUES ('a@b.c', 'x', 0, 0) RETURNING id`
			)
			.pluck()
			.get() as number;
		const device = db
			.prepare(
				`INSERT INTO devices (name, port_count, token_hash, created_at, owner_id) VALUES ('Plug', 2, 'h', 0, ?) RETURNING id`
			)
			.pluck()
			.get(user) as number;
		expect(repo.insert(family, 'p10', Number(device), 0)).toBe(true);
		expect(repo.insert(family, 'p10', Number(device), 0)).toBe(false);
		expect(repo.unowned(0, 100).map((s) => s.key)).toEqual(['p11', 'p08', 'p09', 'p06']);
		expect(repo.owned(family, 'p10')).toMatchObject({ key: 'p10', ownerId: Number(user) });
		expect(repo.countOwned(Number(user))).toBe(1);
	});
});
