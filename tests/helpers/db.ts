import { isPostgresUrl, sqliteConnection, type Db } from '../../server/db/connection';
import { PgDatabase } from '../../server/db/postgres/pg-database';

/**
 * A test's own connection to a server's database, to look at what it stored: the SQLite
 * file, or the PostgreSQL database when the suite runs on PostgreSQL.
 */
export function openTestDb(target: string, options: { readonly?: boolean } = {}): Db {
	if (isPostgresUrl(target)) return new PgDatabase(target);
	return sqliteConnection(target, { readonly: options.readonly ?? false, fileMustExist: true });
}

/** Runs `fn` on a connection of its own to the database, closed after. */
export function withTestDb<T>(target: string, fn: (db: Db) => T): T {
	const db = openTestDb(target);
	try {
		return fn(db);
	} finally {
		db.close();
	}
}
