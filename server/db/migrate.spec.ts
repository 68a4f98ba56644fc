import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from './migrate';

const m = (version: number, sql: string) => ({ version, name: `m${version}`, sql });

describe('migrate', () => {
	it('applies every shipped migration to an empty database, once', () => {
		const db = new Database(':memory:');
		const all = loadMigrations();
		expect(migrate(db, all)).toEqual(all.map((x) => x.version));
		expect(migrate(db, all)).toEqual([]);
	});

	it('applies a migration numbered below one already applied', () => {
		const db = new Database(':memory:');
		migrate(db, [m(1, 'CREATE TABLE a (x)'), m(10, 'CREATE TABLE c (x)')]);
		expect(migrate(db, [m(1, ''), m(3, 'CREATE TABLE b (x)'), m(10, '')])).toEqual([3]);
	});

	it('leaves nothing behind from a migration that fails', () => {
		const db = new Database(':memory:');
		expect(() => migrate(db, [m(1, 'CREATE TABLE a (x); CREATE TABLE a (y)')])).toThrow();
		expect(db.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'a'`).pluck().get()).toBe(0);
		expect(db.prepare('SELECT count(*) FROM schema_migrations').pluck().get()).toBe(0);
	});

	it('refuses a database written by a newer program', () => {
		const db = new Database(':memory:');
		migrate(db, [m(1, 'CREATE TABLE a (x)'), m(2, 'CREATE TABLE b (x)')]);
		expect(() => migrate(db, [m(1, '')])).toThrow(/newer than this program/);
	});
});
