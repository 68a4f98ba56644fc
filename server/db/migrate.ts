import type Database from 'better-sqlite3';
import type { Db, SqliteDb } from './connection';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Migration {
	version: number;
	name: string;
	sql: string;
}

/**
 * Migrations are forward-only numbered SQL files (`NNN_name.sql`), one change each, never
 * edited after they land. Each is applied in its own transaction together with its row in
 * `schema_migrations`, so a crash leaves the schema at a whole step. Applied versions are
 * recorded one by one (not as a high-water mark), so migrations written in parallel
 * branches apply wherever they fall in the order.
 */
export function loadMigrations(dir = migrationsDir('sqlite')): Migration[] {
	return readdirSync(dir)
		.filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f))
		.sort()
		.map((f) => ({
			version: Number(f.slice(0, 3)),
			name: f.slice(4, -4),
			sql: readFileSync(join(dir, f), 'utf8')
		}));
}

/**
 * PostgreSQL's history starts from a baseline equal to SQLite's schema at 052; every later
 * migration has a twin of the same number and name in migrations/postgres/.
 */
export function migrationsDir(dialect: Db['dialect']): string {
	// Beside this module: server/db/ for the CLIs (run from source), build/backend/ for the
	// production bundle (scripts/build-backend.js copies the files). The SvelteKit bundle
	// never runs migrations.
	const here = fileURLToPath(new URL('.', import.meta.url));
	return resolve(here, dialect === 'postgres' ? 'migrations/postgres' : 'migrations');
}

/** Any number: all processes of a cluster use it to migrate one at a time. */
const MIGRATION_LOCK = 7_340_052;

/** A bare better-sqlite3 handle (specs, CLIs) is SQLite. */
type Migratable = Db | Database.Database;
const dialectOf = (db: Migratable): Db['dialect'] =>
	(db as Partial<Db>).dialect === 'postgres' ? 'postgres' : 'sqlite';

export function migrate(
	target: Migratable,
	migrations = loadMigrations(migrationsDir(dialectOf(target)))
): number[] {
	const db = target as Db;
	if (dialectOf(target) === 'postgres') {
		db.prepare('SELECT pg_advisory_lock(?)').get(MIGRATION_LOCK);
		try {
			return migrateLocked(db, migrations);
		} finally {
			db.prepare('SELECT pg_advisory_unlock(?)').get(MIGRATION_LOCK);
		}
	}
	return migrateLocked(db, migrations);
}

function migrateLocked(db: Db, migrations: Migration[]): number[] {
	db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY,
		name TEXT NOT NULL,
		applied_at BIGINT NOT NULL
	)`);
	const applied = new Set(
		(db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map(
			(r) => r.version
		)
	);
	const known = new Set(migrations.map((m) => m.version));
	const unknown = [...applied].filter((v) => !known.has(v));
	if (unknown.length) {
		throw new Error(
			`The database has migrations this program does not know (${unknown.join(', ')}): it is newer than this program.`
		);
	}
	const record = db.prepare(
		'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)'
	);
	const done: number[] = [];
	for (const m of migrations) {
		if (applied.has(m.version)) continue;
		const rebuild = m.sql.startsWith(FOREIGN_KEYS_OFF);
		const sqlite = db.dialect === 'postgres' ? null : (db as SqliteDb);
		// SQLite's table rebuild: with foreign keys on, dropping the old table would cascade
		// its deletes into every child table. The pragma is a no-op inside a transaction.
		const enforced = rebuild && sqlite?.pragma('foreign_keys', { simple: true }) === 1;
		if (enforced) sqlite!.pragma('foreign_keys = OFF');
		try {
			db.transaction(() => {
				db.exec(m.sql);
				if (rebuild && sqlite && (sqlite.pragma('foreign_key_check') as unknown[]).length)
					throw new Error(`Migration ${m.version} broke a foreign key.`);
				record.run(m.version, m.name, Date.now());
			})();
		} finally {
			if (enforced) sqlite!.pragma('foreign_keys = ON');
		}
		done.push(m.version);
	}
	return done;
}

/** The first line of a migration that rebuilds a table others refer to. */
export const FOREIGN_KEYS_OFF = '-- migrate: foreign_keys off';
