import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCheckpointer } from './checkpointer';
import { openDatabase, type Db } from './connection';

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
		const checkpointer = startCheckpointer(db, path, 20);
		expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
		const before = size(path);
		// Far past SQLite's own threshold (1,000 pages), which would have checkpointed in a commit.
		write(8000);
		expect(size(path)).toBe(before);
		expect(size(`${path}-wal`)).toBeGreaterThan(8_000_000);

		await expect.poll(() => size(path), { timeout: 2000, interval: 20 }).toBeGreaterThan(8_000_000);
		await checkpointer.stop();
	});

	it('checkpoints once more when stopped', async () => {
		const path = open();
		const checkpointer = startCheckpointer(db, path, 60_000);
		const before = size(path);
		write(100);
		expect(size(path)).toBe(before);
		await checkpointer.stop();
		expect(size(path)).toBeGreaterThan(before + 100_000);
	});
});
