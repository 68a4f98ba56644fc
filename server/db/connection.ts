import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate } from './migrate';
import { PgDatabase, type PgOptions } from './postgres/pg-database';

/** As better-sqlite3 spells it, so its Database satisfies Db. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type ArgumentTypes<F extends Function> = F extends (...args: infer A) => unknown ? A : never;

export interface RunResult {
	changes: number;
	lastInsertRowid: number | bigint;
}

export interface Statement {
	run(...params: unknown[]): RunResult;
	get(...params: unknown[]): unknown;
	all(...params: unknown[]): unknown[];
	/** Rows as their first column. */
	pluck(toggle?: boolean): Statement;
	/** Rows as arrays. */
	raw(toggle?: boolean): Statement;
}

/**
 * The storage the repositories see: better-sqlite3's synchronous API, which the embedded
 * SQLite database has natively and PostgreSQL gets from PgDatabase. SQL is written in the
 * subset both engines share (docs/decisions.md, "PostgreSQL").
 */
export interface Db {
	readonly dialect: 'sqlite' | 'postgres';
	readonly inTransaction: boolean;
	prepare(sql: string): Statement;
	exec(sql: string): unknown;
	/** Wraps `fn` in a transaction; called inside another, a savepoint. A throw rolls back. */
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	transaction<F extends (...params: any[]) => unknown>(
		fn: F
	): (...params: ArgumentTypes<F>) => ReturnType<F>;
	close(): unknown;
}

export type SqliteDb = Database.Database & { readonly dialect: 'sqlite' };

export interface OpenOptions {
	/** `full` fsyncs every commit; `normal` (WAL) survives a process crash, not a power cut. */
	sync?: 'normal' | 'full';
	postgres?: PgOptions;
}

export const isPostgresUrl = (target: string): boolean => /^postgres(ql)?:\/\//i.test(target);

/** A SQLite file path (or `:memory:`), or a `postgres://` URL. Migrated to the newest schema. */
export function openDatabase(target: string, options: OpenOptions = {}): Db {
	if (isPostgresUrl(target)) {
		const db = new PgDatabase(target, options.postgres);
		try {
			migrate(db);
		} catch (err) {
			db.close();
			throw err;
		}
		return db;
	}
	return openSqlite(target, options);
}

/** A better-sqlite3 connection as a Db; waits for a busy writer instead of failing. */
export function sqliteConnection(path: string, options: Database.Options = {}): SqliteDb {
	const db = new Database(path, options) as SqliteDb;
	Object.defineProperty(db, 'dialect', { value: 'sqlite' });
	// Writers wait for each other instead of failing: a backup or a CLI may hold the lock.
	db.pragma('busy_timeout = 5000');
	return db;
}

export function openSqlite(path: string, options: OpenOptions = {}): SqliteDb {
	if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
	const db = sqliteConnection(path);
	db.pragma('journal_mode = WAL');
	db.pragma(`synchronous = ${options.sync === 'full' ? 'FULL' : 'NORMAL'}`);
	db.pragma('foreign_keys = ON');
	db.pragma('temp_store = MEMORY');
	db.pragma('cache_size = -32000');
	migrate(db);
	return db;
}

export const isSqlite = (db: Db): db is SqliteDb => db.dialect === 'sqlite';

/**
 * Work with SQLite's busy wait off: a lock another connection holds fails at once
 * (SQLITE_BUSY) instead of sleeping on the thread, whose event loop would stop meanwhile.
 * The connection's own timeout is read once and put back after each call.
 */
export function withoutBusyWait(db: SqliteDb) {
	const waitMs = db.pragma('busy_timeout', { simple: true }) as number;
	// Through db.pragma each time: SQLite applies this pragma when it is prepared, so a
	// prepared statement run again would not set it again.
	return {
		/** The busy timeout the connection waits with otherwise. */
		waitMs,
		run<T>(fn: () => T): T {
			db.pragma('busy_timeout = 0');
			try {
				return fn();
			} finally {
				db.pragma(`busy_timeout = ${waitMs}`);
			}
		}
	};
}

/** SQLITE_BUSY and its extended codes: another connection held a lock. */
export const isBusy = (err: unknown): boolean =>
	typeof (err as { code?: unknown })?.code === 'string' &&
	(err as { code: string }).code.startsWith('SQLITE_BUSY');

/**
 * Connections for long reads (exports) beside the one that writes. SQLite: a read-only
 * connection of its own per read, so a slow client never holds the writer's. PostgreSQL:
 * the process's connection, each page its own short statement.
 */
export interface ReadConnections {
	open(): Db;
	release(db: Db): void;
}

export function readConnections(db: Db, path: string): ReadConnections {
	if (!isSqlite(db) || path === ':memory:') return { open: () => db, release: () => {} };
	return {
		open() {
			const reader = sqliteConnection(path, { readonly: true, fileMustExist: true });
			// A one-pass scan gains nothing from a page cache (better-sqlite3's default is 16 MB).
			reader.pragma('cache_size = -1000');
			return reader;
		},
		release: (reader) => void reader.close()
	};
}
