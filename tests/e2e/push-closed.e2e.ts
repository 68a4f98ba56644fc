import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeBrowser, PushService, selfSignedCert } from '../helpers/push-service';
import { addDevice, startServer, type RunningServer } from '../helpers/server';
import { expect, raiseHighUsage, signUpInBrowser, test } from './fixtures';
import { pushDevTools } from './push-devtools';

/**
 * The whole chain with the app closed: readings open an alert on the real server, which
 * encrypts and sends it to a push service (a local HTTPS stand-in for the browser vendor's,
 * since this machine cannot reach FCM); the stand-in decrypts it, as the vendor's browser
 * end would, and hands it to Chromium's service worker through the DevTools protocol; the
 * worker shows the notification while no page of the app is open.
 */
let dir: string;
let service: PushService;
let server: RunningServer;

test.beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'multiplug-push-e2e-'));
	const tls = selfSignedCert(dir);
	service = new PushService();
	await service.start(tls.key, tls.certPem);
	server = await startServer(
		{ NODE_EXTRA_CA_CERTS: tls.cert, PUSH_SERVICE_HOSTS: '127.0.0.1' },
		dir
	);
});

test.afterAll(async () => {
	await server?.stop();
	service?.server.close();
	rmSync(dir, { recursive: true, force: true });
});

test('with the app closed, an alert arrives as a notification that names it', async ({
	page,
	context
}) => {
	const email = await signUpInBrowser(page, server.url);
	const device = await addDevice(server.dbPath, 'Garage strip', 2, email);
	await context.grantPermissions(['notifications'], { origin: server.url });
	await page.goto(`${server.url}/settings/notifications`);
	await page.evaluate(() => navigator.serviceWorker.ready);

	// This browser's subscription, with keys the stand-in push service holds.
	const browser = new FakeBrowser(`${service.url}/push/garage`);
	const sub = await page.request.post(`${server.url}/api/push/subscriptions`, {
		data: browser.toJSON(),
		headers: { origin: server.url }
	});
	expect(sub.status()).toBe(201);

	// The app closes; a blank tab keeps the browser (and its DevTools session) alive.
	const blank = await context.newPage();
	await page.close();
	const push = await pushDevTools(context, blank, server.url);
	// Each delivery is awaited before the test ends: one still polling for its notification
	// after the context had closed failed the next test (push.e2e) with a TypeError.
	const deliveries: Promise<void>[] = [];
	service.onMessage = (m) => {
		if (m.path === '/push/garage') deliveries.push(push.deliver(browser.decrypt(m)));
	};

	// A strip reports 1,840 W on port 2 for a minute and a half: HIGH_USAGE opens.
	const alertId = await raiseHighUsage(server, device, 2);
	await service.waitFor('/push/garage');
	await expect.poll(push.shown).toEqual([
		{
			title: 'Warning: High usage',
			body: expect.stringContaining('Garage strip · Port 2'),
			tag: `HIGH_USAGE-${device.id}-2`,
			data: { url: `/alerts/${alertId}`, alertId }
		}
	]);
	expect(context.pages().map((p) => p.url())).toEqual(['about:blank']);
	service.onMessage = () => {};
	await Promise.all(deliveries);

	// Opening a window from a tap needs a real one: Chromium lets a worker call
	// clients.openWindow only inside a click it delivered itself, which no protocol command
	// can produce. push.e2e.ts taps with the app open (the worker navigates that window).
});
