import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCheckpointer } from './checkpointer';
import { openSqlite as openDatabase, type SqliteDb as Db } from './connection';

describe('WAL checkpointer', () => {
	let dir: string;
	let db: Db;
	const size = (file: string) => statSync(file).size;

	afterEach(() => {
		if (db?.open) db.close();
		rmSync(dir, { recursive: true, force: true });
	});

	function open() {
		dir = mkdtempSync(join(tmpdir(), 'multiplug-ckpt-'));
		const path = join(dir, 'test.db');
		db = openDatabase(path);
		db.exec('CREATE TABLE t (x BLOB)');
		return path;
	}

	const write = (kb: number) => {
		const insert = db.prepare('INSERT INTO t VALUES (randomblob(1024))');
		db.transaction(() => {
			for (let i = 0; i < kb; i++) insert.run();
		})();
	};

	it('keeps checkpoints out of commits and copies the WAL into the database on its timer', async () => {
		const path = open();
		const checkpointer = startCheckpointer(db, path, { everyMs: 20 });
		expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
		const before = size(path);
		// Far past SQLite's own threshold (1,000 pages), which would have checkpointed in a commit.
		write(8000);
		expect(size(path)).toBe(before);
		expect(size(`${path}-wal`)).toBeGreaterThan(8_000_000);

		await expect.poll(() => size(path), { timeout: 2000, interval: 20 }).toBeGreaterThan(8_000_000);
		await checkpointer.stop();
	});

	it('shrinks a WAL that grew past its bound behind a reader once the reader is gone', async () => {
		const path = open();
		const checkpointer = startCheckpointer(db, path, { everyMs: 20, truncateAbove: 16_000_000 });
		const reader = new Database(path, { readonly: true });
		try {
			// A long read keeps its snapshot: no checkpoint may pass it, so the WAL grows.
			reader.exec('BEGIN');
			reader.prepare('SELECT count(*) FROM t').get();
			write(20_000);
			await new Promise((r) => setTimeout(r, 100));
			expect(size(`${path}-wal`)).toBeGreaterThan(20_000_000);
			reader.exec('COMMIT');
		} finally {
			reader.close();
		}
		// Every frame copied into the database, the file itself goes back to (almost) nothing.
		await expect
			.poll(() => size(`${path}-wal`), { timeout: 2000, interval: 20 })
			.toBeLessThan(1_000_000);
		expect(size(path)).toBeGreaterThan(20_000_000);
		await checkpointer.stop();
	});

	it('checkpoints once more when stopped', async () => {
		const path = open();
		const checkpointer = startCheckpointer(db, path, { everyMs: 60_000 });
		const before = size(path);
		write(100);
		expect(size(path)).toBe(before);
		await checkpointer.stop();
		expect(size(path)).toBeGreaterThan(before + 100_000);
	});
});
