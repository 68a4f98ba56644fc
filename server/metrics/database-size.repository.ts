import { statSync } from 'node:fs';
import type { Db } from '../db/connection';

const fileSize = (path: string) => {
	try {
		return statSync(path).size;
	} catch {
		return 0;
	}
};

/** The bytes the database takes: SQLite's file and WAL, or PostgreSQL's database. */
export function createDatabaseSize(db: Db, path: string): () => number {
	if (db.dialect === 'postgres') {
		const size = db.prepare('SELECT pg_database_size(current_database())').pluck();
		return () => size.get() as number;
	}
	return () => (path === ':memory:' ? 0 : fileSize(path) + fileSize(`${path}-wal`));
}
