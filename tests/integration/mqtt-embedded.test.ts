import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/free-port';
import { signUp, startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;
let port: number;

beforeAll(async () => {
	port = await freePort();
	server = await startServer({ MQTT_EMBEDDED: '1', MQTT_EMBEDDED_PORT: String(port) });
});
afterAll(() => server?.cleanup());

async function metric(name: string): Promise<number> {
	const text = await (await fetch(`${server.url}/metrics`)).text();
	return Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? NaN);
}

/** Whether the broker lets this client in (the connack's verdict). */
async function connects(options: { username?: string; password?: string }): Promise<boolean> {
	const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, { ...options, reconnectPeriod: 0 });
	try {
		return await new Promise<boolean>((resolve) => {
			client.once('connect', () => resolve(true));
			client.once('error', () => resolve(false));
			client.once('close', () => resolve(false));
		});
	} finally {
		client.end(true);
	}
}

describe('the embedded MQTT broker', () => {
	it('lets in only its account, whose generated password only the server’s owner is shown; the bridge uses it', async () => {
		const owner = await signUp(server.url);
		const other = await signUp(server.url);
		const page = await (
			await fetch(`${server.url}/devices`, { headers: { cookie: owner.cookie } })
		).text();
		// Read without Svelte's hydration markers, which sit around the sentence's parts.
		const login =
			/the username\s+<code[^>]*>([^<]+)<\/code> and the password <code[^>]*>([^<]+)<\/code>/.exec(
				page.replace(/<!--[^>]*-->/g, '')
			);
		expect(login).not.toBeNull();
		const [, username, password] = login!;
		expect(username).toBe('multiplug');
		expect(password!.length).toBeGreaterThanOrEqual(20);
		const theirs = await (
			await fetch(`${server.url}/devices`, { headers: { cookie: other.cookie } })
		).text();
		expect(theirs).toContain('Plugs on your broker');
		expect(theirs).not.toContain(password);

		// On PostgreSQL the bridge and its broker start once this process is the leader.
		const end = Date.now() + 20_000;
		while ((await metric('multiplug_mqtt_connected')) !== 1 && Date.now() < end) {
			await new Promise((r) => setTimeout(r, 100));
		}
		expect(await metric('multiplug_mqtt_connected')).toBe(1);
		expect(await connects({})).toBe(false);
		expect(await connects({ username, password: 'not-the-password' })).toBe(false);
		expect(await connects({ username: 'someone', password })).toBe(false);
		expect(await connects({ username, password })).toBe(true);
	});
});
