import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate } from './migrate';

export type Db = Database.Database;

export interface OpenOptions {
	/** `full` fsyncs every commit; `normal` (WAL) survives a process crash, not a power cut. */
	sync?: 'normal' | 'full';
}

export function openDatabase(path: string, options: OpenOptions = {}): Db {
	if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
	const db = new Database(path);
	db.pragma('journal_mode = WAL');
	db.pragma(`synchronous = ${options.sync === 'full' ? 'FULL' : 'NORMAL'}`);
	db.pragma('foreign_keys = ON');
	// Writers wait for each other instead of failing: a backup or a CLI may hold the lock.
	db.pragma('busy_timeout = 5000');
	db.pragma('temp_store = MEMORY');
	db.pragma('cache_size = -32000');
	migrate(db);
	return db;
}
