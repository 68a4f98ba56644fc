import Database from 'better-sqlite3';
import { loadMigrations, migrationsDir } from './migrate';
import { openDatabase, type Db } from './connection';

export interface CopyReport {
	tables: { table: string; rows: number }[];
	/** Energy in mJ, per rollup table, equal at both ends. */
	energyMj: Record<string, number>;
}

const ENERGY_TABLES = ['energy_buckets', 'energy_daily', 'energy_monthly'];
/** Rows per INSERT: well under PostgreSQL's 65,535 parameters for the widest table. */
const BATCH = 500;

/**
 * Moves a household's SQLite database into an empty PostgreSQL database, in one
 * transaction, and proves the copy: every table's row count and every energy table's
 * total must be equal at both ends, or nothing is kept. Ids are kept as they were, and
 * the id sequences continue after the highest id SQLite ever gave (it never reuses one).
 */
export function copyDatabase(
	from: string,
	to: string,
	log: (line: string) => void = () => {}
): CopyReport {
	const source = new Database(from, { readonly: true, fileMustExist: true });
	let target: Db | null = null;
	try {
		const known = loadMigrations(migrationsDir('sqlite')).map((m) => m.version);
		const applied = new Set(
			source.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]
		);
		const missing = known.filter((v) => !applied.has(v));
		if (missing.length) {
			throw new Error(
				`${from} is at an older schema (missing ${missing.join(', ')}): start the app on it once, then copy.`
			);
		}
		target = openDatabase(to);
		const t = target;
		const tables = tablesInOrder(source);
		for (const table of tables) {
			const any = t.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get();
			if (any) throw new Error(`The target database is not empty (table ${table} has rows).`);
		}
		const report: CopyReport = { tables: [], energyMj: {} };
		t.transaction(() => {
			for (const table of tables) {
				const rows = copyTable(source, t, table);
				report.tables.push({ table, rows });
				log(`${table}: ${rows} rows`);
			}
			continueSequences(source, t, tables);
			verify(source, t, tables, report);
		})();
		return report;
	} finally {
		target?.close();
		source.close();
	}
}

/** Parents before children, by the foreign keys SQLite declares. */
function tablesInOrder(source: Database.Database): string[] {
	const names = (
		source
			.prepare(
				`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name`
			)
			.pluck()
			.all() as string[]
	).filter((n) => /^\w+$/.test(n));
	const parents = new Map(
		names.map((n) => [
			n,
			(source.prepare(`PRAGMA foreign_key_list(${n})`).all() as { table: string }[])
				.map((f) => f.table)
				.filter((p) => p !== n)
		])
	);
	const ordered: string[] = [];
	const visit = (n: string, path: Set<string>) => {
		if (ordered.includes(n) || path.has(n)) return;
		path.add(n);
		for (const p of parents.get(n) ?? []) visit(p, path);
		ordered.push(n);
	};
	for (const n of names) visit(n, new Set());
	return ordered;
}

function columnsOf(source: Database.Database, table: string): string[] {
	return (source.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map(
		(c) => c.name
	);
}

function copyTable(source: Database.Database, target: Db, table: string): number {
	const cols = columnsOf(source, table);
	const list = cols.join(', ');
	const insertFor = (n: number) =>
		target.prepare(
			`INSERT INTO ${table} (${list}) VALUES ${Array.from({ length: n }, () => `(${cols.map(() => '?').join(', ')})`).join(', ')}`
		);
	const full = insertFor(BATCH);
	let batch: unknown[] = [];
	let rows = 0;
	let inBatch = 0;
	for (const row of source.prepare(`SELECT ${list} FROM ${table}`).raw().iterate() as Iterable<
		unknown[]
	>) {
		batch.push(...row);
		inBatch++;
		rows++;
		if (inBatch === BATCH) {
			full.run(...batch);
			batch = [];
			inBatch = 0;
		}
	}
	if (inBatch) insertFor(inBatch).run(...batch);
	return rows;
}

function continueSequences(source: Database.Database, target: Db, tables: string[]): void {
	const identity = target
		.prepare(
			`SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'id' AND is_identity = 'YES'`
		)
		.pluck()
		.all() as string[];
	const sequence = new Map(
		(
			source.prepare(`SELECT name, seq FROM sqlite_sequence`).all() as {
				name: string;
				seq: number;
			}[]
		).map((r) => [r.name, r.seq])
	);
	for (const table of tables.filter((t) => identity.includes(t))) {
		const max =
			(source.prepare(`SELECT COALESCE(MAX(id), 0) FROM ${table}`).pluck().get() as number) ?? 0;
		const next = Math.max(max, sequence.get(table) ?? 0) + 1;
		target.prepare(`SELECT setval(pg_get_serial_sequence(?, 'id'), ?, false)`).get(table, next);
	}
}

function verify(source: Database.Database, target: Db, tables: string[], report: CopyReport): void {
	for (const table of tables) {
		const a = source.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
		const b = target.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
		if (a !== b)
			throw new Error(
				`Copy check failed: ${table} has ${a} rows in SQLite and ${b} in PostgreSQL.`
			);
	}
	for (const table of ENERGY_TABLES.filter((t) => tables.includes(t))) {
		const sql = `SELECT COALESCE(SUM(energy_mj), 0) FROM ${table}`;
		const a = source.prepare(sql).pluck().get() as number;
		const b = target.prepare(sql).pluck().get() as number;
		if (a !== b)
			throw new Error(
				`Copy check failed: ${table} holds ${a} mJ in SQLite and ${b} in PostgreSQL.`
			);
		report.energyMj[table] = a;
	}
}
