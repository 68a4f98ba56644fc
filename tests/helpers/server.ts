import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { isPostgresUrl } from '../../server/db/connection';
import { createDatabase } from './postgres';

export const ROOT = resolve(import.meta.dirname, '../..');

/** The folder's PostgreSQL database: made on first use, remembered for a restart. */
async function postgresFor(folder: string, baseUrl: string): Promise<string> {
	const file = join(folder, 'database-url');
	if (existsSync(file)) return readFileSync(file, 'utf8');
	const url = await createDatabase(baseUrl);
	writeFileSync(file, url);
	return url;
}

/**
 * The arguments `npm start` gives node (`node <flags> scripts/start.js`), read from
 * package.json so that the tests start the server exactly as production does.
 */
export const START_ARGS: string[] = (() => {
	const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
		scripts: { start: string };
	};
	const [node, ...args] = pkg.scripts.start.split(/\s+/);
	if (node !== 'node')
		throw new Error(`npm start is not a plain node command: ${pkg.scripts.start}`);
	return args;
})();

export interface RunningServer {
	url: string;
	/** The SQLite file, or the PostgreSQL database's URL when the suite runs on PostgreSQL. */
	dbPath: string;
	dir: string;
	proc: ChildProcess;
	output: () => string;
	/** SIGTERM and wait for the exit code. */
	stop(): Promise<number | null>;
	kill(signal: NodeJS.Signals): Promise<void>;
	cleanup(): void;
}

/**
 * Starts the production entry as its own process on an ephemeral port with a SQLite file
 * in a temp folder: the real thing, as `npm start` runs it (the build must exist; the
 * test setups rebundle the backend from source first, see tests/global-setup.ts).
 */
export async function startServer(
	env: Record<string, string> = {},
	dir?: string,
	nodeArgs: string[] = []
): Promise<RunningServer> {
	const folder = dir ?? mkdtempSync(join(tmpdir(), 'multiplug-'));
	// A restarted server (same folder) finds the same database.
	const pgBase = process.env.TEST_PG_URL;
	// DATABASE_URL or DB_PATH in `env` choose the database; otherwise the suite's backend.
	const dbPath =
		env.DATABASE_URL ??
		env.DB_PATH ??
		(pgBase ? await postgresFor(folder, pgBase) : join(folder, 'multiplug.db'));
	const proc = spawn(process.execPath, [...nodeArgs, ...START_ARGS], {
		cwd: ROOT,
		env: {
			...process.env,
			PORT: '0',
			HOST: '127.0.0.1',
			DB_PATH: isPostgresUrl(dbPath) ? join(folder, 'multiplug.db') : dbPath,
			...(isPostgresUrl(dbPath) ? { DATABASE_URL: dbPath } : {}),
			DEMO: '0',
			// Every test signs up from 127.0.0.1; the limit itself has its own test.
			SIGNUP_RATE_LIMIT: '1000',
			LOG_LEVEL: 'error',
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let out = '';
	proc.stdout!.on('data', (c: Buffer) => (out += c.toString()));
	proc.stderr!.on('data', (c: Buffer) => (out += c.toString()));
	let stopping = false;
	const exited = new Promise<number | null>((r) =>
		proc.once('exit', (code, signal) => {
			// A server that dies on its own is the finding: its last words go with the failure.
			if (!stopping && (code || signal)) {
				console.error(`server ${proc.pid} exited (${code ?? signal}):\n${out.slice(-4000)}`);
			}
			r(code);
		})
	);

	const url = await new Promise<string>((resolveUrl, reject) => {
		const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 30_000);
		const check = () => {
			const m = /listening on (http:\/\/localhost:\d+)/.exec(out);
			if (m) {
				clearTimeout(timer);
				resolveUrl(m[1]!.replace('localhost', '127.0.0.1'));
			}
		};
		proc.stdout!.on('data', check);
		proc.once('exit', (code) => reject(new Error(`server exited (${code}):\n${out}`)));
	});

	return {
		url,
		dbPath,
		dir: folder,
		proc,
		output: () => out,
		async stop() {
			stopping = true;
			if (proc.exitCode === null) proc.kill('SIGTERM');
			return exited;
		},
		async kill(signal) {
			stopping = true;
			proc.kill(signal);
			await exited;
		},
		cleanup() {
			stopping = true;
			if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
			if (!dir) rmSync(folder, { recursive: true, force: true });
		}
	};
}

/** `npm run device:add -- --json` against the server's database. */
export async function addDevice(
	dbPath: string,
	name = 'Test strip',
	ports = 4,
	userEmail?: string
): Promise<{ id: number; token: string }> {
	const proc = spawn(
		process.execPath,
		[
			'--import',
			'tsx',
			'scripts/device-add.ts',
			'--name',
			name,
			'--ports',
			String(ports),
			'--json',
			...(userEmail ? ['--user', userEmail] : [])
		],
		{
			cwd: ROOT,
			env: {
				...process.env,
				...(isPostgresUrl(dbPath) ? { DATABASE_URL: dbPath } : { DB_PATH: dbPath })
			},
			stdio: ['ignore', 'pipe', 'pipe']
		}
	);
	let out = '';
	let err = '';
	proc.stdout!.on('data', (c: Buffer) => (out += c.toString()));
	proc.stderr!.on('data', (c: Buffer) => (err += c.toString()));
	const code = await new Promise<number | null>((r) => proc.once('exit', r));
	if (code !== 0) throw new Error(`device:add failed (${code}): ${err}`);
	return JSON.parse(out.trim().split('\n').at(-1)!) as { id: number; token: string };
}

export function post(
	url: string,
	path: string,
	token: string | null,
	body: unknown,
	headers: Record<string, string> = {}
) {
	return fetch(url + path, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			...(token ? { authorization: `Bearer ${token}` } : {}),
			...headers
		},
		body: typeof body === 'string' ? body : JSON.stringify(body)
	});
}

/** A form action as a page's enhanced form sends it; SvelteKit answers its JSON result. */
export function formAction(
	url: string,
	path: string,
	fields: Record<string, string>,
	cookie: string
) {
	return fetch(url + path, {
		method: 'POST',
		headers: {
			origin: url,
			accept: 'application/json',
			'x-sveltekit-action': 'true',
			'content-type': 'application/x-www-form-urlencoded',
			cookie
		},
		body: new URLSearchParams(fields)
	});
}

export interface Account {
	email: string;
	password: string;
	/** `multiplug_session=…`, ready for a Cookie header. */
	cookie: string;
}

let accounts = 0;

/** Signs up through the real form action, as a browser without JavaScript would. */
export async function signUp(
	url: string,
	email?: string,
	password = 'correct horse battery staple'
): Promise<Account> {
	const address = email ?? `user${process.pid}-${++accounts}-${Date.now()}@example.com`;
	const res = await fetch(`${url}/signup`, {
		method: 'POST',
		headers: {
			origin: url,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams({ email: address, password }),
		redirect: 'manual'
	});
	const cookie = res.headers.getSetCookie().find((c) => c.startsWith('multiplug_session='));
	if (res.status !== 303 || !cookie)
		throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
	return { email: address, password, cookie: cookie.split(';')[0]! };
}

/** A series' value on the server's /metrics, by its name and labels as printed. */
export async function metricValue(url: string, series: string): Promise<number> {
	const text = await (await fetch(`${url}/metrics`)).text();
	const line = text.split('\n').find((l) => l.startsWith(`${series} `));
	if (!line) throw new Error(`no ${series} in /metrics`);
	return Number(line.slice(series.length + 1));
}
