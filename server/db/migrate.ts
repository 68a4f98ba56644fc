import type Database from 'better-sqlite3';
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
 * edited after they land. Each is applied in its own transaction together with the bump of
 * `user_version`, so a crash leaves the schema at a whole version.
 */
export function loadMigrations(dir = migrationsDir()): Migration[] {
	return readdirSync(dir)
		.filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f))
		.sort()
		.map((f) => ({
			version: Number(f.slice(0, 3)),
			name: f.slice(4, -4),
			sql: readFileSync(join(dir, f), 'utf8')
		}));
}

function migrationsDir(): string {
	// The SvelteKit bundle never runs migrations; the entry and the CLIs run from source.
	const here = fileURLToPath(new URL('.', import.meta.url));
	return resolve(here, 'migrations');
}

export function migrate(db: Database.Database, migrations = loadMigrations()): number {
	const current = db.pragma('user_version', { simple: true }) as number;
	const latest = migrations.at(-1)?.version ?? 0;
	if (current > latest) {
		throw new Error(
			`The database is at schema version ${current}, newer than this program (${latest}).`
		);
	}
	for (const m of migrations) {
		if (m.version <= current) continue;
		db.transaction(() => {
			db.exec(m.sql);
			db.pragma(`user_version = ${m.version}`);
		})();
	}
	return db.pragma('user_version', { simple: true }) as number;
}
