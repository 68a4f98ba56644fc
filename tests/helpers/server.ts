import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface RunningServer {
	url: string;
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
 * in a temp folder: the real thing, as `npm start` runs it.
 */
export async function startServer(
	env: Record<string, string> = {},
	dir?: string,
	nodeArgs: string[] = []
): Promise<RunningServer> {
	const folder = dir ?? mkdtempSync(join(tmpdir(), 'multiplug-'));
	const dbPath = join(folder, 'multiplug.db');
	const proc = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'server/main.ts'], {
		cwd: ROOT,
		env: {
			...process.env,
			PORT: '0',
			HOST: '127.0.0.1',
			DB_PATH: dbPath,
			DEMO: '0',
			LOG_LEVEL: 'error',
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let out = '';
	proc.stdout!.on('data', (c: Buffer) => (out += c.toString()));
	proc.stderr!.on('data', (c: Buffer) => (out += c.toString()));
	const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));

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
			if (proc.exitCode === null) proc.kill('SIGTERM');
			return exited;
		},
		async kill(signal) {
			proc.kill(signal);
			await exited;
		},
		cleanup() {
			if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
			if (!dir) rmSync(folder, { recursive: true, force: true });
		}
	};
}

/** `npm run device:add -- --json` against the server's database. */
export async function addDevice(
	dbPath: string,
	name = 'Test strip',
	ports = 4
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
			'--json'
		],
		{
			cwd: ROOT,
			env: { ...process.env, DB_PATH: dbPath },
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
