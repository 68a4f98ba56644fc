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
	// Each fact as its term and value, with Svelte's markers and the spacing taken out.
	const html = (await page()).replace(/<!--.*?-->/g, '').replace(/\s+/g, ' ');
	const fact = (term: string, value: string) =>
		expect(html).toMatch(
			new RegExp(`<dt[^>]*>${term}</dt> ?<dd[^>]*> ?${value.replace(/[()]/g, '\\$&')} ?</dd>`)
		);
	fact('Wi-Fi signal', 'Fair (-67 dBm)');
	fact('Firmware', '1.0.0');
	fact('Running for', '31 min · last restart: Software Watchdog');
	fact(
		'Meters answering',
		'none — a port whose meter is silent is switched off unless it is critical'
	);
	fact('Energy readings not believed \\(glitches\\)', '1');
	// Last contact is the server's receive time, written every few seconds.
	await expect
		.poll(
			async () => /data-testid="last-contact"[^>]*>\s*(just now|\d+ s ago)/.test(await page()),
			{
				timeout: 15_000
			}
		)
		.toBe(true);
	// Another household's strip page stays closed to this one.
	const stranger = await signUp(server.url);
	const other = await fetch(`${server.url}/devices/${device.id}`, {
		headers: { cookie: stranger.cookie }
	});
	expect(other.status).toBe(404);
});
