import type { Db, Statement } from './connection';

/** A multi-row statement per row count, prepared once each, within PostgreSQL's 65,535 parameters. */
export function manyRows(db: Db, sql: (values: string) => string, columns: number) {
	const byCount = new Map<number, Statement>();
	const row = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
	return {
		maxRows: 500,
		statement(n: number): Statement {
			let st = byCount.get(n);
			if (!st) {
				st = db.prepare(sql(Array.from({ length: n }, () => row).join(', ')));
				byCount.set(n, st);
			}
			return st;
		}
	};
}

/**
 * Writes rows with one statement: on PostgreSQL all rows at once (a round trip each
 * statement), on SQLite one prepared single-row statement per row, which there is faster
 * than building wide ones.
 */
export function rowsWriter(db: Db, sql: (values: string) => string, columns: number) {
	const wide = db.dialect === 'postgres';
	const many = manyRows(db, sql, columns);
	const one = many.statement(1);
	return {
		write(rows: readonly unknown[][]): void {
			if (!wide) {
				for (const r of rows) one.run(...r);
				return;
			}
			for (const part of chunks(rows, many.maxRows))
				many.statement(part.length).run(...part.flat());
		}
	};
}

export function* chunks<T>(items: readonly T[], size: number): Generator<readonly T[]> {
	for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
