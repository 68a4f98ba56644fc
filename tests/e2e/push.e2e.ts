import {
	addDevice,
	expect,
	goOffline,
	goOnline,
	raiseHighUsage,
	readOne,
	signUpInBrowser,
	test
} from './fixtures';
import { pushDevTools } from './push-devtools';

/**
 * The phone's half of push: a message delivered to the service worker through the
 * DevTools protocol (as Chrome's DevTools "Push" button does) must show the notification,
 * and tapping it must open the alert. The server's half is tests/integration/push.test.ts;
 * push-closed.e2e.ts joins the two with the app closed.
 */
const payloadFor = (alertId: number, deviceId: number, name: string) => ({
	title: 'Warning: High usage',
	body: `${name} · Port 1 — 1,840 W for over a minute`,
	alertId,
	url: `/alerts/${alertId}`,
	tag: `HIGH_USAGE-${deviceId}-1`,
	severity: 'WARNING'
});

test('a pushed alert shows a notification whose tap opens the alert', async ({
	page,
	context,
	server
}) => {
	const email = await signUpInBrowser(page, server.url);
	const device = await addDevice(server.dbPath, 'Heater strip', 1, email);
	const alertId = await raiseHighUsage(server, device);

	await context.grantPermissions(['notifications'], { origin: server.url });
	await page.goto(`${server.url}/settings/notifications`);
	await expect(page.getByRole('heading', { name: 'Notifications', exact: true })).toBeVisible();
	await page.evaluate(() => navigator.serviceWorker.ready);
	const push = await pushDevTools(context, page, server.url);

	const payload = payloadFor(alertId, device.id, 'Heater strip');
	await push.deliver(payload);
	await expect.poll(push.shown).toEqual([
		{
			title: payload.title,
			body: payload.body,
			tag: payload.tag,
			data: { url: payload.url, alertId }
		}
	]);

	// With the app open, the worker takes that window to the alert.
	await push.tap('open');
	await page.waitForURL(`${server.url}/alerts/${alertId}`);
	await expect(page.getByText('High usage').first()).toBeVisible();
	await expect.poll(push.shown).toEqual([]);

	// "Acknowledge" on the notification acknowledges on the server without opening anything.
	await push.deliver(payload);
	await expect.poll(async () => (await push.shown()).length).toBe(1);
	await push.tap('acknowledge');
	await expect
		.poll(() => readOne(server.dbPath, `SELECT acknowledged_at FROM alerts WHERE id = ?`, alertId))
		.not.toBeNull();
	expect(page.url()).toBe(`${server.url}/alerts/${alertId}`);
});

test('Acknowledge tapped with no network waits in the outbox and reaches the server once', async ({
	page,
	context,
	server
}) => {
	const email = await signUpInBrowser(page, server.url);
	const device = await addDevice(server.dbPath, 'Kettle strip', 1, email);
	const alertId = await raiseHighUsage(server, device);
	const acknowledgedAt = () =>
		readOne(server.dbPath, `SELECT acknowledged_at FROM alerts WHERE id = ?`, alertId);

	await context.grantPermissions(['notifications'], { origin: server.url });
	await page.goto(`${server.url}/alerts`);
	await page.evaluate(() => navigator.serviceWorker.ready);
	// A hard reload, as a tab opened before the worker took charge: the worker does not
	// control it, and must still tell it about the queued change.
	const cdp = await context.newCDPSession(page);
	await cdp.send('Page.reload', { ignoreCache: true });
	await expect(page.locator('[data-testid="alert"]').first()).toBeVisible();
	expect(await page.evaluate(() => navigator.serviceWorker.controller)).toBeNull();
	const push = await pushDevTools(context, page, server.url);

	// The notice arrives while there is signal; the tap comes after the signal is gone.
	await push.deliver(payloadFor(alertId, device.id, 'Kettle strip'));
	await expect.poll(async () => (await push.shown()).length).toBe(1);
	await goOffline(context);
	await push.tap('acknowledge');
	// Offline: the open app shows it acknowledged and one change waiting.
	await expect(page.getByTestId('offline-banner')).toContainText('1 change waiting to sync');
	expect(acknowledgedAt()).toBeNull();

	await goOnline(context);
	await expect.poll(acknowledgedAt).not.toBeNull();
	await expect(page.getByTestId('offline-banner')).toBeHidden();
	expect(
		readOne(
			server.dbPath,
			`SELECT count(*) FROM applied_ops WHERE user_id = (SELECT owner_id FROM devices WHERE id = ?)`,
			device.id
		)
	).toBe(1);
});

test('notification settings: preferences are saved, and a test needs a browser first', async ({
	page,
	server
}) => {
	await signUpInBrowser(page, server.url);
	await page.goto(`${server.url}/settings`);
	await page.getByRole('link', { name: 'Notification settings' }).click();
	await expect(page.getByTestId('push-state')).toHaveText('Off.');
	await expect(
		page.getByRole('button', { name: 'Turn on notifications for this browser' })
	).toBeEnabled();

	await page.getByLabel('Info (advice)').check();
	await page.getByLabel('Hold notifications back during quiet hours').check();
	await page.getByLabel('From', { exact: true }).fill('23:00');
	await page.getByLabel('To', { exact: true }).fill('06:30');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
	await page.reload();
	await expect(page.getByLabel('Info (advice)')).toBeChecked();
	await expect(page.getByLabel('From', { exact: true })).toHaveValue('23:00');
	await expect(page.getByLabel('To', { exact: true })).toHaveValue('06:30');

	await page.getByRole('button', { name: 'Send a test notification' }).click();
	await expect(
		page.getByRole('status').filter({ hasText: 'No browser has notifications on' })
	).toBeVisible();
});
