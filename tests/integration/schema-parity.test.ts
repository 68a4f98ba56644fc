import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openDatabase, openSqlite } from '../../server/db/connection';
import { migrationsDir } from '../../server/db/migrate';
import { createDatabase } from '../helpers/postgres';

/** Tables only PostgreSQL has: Socket.IO's large packets, and the cluster's rate limits. */
const POSTGRES_ONLY = [
	'socket_io_attachments',
	'rate_limits_signup',
	'rate_limits_device',
	'rate_limits_session'
];

interface Column {
	name: string;
	notNull: boolean;
}

describe('the two schemas', () => {
	it('every SQLite migration after the baseline has its PostgreSQL twin, by number and name', () => {
		const sqlite = readdirSync(migrationsDir('sqlite')).filter((f) => /^\d{3}_.*\.sql$/.test(f));
		const postgres = readdirSync(migrationsDir('postgres')).filter((f) =>
			/^\d{3}_.*\.sql$/.test(f)
		);
		const after = sqlite.filter((f) => Number(f.slice(0, 3)) > 52);
		expect(after.filter((f) => !postgres.includes(f))).toEqual([]);
		expect(postgres.filter((f) => f !== '052_baseline.sql' && !sqlite.includes(f))).toEqual([]);
	});

	it('have the same tables, columns and NOT NULLs once migrated', async () => {
		const lite = openSqlite(':memory:');
		const pg = openDatabase(await createDatabase(process.env.TEST_PG_URL!));
		try {
			const liteTables = (
				lite
					.prepare(
						`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`
					)
					.pluck()
					.all() as string[]
			).sort();
			const pgTables = (
				pg
					.prepare(
						`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`
					)
					.pluck()
					.all() as string[]
			)
				.filter((t) => !POSTGRES_ONLY.includes(t))
				.sort();
			expect(pgTables).toEqual(liteTables);
			for (const table of liteTables) {
				const a = (
					lite.prepare(`PRAGMA table_info(${table})`).all() as {
						name: string;
						notnull: number;
						pk: number;
					}[]
				)
					// SQLite lets a primary key column be NULL unless it says NOT NULL; PostgreSQL never.
					.map((c): Column => ({ name: c.name, notNull: c.notnull === 1 || c.pk > 0 }))
					.sort((x, y) => x.name.localeCompare(y.name));
				const b = (
					pg
						.prepare(
							`SELECT column_name AS name, is_nullable FROM information_schema.columns
							 WHERE table_schema = current_schema() AND table_name = ?`
						)
						.all(table) as { name: string; is_nullable: string }[]
				)
					.map((c): Column => ({ name: c.name, notNull: c.is_nullable === 'NO' }))
					.sort((x, y) => x.name.localeCompare(y.name));
				expect(b, table).toEqual(a);
			}
		} finally {
			lite.close();
			pg.close();
		}
	});
});
