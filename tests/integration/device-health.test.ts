import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
	addDevice,
	post,
	signUp,
	startServer,
	type Account,
	type RunningServer
} from '../helpers/server';

let server: RunningServer;
let account: Account;

beforeAll(async () => {
	server = await startServer();
	account = await signUp(server.url);
});
afterAll(async () => {
	await server.stop();
	server.cleanup();
});

it('keeps what a strip says about itself, even with no meter answering, and shows it on its page', async () => {
	const device = await addDevice(server.dbPath, 'Health strip', 4, account.email);
	const page = () =>
		fetch(`${server.url}/devices/${device.id}`, { headers: { cookie: account.cookie } }).then((r) =>
			r.text()
		);
	expect(await page()).toContain('has not reported on itself yet');
	// The firmware's heartbeat frames (the golden file), moved to now.
	const golden = JSON.parse(readFileSync('tests/contract/readings-heartbeat.json', 'utf8')) as {
		ts: number;
	}[];
	const shift = Date.now() - 60_000 - golden[0]!.ts;
	const res = await post(
		server.url,
		'/api/v1/readings',
		device.token,
		golden.map((f) => ({ ...f, ts: f.ts + shift }))
	);
	expect(res.status).toBe(200);
	const html = await page();
	expect(html).toContain('Wi-Fi signal: -67 dBm (fair)');
	expect(html).toContain('Meters answering: none');
	expect(html).toContain('Last restart: Software Watchdog');
	expect(html).toContain('Energy readings not believed (glitches): 1');
	// Another household's strip page stays closed to this one.
	const stranger = await signUp(server.url);
	const other = await fetch(`${server.url}/devices/${device.id}`, {
		headers: { cookie: stranger.cookie }
	});
	expect(other.status).toBe(404);
});
