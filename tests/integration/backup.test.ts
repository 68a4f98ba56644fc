import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	addDevice,
	post,
	ROOT,
	signUp,
	startServer,
	type Account,
	type RunningServer
} from '../helpers/server';

let server: RunningServer;
let restored: RunningServer | null = null;
let account: Account;

function npmBackup(dbPath: string, file: string): Promise<{ code: number | null; out: string }> {
	const proc = spawn('npm', ['run', '--silent', 'backup', '--', file], {
		cwd: ROOT,
		env: { ...process.env, DB_PATH: dbPath },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let out = '';
	proc.stdout!.on('data', (c: Buffer) => (out += c.toString()));
	proc.stderr!.on('data', (c: Buffer) => (out += c.toString()));
	return new Promise((resolve) => proc.once('exit', (code) => resolve({ code, out })));
}

beforeAll(async () => {
	server = await startServer();
	account = await signUp(server.url);
});
afterAll(async () => {
	await restored?.stop();
	restored?.cleanup();
	await server.stop();
	server.cleanup();
});

describe('npm run backup', () => {
	it('copies the live database online, and a server started on the copy has the same data', async () => {
		const { token } = await addDevice(server.dbPath, 'Backed-up strip', 1, account.email);
		const ts = Date.now() - 60_000;
		const frames = Array.from({ length: 7 }, (_, i) => ({
			ts: ts + i * 5000,
			seq: i,
			ports: [{ port: 1, voltage: 230, current: 1, power: 230, energy_wh: 100 + i }]
		}));
		expect((await post(server.url, '/api/v1/readings', token, frames)).status).toBe(200);

		const file = join(server.dir, 'backup.db');
		const { code, out } = await npmBackup(server.dbPath, file);
		expect(code, out).toBe(0);
		expect(out).toMatch(/^Backed up .* to .*backup\.db \(\d+ pages\)\.$/m);
		// The original keeps taking readings while and after the copy is made.
		expect(
			(await post(server.url, '/api/data', token, { port: 1, voltage: 230, current: 1, power: 5 }))
				.status
		).toBe(200);

		restored = await startServer({ DB_PATH: file });
		const day = (ms: number) => new Date(ms + 6 * 3_600_000).toISOString().slice(0, 10); // Dhaka
		const range = `from=${day(ts - 86_400_000)}&to=${day(Date.now() + 86_400_000)}`;
		const csv = await (
			await fetch(`${restored.url}/export/readings.csv?${range}`, {
				headers: { cookie: account.cookie }
			})
		).text();
		// Same account, same session, same seven readings: the copy is a complete database.
		expect(csv.trim().split('\n')).toHaveLength(1 + 7);
	});
});
