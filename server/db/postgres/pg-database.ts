import {
	MessageChannel,
	Worker,
	receiveMessageOnPort,
	type MessagePort
} from 'node:worker_threads';
import type { ArgumentTypes, Db, RunResult, Statement } from '../connection';
import { translate, type Translated } from './translate';

/** PostgreSQL cannot be reached (down, restarting, or too slow): answered 503 + Retry-After. */
export class DatabaseUnavailableError extends Error {
	readonly retryAfterS: number;
	constructor(message: string, retryAfterS = 2) {
		super(message);
		this.name = 'DatabaseUnavailableError';
		this.retryAfterS = retryAfterS;
	}
}

/** A statement PostgreSQL refused (a constraint, a type): the caller's error, as in SQLite. */
export class PgError extends Error {
	readonly code: string | null;
	constructor(message: string, code: string | null) {
		super(message);
		this.name = 'PgError';
		this.code = code;
	}
}

export interface PgOptions {
	/** A statement running longer is cancelled by the server. */
	statementTimeoutMs?: number;
	connectTimeoutMs?: number;
	/** After a failed connection, requests fail at once for this long instead of each waiting. */
	backoffMs?: number;
	applicationName?: string;
}

interface Reply {
	id: number;
	rows?: unknown[];
	rowCount?: number;
	error?: { message: string; code: string | null };
}

/**
 * PostgreSQL behind the same synchronous interface the repositories use with SQLite.
 *
 * The services were written as short synchronous transactions: no other request can run
 * between a read and the write that depends on it. Keeping that contract means each query
 * here blocks the calling thread while a worker thread runs it on this process's one
 * connection (Atomics.wait, then the reply is read off the port). The cost is the round
 * trip (~0.3 ms on one machine) and that a process runs one query at a time, as it does
 * on SQLite; a cluster scales by processes (docs/decisions.md, "PostgreSQL").
 */
export class PgDatabase implements Db {
	readonly dialect = 'postgres' as const;
	private worker: Worker | null = null;
	private port: MessagePort | null = null;
	private readonly flag = new Int32Array(new SharedArrayBuffer(4));
	private nextId = 1;
	private depth = 0;
	private downUntil = 0;
	private readonly translated = new Map<string, Translated & { name: string }>();
	private readonly options: Required<PgOptions>;
	private closed = false;
	/** False from a failed connection until a query succeeds again. */
	private reachable = true;

	constructor(
		readonly url: string,
		options: PgOptions = {}
	) {
		this.options = {
			statementTimeoutMs: options.statementTimeoutMs ?? 10_000,
			connectTimeoutMs: options.connectTimeoutMs ?? 2000,
			backoffMs: options.backoffMs ?? 1000,
			applicationName: options.applicationName ?? 'smart-multiplug'
		};
	}

	get inTransaction(): boolean {
		return this.depth > 0;
	}

	/**
	 * Whether requests can be served now. After an outage, one `SELECT 1` (at most a connect
	 * timeout) answers for all: the requests meanwhile get 503 at the door, not a half-done
	 * page.
	 */
	available(): boolean {
		if (this.reachable) return true;
		if (Date.now() < this.downUntil || this.depth > 0) return false;
		try {
			this.request({ op: 'query', text: 'SELECT 1' });
		} catch {
			return false;
		}
		return this.reachable;
	}

	prepare(sql: string): Statement {
		let t = this.translated.get(sql);
		if (!t) {
			t = { ...translate(sql), name: `q${this.translated.size + 1}` };
			this.translated.set(sql, t);
		}
		return new PgStatement(this, t);
	}

	exec(sql: string): this {
		this.request({ op: 'exec', text: sql });
		return this;
	}

	/** better-sqlite3's transaction(): nested calls become savepoints; a throw rolls back. */
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	transaction<F extends (...params: any[]) => unknown>(
		fn: F
	): (...params: ArgumentTypes<F>) => ReturnType<F> {
		const run = (...args: ArgumentTypes<F>): ReturnType<F> => {
			const level = this.depth;
			this.exec(level === 0 ? 'BEGIN' : `SAVEPOINT s${level}`);
			this.depth++;
			try {
				const result = fn(...args) as ReturnType<F>;
				this.depth--;
				this.exec(level === 0 ? 'COMMIT' : `RELEASE SAVEPOINT s${level}`);
				return result;
			} catch (err) {
				this.depth = level;
				try {
					this.exec(
						level === 0
							? 'ROLLBACK'
							: `ROLLBACK TO SAVEPOINT s${level}; RELEASE SAVEPOINT s${level}`
					);
				} catch {
					// The connection is gone: PostgreSQL has rolled the transaction back itself.
				}
				throw err;
			}
		};
		return run;
	}

	close(): void {
		if (this.closed) return;
		this.closed = true;
		if (this.worker) {
			try {
				this.request({ op: 'close' }, 2000);
			} catch {
				// Closing anyway.
			}
			void this.worker.terminate();
		}
		this.worker = null;
		this.port = null;
	}

	/** Runs one request on the worker and waits for its answer. */
	request(
		message: {
			op: 'query' | 'exec' | 'close';
			text?: string;
			values?: unknown[];
			name?: string;
			rowMode?: 'array';
		},
		timeoutMs = this.options.statementTimeoutMs + this.options.connectTimeoutMs + 1000
	): Reply {
		if (this.closed && message.op !== 'close') throw new Error('The database is closed.');
		if (message.op !== 'close' && Date.now() < this.downUntil) {
			throw new DatabaseUnavailableError('PostgreSQL is unavailable; retrying shortly.');
		}
		const port = this.start();
		const id = this.nextId++;
		Atomics.store(this.flag, 0, 0);
		port.postMessage({ id, ...message });
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const left = deadline - Date.now();
			if (left <= 0 || Atomics.wait(this.flag, 0, 0, left) === 'timed-out') {
				// The worker is stuck on a dead socket: replace it; its transaction dies with it.
				this.restart();
				this.downUntil = Date.now() + this.options.backoffMs;
				this.reachable = false;
				throw new DatabaseUnavailableError('PostgreSQL did not answer in time.');
			}
			const got = receiveMessageOnPort(port);
			if (!got) {
				Atomics.store(this.flag, 0, 0);
				continue;
			}
			const reply = got.message as Reply;
			if (reply.id !== id) {
				Atomics.store(this.flag, 0, 0);
				continue;
			}
			if (reply.error) {
				const code = reply.error.code;
				if (connectionLost(code)) {
					this.downUntil = Date.now() + this.options.backoffMs;
					this.reachable = false;
					throw new DatabaseUnavailableError(`PostgreSQL is unavailable: ${reply.error.message}`);
				}
				throw new PgError(reply.error.message, code);
			}
			this.reachable = true;
			return reply;
		}
	}

	private start(): MessagePort {
		if (this.port) return this.port;
		const { port1, port2 } = new MessageChannel();
		// Beside this module in source, beside the bundle in a build (scripts/build-backend.js).
		this.worker = new Worker(new URL('./pg-worker.cjs', import.meta.url), {
			workerData: {
				port: port2,
				flag: this.flag,
				url: this.url,
				statementTimeoutMs: this.options.statementTimeoutMs,
				connectTimeoutMs: this.options.connectTimeoutMs,
				applicationName: this.options.applicationName
			},
			transferList: [port2]
		});
		this.worker.on('error', (err) => console.error('PostgreSQL connection thread failed:', err));
		this.worker.unref();
		port1.unref();
		this.port = port1;
		return port1;
	}

	private restart(): void {
		void this.worker?.terminate();
		this.port?.close();
		this.worker = null;
		this.port = null;
		this.depth = 0;
	}
}

/**
 * The connection, not the statement, failed: a socket error (ECONNREFUSED, no SQLSTATE),
 * connection exceptions (08), shutdown (57P), insufficient resources (53).
 */
function connectionLost(code: string | null): boolean {
	return !code || code.length !== 5 || /^(08|57P|53)/.test(code);
}

class PgStatement implements Statement {
	private plucked = false;
	private asArrays = false;

	constructor(
		private readonly db: PgDatabase,
		private readonly sql: Translated & { name: string }
	) {}

	pluck(toggle = true): this {
		this.plucked = toggle;
		return this;
	}

	raw(toggle = true): this {
		this.asArrays = toggle;
		return this;
	}

	run(...params: unknown[]): RunResult {
		const r = this.query(params);
		return { changes: r.rowCount ?? 0, lastInsertRowid: 0 };
	}

	get(...params: unknown[]): unknown {
		return this.shape(this.query(params).rows ?? [])[0];
	}

	all(...params: unknown[]): unknown[] {
		return this.shape(this.query(params).rows ?? []);
	}

	private shape(rows: unknown[]): unknown[] {
		if (this.plucked) return rows.map((r) => (r as unknown[])[0]);
		return rows;
	}

	private query(params: unknown[]): Reply {
		return this.db.request({
			op: 'query',
			text: this.sql.text,
			values: this.values(params),
			name: this.sql.name,
			rowMode: this.plucked || this.asArrays ? 'array' : undefined
		});
	}

	private values(params: unknown[]): unknown[] {
		const names = this.sql.names;
		if (!names) return params.map(toPg);
		const bag = (params[0] ?? {}) as Record<string, unknown>;
		return names.map((n) => toPg(bag[n]));
	}
}

/** better-sqlite3 takes booleans as 1/0 nowhere; undefined is NULL in PostgreSQL's eyes. */
function toPg(v: unknown): unknown {
	if (v === undefined) return null;
	if (typeof v === 'boolean') return v ? 1 : 0;
	return v;
}
