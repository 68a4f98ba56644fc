import { fileURLToPath } from 'node:url';
import mqtt, { type MqttClient } from 'mqtt';
import { TestBroker } from '../helpers/mqtt-broker';
import { startServer, type RunningServer } from '../helpers/server';
import { expect, signUpInBrowser, test } from './fixtures';
import { overflow, smallTargets } from './phone-audit';

/**
 * A household with a metering plug on its broker: the Devices page offers the plug, a tap
 * adds it, and another tap shows the ports to Home Assistant. The plug is the tests' own
 * family (tests/helpers/fake-plug-family.js); the broker runs in this process.
 */
const PRELOAD = fileURLToPath(new URL('../helpers/fake-plug-family.js', import.meta.url));
const broker = new TestBroker();
let server: RunningServer;
let world: MqttClient;
const heard: string[] = [];

test.beforeAll(async () => {
	await broker.start();
	server = await startServer({ MQTT_URL: broker.url }, undefined, ['--import', PRELOAD]);
	world = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, {
		username: TestBroker.USER,
		password: TestBroker.PASSWORD
	});
	world.on('message', (topic) => heard.push(topic));
	await world.subscribeAsync('homeassistant/#');
});

test.afterAll(async () => {
	await world?.endAsync(true);
	await server?.stop();
	server?.cleanup();
	await broker.stop();
});

test('a plug on the broker is added with a tap, and shown to Home Assistant with another', async ({
	page
}) => {
	await world.publishAsync(
		'fakeplug/desk-lamp/reading',
		JSON.stringify({
			name: 'Desk lamp plug',
			ports: [{ port: 1, voltage: 230, current: 0.1, power: 23, energy_wh: 5 }]
		})
	);
	await signUpInBrowser(page, server.url);
	await expect(async () => {
		await page.reload();
		await expect(page.getByText('Found on your broker: 1 plug.')).toBeVisible({ timeout: 500 });
	}).toPass({ timeout: 15_000 });

	expect(await overflow(page)).toBe(0);
	expect(await smallTargets(page)).toEqual([]);

	await page.getByRole('button', { name: 'Add Desk lamp plug' }).click();
	await expect(page.getByRole('link', { name: 'Desk lamp plug' })).toBeVisible();
	await expect(page.getByText('No new plug on your broker.')).toBeVisible();

	await page.getByRole('button', { name: 'Show them to Home Assistant' }).click();
	await expect(
		page.getByText('Home Assistant sees your ports: power, energy, cost and switch.')
	).toBeVisible();
	await expect
		.poll(
			() =>
				heard.filter((t) => /^homeassistant\/switch\/multiplug_\d+\/port1_relay\/config$/.test(t))
					.length
		)
		.toBe(1);
	await expect(page.getByRole('button', { name: 'Hide them from Home Assistant' })).toBeVisible();
});
