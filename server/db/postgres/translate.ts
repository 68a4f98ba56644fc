/**
 * The repositories write one SQL for both engines, in the subset SQLite and PostgreSQL
 * share. The few spellings that differ only in form are rewritten here, once per
 * statement at prepare time: placeholders, SQLite's `INSERT OR IGNORE`, `ifnull`, scalar
 * `max(a, b)`/`min(a, b)`, `CROSS JOIN ... ON`, casts, and camelCase aliases (PostgreSQL folds unquoted names to
 * lower case). Anything with no safe rewrite is refused, so it is found by the first test
 * that prepares it, not by a user.
 */
export interface Translated {
	text: string;
	/** For named parameters (`@name`, `:name`, `$name`): the name of each `$n`, in order. */
	names: string[] | null;
}

const REFUSED: [RegExp, string][] = [
	[/\bINSERT\s+OR\s+REPLACE\b/i, 'INSERT OR REPLACE: write ON CONFLICT (...) DO UPDATE'],
	[/\bstrftime\s*\(|\bjulianday\s*\(|\bunixepoch\s*\(|\bdatetime\s*\(/i, 'SQLite date functions'],
	[/\bgroup_concat\s*\(/i, 'group_concat'],
	[/\blast_insert_rowid\s*\(/i, 'last_insert_rowid(): use RETURNING id'],
	[/\browid\b/i, 'rowid'],
	[/\bCOLLATE\s+NOCASE\b/i, 'COLLATE NOCASE']
];

export function translate(sql: string): Translated {
	for (const [re, what] of REFUSED) {
		if (re.test(stripLiterals(sql)))
			throw new Error(`Not portable to PostgreSQL (${what}): ${sql}`);
	}
	let out = '';
	let positional = 0;
	const names: string[] = [];
	const seen = new Map<string, number>();
	let orIgnore = false;
	let i = 0;
	const n = sql.length;
	while (i < n) {
		const c = sql[i]!;
		// Literals, quoted names and comments pass through untouched.
		if (c === "'" || c === '"') {
			const end = closingQuote(sql, i, c);
			out += sql.slice(i, end);
			i = end;
			continue;
		}
		if (c === '-' && sql[i + 1] === '-') {
			const end = sql.indexOf('\n', i);
			const stop = end < 0 ? n : end;
			out += sql.slice(i, stop);
			i = stop;
			continue;
		}
		if (c === '?') {
			out += `$${++positional}`;
			i++;
			continue;
		}
		if ((c === '@' || c === ':' || c === '$') && /[A-Za-z_]/.test(sql[i + 1] ?? '')) {
			if (c === ':' && sql[i - 1] === ':') {
				out += c;
				i++;
				continue;
			}
			let j = i + 1;
			while (j < n && /\w/.test(sql[j]!)) j++;
			const name = sql.slice(i + 1, j);
			let index = seen.get(name);
			if (index === undefined) {
				names.push(name);
				index = names.length;
				seen.set(name, index);
			}
			out += `$${index}`;
			i = j;
			continue;
		}
		if (/[A-Za-z_]/.test(c) && !/\w/.test(sql[i - 1] ?? '')) {
			let j = i + 1;
			while (j < n && /\w/.test(sql[j]!)) j++;
			const word = sql.slice(i, j);
			const lower = word.toLowerCase();
			if (lower === 'insert') {
				const m = /^\s+OR\s+IGNORE\b/i.exec(sql.slice(j));
				if (m) {
					out += word;
					i = j + m[0].length;
					orIgnore = true;
					continue;
				}
			}
			// SQLite's CROSS JOIN ... ON is an inner join whose order the planner keeps.
			if (lower === 'cross' && /^\s+JOIN\s+\w+(\s+(AS\s+)?\w+)?\s+ON\b/i.test(sql.slice(j))) {
				const m = /^\s+JOIN/i.exec(sql.slice(j))!;
				out += 'JOIN';
				i = j + m[0].length;
				continue;
			}
			if (lower === 'ifnull' && /^\s*\(/.test(sql.slice(j))) {
				out += 'COALESCE';
				i = j;
				continue;
			}
			if ((lower === 'max' || lower === 'min') && /^\s*\(/.test(sql.slice(j))) {
				const open = sql.indexOf('(', j);
				if (hasTopLevelComma(sql, open)) {
					out += lower === 'max' ? 'GREATEST' : 'LEAST';
					i = j;
					continue;
				}
			}
			if (lower === 'as') {
				// SQLite's REAL is a double and its INTEGER 64 bits; PostgreSQL's are narrower.
				const cast = /^(\s+)(REAL|INTEGER)\b/i.exec(sql.slice(j));
				if (cast) {
					out += `${word}${cast[1]}${cast[2]!.toUpperCase() === 'REAL' ? 'DOUBLE PRECISION' : 'BIGINT'}`;
					i = j + cast[0].length;
					continue;
				}
				const m = /^(\s+)([A-Za-z_]\w*)/.exec(sql.slice(j));
				if (m && /[a-z]/.test(m[2]!) && /[A-Z]/.test(m[2]!)) {
					out += `${word}${m[1]}"${m[2]}"`;
					i = j + m[0].length;
					continue;
				}
			}
			out += word;
			i = j;
			continue;
		}
		out += c;
		i++;
	}
	if (positional && names.length) throw new Error(`Mixed ? and named parameters: ${sql}`);
	if (orIgnore) out = withConflictDoNothing(out);
	return { text: out, names: names.length ? names : null };
}

function closingQuote(sql: string, start: number, q: string): number {
	let i = start + 1;
	while (i < sql.length) {
		if (sql[i] === q) {
			if (sql[i + 1] === q) {
				i += 2;
				continue;
			}
			return i + 1;
		}
		i++;
	}
	return sql.length;
}

function stripLiterals(sql: string): string {
	return sql.replace(/'(?:[^']|'')*'/g, "''").replace(/--[^\n]*/g, '');
}

function hasTopLevelComma(sql: string, open: number): boolean {
	let depth = 0;
	for (let i = open; i < sql.length; i++) {
		const c = sql[i];
		if (c === "'") {
			i = closingQuote(sql, i, "'") - 1;
			continue;
		}
		if (c === '(') depth++;
		else if (c === ')') {
			depth--;
			if (depth === 0) return false;
		} else if (c === ',' && depth === 1) return true;
	}
	return false;
}

/** `INSERT OR IGNORE` is PostgreSQL's `ON CONFLICT DO NOTHING`, placed before RETURNING. */
function withConflictDoNothing(sql: string): string {
	const trimmed = sql.replace(/;\s*$/, '');
	const m = /\bRETURNING\b/i.exec(trimmed);
	if (m) return `${trimmed.slice(0, m.index)}ON CONFLICT DO NOTHING ${trimmed.slice(m.index)}`;
	return `${trimmed} ON CONFLICT DO NOTHING`;
}
