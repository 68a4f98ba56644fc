import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../helpers/db';
import { createDatabase } from '../helpers/postgres';
import { addDevice, post, ROOT, signUp, startServer, type RunningServer } from '../helpers/server';

const servers: RunningServer[] = [];
const dir = mkdtempSync(join(tmpdir(), 'multiplug-copy-'));
afterAll(() => {
	for (const s of servers) s.cleanup();
	rmSync(dir, { recursive: true, force: true });
});

function dbCopy(from: string, to: string): Promise<{ code: number | null; out: string }> {
	const proc = spawn('npm', ['run', '--silent', 'db:copy', '--', '--from', from, '--to', to], {
		cwd: ROOT,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let out = '';
	proc.stdout.on('data', (c: Buffer) => (out += c.toString()));
	proc.stderr.on('data', (c: Buffer) => (out += c.toString()));
	return new Promise((r) => proc.once('exit', (code) => r({ code, out })));
}

describe('npm run db:copy', () => {
	it('moves a household from SQLite to PostgreSQL, checked, and the app carries on there', async () => {
		const file = join(dir, 'household.db');
		const home = await startServer({ DB_PATH: file }, dir);
		servers.push(home);
		const account = await signUp(home.url);
		const strip = await addDevice(file, 'Kitchen strip', 4, account.email);
		const start = Date.now() - 3 * 3_600_000;
		const frames = Array.from({ length: 120 }, (_, i) => ({
			ts: start + i * 60_000,
			ports: [
				{ port: 1, voltage: 230, current: 0.5, power: 115 },
				{ port: 2, voltage: 230, current: 1, power: 230 }
			]
		}));
		expect((await post(home.url, '/api/v1/readings', strip.token, frames)).status).toBe(200);
		expect(await home.stop()).toBe(0);

		const url = await createDatabase(process.env.TEST_PG_URL!);
		const copied = await dbCopy(file, url);
		expect(copied.code, copied.out).toBe(0);
		expect(copied.out).toMatch(/row counts and energy totals are equal/);

		const a = openTestDb(file, { readonly: true });
		const b = openTestDb(url, { readonly: true });
		try {
			for (const table of ['users', 'devices', 'readings', 'energy_daily', 'sessions']) {
				const sql = `SELECT count(*) FROM ${table}`;
				expect(b.prepare(sql).pluck().get(), table).toBe(a.prepare(sql).pluck().get());
			}
			const energy = 'SELECT SUM(energy_mj) FROM energy_monthly';
			expect(b.prepare(energy).pluck().get()).toBe(a.prepare(energy).pluck().get());
			expect(a.prepare(energy).pluck().get()).toBeGreaterThan(0);
		} finally {
			a.close();
			b.close();
		}

		// The same session works on PostgreSQL, and new ids continue after the old ones.
		const moved = await startServer({ DATABASE_URL: url });
		servers.push(moved);
		const page = await fetch(`${moved.url}/devices`, { headers: { cookie: account.cookie } });
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('Kitchen strip');
		const next = await addDevice(url, 'Hall strip', 4, account.email);
		expect(next.id).toBeGreaterThan(strip.id);

		// A second copy into a database with data is refused, and changes nothing.
		const again = await dbCopy(file, url);
		expect(again.code).toBe(1);
		expect(again.out).toMatch(/not empty/);
	});
});
