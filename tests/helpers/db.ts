import Database from 'better-sqlite3';
import { isPostgresUrl, type Db, type SqliteDb } from '../../server/db/connection';
import { PgDatabase } from '../../server/db/postgres/pg-database';

/**
 * A test's own connection to a server's database, to look at what it stored: the SQLite
 * file, or the PostgreSQL database when the suite runs on PostgreSQL.
 */
export function openTestDb(target: string, options: { readonly?: boolean } = {}): Db {
	if (isPostgresUrl(target)) return new PgDatabase(target);
	const db = new Database(target, {
		readonly: options.readonly ?? false,
		fileMustExist: true
	}) as SqliteDb;
	Object.defineProperty(db, 'dialect', { value: 'sqlite' });
	db.pragma('busy_timeout = 5000');
	return db;
}

/** Which engine this run of the suite uses. */
export const testBackend = (): 'sqlite' | 'postgres' =>
	process.env.TEST_PG_URL ? 'postgres' : 'sqlite';
