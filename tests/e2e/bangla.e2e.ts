import { fileURLToPath } from 'node:url';
import mqtt, { type MqttClient } from 'mqtt';
import { TestBroker } from '../helpers/mqtt-broker';
import { startServer, type RunningServer } from '../helpers/server';
import {
	addDevice,
	expect,
	raiseHighUsage,
	signedInPages,
	signUpInBrowser,
	test
} from './fixtures';
import { banglaAudit, chooseBangla, seeDeskLampOnBroker } from './bangla-audit';

// A server with a broker, so the Devices page shows its plugs panel too.
const PRELOAD = fileURLToPath(new URL('../helpers/fake-plug-family.js', import.meta.url));
const broker = new TestBroker();
let server: RunningServer;
let plug: MqttClient;

test.beforeAll(async () => {
	await broker.start();
	server = await startServer({ MQTT_URL: broker.url }, undefined, ['--import', PRELOAD]);
	plug = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, {
		username: TestBroker.USER,
		password: TestBroker.PASSWORD
	});
});

test.afterAll(async () => {
	await plug?.endAsync(true);
	await server?.stop();
	server?.cleanup();
	await broker.stop();
});

test.use({ viewport: { width: 360, height: 740 } });

test('every page in Bangla on a 360 px phone: no English label, Bangla digits, nothing wider than the screen, the phone’s own Bengali font', async ({
	page
}, testInfo) => {
	test.setTimeout(180_000);
	const email = await signUpInBrowser(page, server.url);
	// A household that names its strip in Bangla: every Latin word left is the app's.
	const device = await addDevice(server.dbPath, 'বসার ঘরের স্ট্রিপ', 4, email);
	const alertId = await raiseHighUsage(server, device, 3);
	// The strip reports how it is, as the firmware does on the first frame of a request.
	const health = await fetch(`${server.url}/api/v1/readings`, {
		method: 'POST',
		headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
		body: JSON.stringify({
			ts: Date.now(),
			seq: 9000,
			health: {
				fw: '1.0.0',
				heap: 21456,
				rssi: -67,
				reset: 'Software Watchdog',
				uptime_s: 1830,
				meters_online: [1, 2, 4],
				meter_errors: 12,
				refused_readings: 0
			},
			ports: [{ port: 1, voltage: 230, current: 0.5, power: 115, energy_wh: 40 }]
		})
	});
	expect(health.status).toBe(200);

	await chooseBangla(page, server, email);

	const signedIn = [...signedInPages(device.id, alertId), '/offline', '/no-such-page'];
	const found: string[] = [];
	const audit = banglaAudit(page, testInfo, found);
	const visit = async (path: string, state = '') => {
		await page.goto(`${server.url}${path}`);
		await audit(path, state);
	};
	// The plug's first reading reaches the page once the bridge has seen it.
	await seeDeskLampOnBroker(page, server.url, plug);
	// Bangla from the phone's own fonts: no font file is fetched, and the heading's glyphs
	// come from an installed Bengali font (this machine has Noto Sans Bengali, as Android).
	const fontFiles: string[] = [];
	page.on('request', (r) => {
		if (r.resourceType() === 'font') fontFiles.push(r.url());
	});
	for (const path of signedIn) await visit(path);
	expect(fontFiles).toEqual([]);

	// A strip added here: its token, shown once, and what to do with it.
	await page.goto(`${server.url}/devices`);
	const add = page.locator('form[action="?/add"]');
	await add.getByRole('textbox').fill('রান্নাঘরের স্ট্রিপ');
	await add.getByRole('button').click();
	await expect(page.getByTestId('device-token')).toBeVisible();
	await audit('/devices', 'added-');

	await page.goto(`${server.url}/`);
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('DOM.enable');
	await cdp.send('CSS.enable');
	const { root } = await cdp.send('DOM.getDocument');
	const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: 'h1' });
	const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
	expect(fonts.map((f) => ({ family: f.familyName, custom: f.isCustomFont }))).toContainEqual({
		family: 'Noto Sans Bengali',
		custom: false
	});
	expect(
		await page.evaluate(
			() =>
				parseFloat(getComputedStyle(document.body).lineHeight) /
				parseFloat(getComputedStyle(document.body).fontSize)
		)
	).toBeCloseTo(1.6, 1);

	// The same household on a prepaid meter with a recharge, and a time-of-use tariff: the
	// pages that show those read again.
	const api = (path: string, data: object) =>
		page.request.post(`${server.url}${path}`, { data, headers: { origin: server.url } });
	const today = new Date(Date.now() + 6 * 3_600_000).toISOString().slice(0, 10);
	for (const [path, data] of [
		['/api/meter', { action: 'save', kind: 'prepaid', phase: 'single', sanctionedLoadKw: 2 }],
		['/api/meter', { action: 'recharge', amount: '1000', date: today }],
		['/api/meter', { action: 'balance', amount: '640', date: today }],
		[
			'/api/tariffs',
			{
				name: 'Time of use',
				validFrom: '2026-01-01',
				currency: 'BDT',
				energy: {
					kind: 'tou',
					defaultRate: 6,
					windows: [{ name: 'Peak', start: '17:00', end: '23:00', rate: 10 }]
				}
			}
		]
	] as const)
		expect((await api(path, data)).ok(), path).toBe(true);
	for (const path of ['/', '/bills', '/bills/tariff']) await visit(path, 'prepaid-tou-');

	// Signed out, the device keeps the account's language.
	await page.goto(`${server.url}/more`);
	await page.getByRole('button', { name: 'লগ আউট' }).click();
	await page.getByTestId('logout-dialog').getByRole('button', { name: 'লগ আউট করে মুছুন' }).click();
	await page.waitForURL(/\/login/);
	for (const path of ['/login', '/signup']) await visit(path);

	expect(found).toEqual([]);
});
