import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite, type SqliteDb } from './connection';
import { createGroupCommit } from './group-commit';

describe('group commit', () => {
	let dir: string;
	let db: SqliteDb;
	let other: Database.Database | undefined;

	afterEach(() => {
		other?.close();
		if (db?.open) db.close();
		rmSync(dir, { recursive: true, force: true });
	});

	function open() {
		dir = mkdtempSync(join(tmpdir(), 'multiplug-commit-'));
		const path = join(dir, 'test.db');
		db = openSqlite(path);
		db.exec('CREATE TABLE t (x INTEGER)');
		return path;
	}

	const count = () => db.prepare('SELECT count(*) FROM t').pluck().get() as number;

	it('waits for a write lock another connection holds without stopping the event loop, then commits', async () => {
		const path = open();
		const commits = createGroupCommit(db);
		const insert = db.prepare('INSERT INTO t VALUES (?)');
		// Another connection (the reads worker cutting the WAL, a backup) holds the write lock.
		other = new Database(path);
		other.exec('BEGIN IMMEDIATE');

		let stored = false;
		const written = commits.run(() => insert.run(1)).then(() => (stored = true));
		// The event loop goes on meanwhile: a timer fires, and nothing was stored yet.
		await new Promise((r) => setTimeout(r, 30));
		expect(stored).toBe(false);
		expect(count()).toBe(0);

		other.exec('COMMIT');
		await written;
		expect(count()).toBe(1);
	});

	it("fails the writes once the lock was held past the wait a connection's busy timeout allows", async () => {
		const path = open();
		const commits = createGroupCommit(db, { busyWaitMs: 50 });
		other = new Database(path);
		other.exec('BEGIN IMMEDIATE');
		await expect(
			commits.run(() => db.prepare('INSERT INTO t VALUES (1)').run())
		).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
		other.exec('COMMIT');
		// The next write goes through as usual.
		await commits.run(() => db.prepare('INSERT INTO t VALUES (2)').run());
		expect(count()).toBe(1);
	});
});
