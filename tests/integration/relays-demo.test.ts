import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server';
import { openTestDb } from '../helpers/db';

let server: RunningServer;
let cookie: string;

beforeAll(async () => {
	server = await startServer({ DEMO: '1' });
	// The demo account is made after the server listens (its password is hashed first).
	const credentials = () => /Log in as (\S+) with password (\S+) /.exec(server.output());
	for (let i = 0; i < 150 && !credentials(); i++) await new Promise((r) => setTimeout(r, 100));
	const m = credentials();
	if (!m) throw new Error(`no demo credentials in:\n${server.output()}`);
	const res = await fetch(`${server.url}/login`, {
		method: 'POST',
		headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ email: m[1]!, password: m[2]! }),
		redirect: 'manual'
	});
	cookie = res.headers
		.getSetCookie()
		.find((c) => c.startsWith('multiplug_session='))!
		.split(';')[0]!;
});
afterAll(() => server.cleanup());

it('the in-process demo strip applies a switch from the dashboard and confirms it', async () => {
	const res = await fetch(`${server.url}/devices/1/ports/2/switch`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', origin: server.url, cookie },
		body: '{"on":false}'
	});
	expect(res.status).toBe(202);
	const db = openTestDb(server.dbPath, { readonly: true });
	try {
		await expect
			.poll(() => db.prepare(`SELECT status FROM relay_commands`).pluck().get(), {
				timeout: 10_000
			})
			.toBe('applied');
		await expect
			.poll(
				() => db.prepare(`SELECT relay, power FROM ports WHERE device_id = 1 AND port = 2`).get(),
				{
					timeout: 10_000
				}
			)
			.toEqual({ relay: 0, power: 0 });
	} finally {
		db.close();
	}
});

it('the demo household is billed on its meter: LT-A, a reading and an estimate of its month', async () => {
	const res = await fetch(`${server.url}/api/bills`, { headers: { cookie } });
	expect(res.status).toBe(200);
	const view = await res.json();
	expect(view.meter).toMatchObject({ kind: 'postpaid', phase: 'single', sanctionedLoadKw: 2 });
	expect(view.household.total).toBeGreaterThan(0);
	expect(view.basis).toMatchObject({ restFrom: 'estimate', lastReading: { kwh: 8412.5 } });
	expect(view.strips.cost).toBeGreaterThan(0);
	expect(view.strips.cost).toBeLessThan(view.household.total);
});

it('the demo opens on a day of believable readings and a few alerts, never a flood', async () => {
	const db = openTestDb(server.dbPath, { readonly: true });
	try {
		// A day of history is written before the first live frame.
		await expect
			.poll(() => db.prepare(`SELECT count(*) FROM readings WHERE device_id = 1`).pluck().get(), {
				timeout: 10_000
			})
			.toBeGreaterThan(4 * 1400);
		// Drawing always has a power factor.
		expect(
			db.prepare(`SELECT count(*) FROM readings WHERE power > 0 AND NOT pf > 0`).pluck().get()
		).toBe(0);
		const alerts = db
			.prepare(`SELECT rule, port, opened_at FROM alerts WHERE device_id = 1 ORDER BY id`)
			.all() as { rule: string; port: number | null; opened_at: number }[];
		// The iron, kettle-sized loads and a tariff without peak prices open nothing.
		expect(alerts.filter((a) => a.rule === 'HIGH_USAGE' || a.rule === 'PEAK_USAGE')).toEqual([]);
		expect(alerts.length).toBeLessThanOrEqual(3);
	} finally {
		db.close();
	}
});
