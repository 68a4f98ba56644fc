import Database from 'better-sqlite3';
import { addDevice, expect, signUpInBrowser, test } from './fixtures';

/**
 * The phone's half of push: a message delivered to the service worker through the
 * DevTools protocol (as Chrome's DevTools "Push" button does) must show the notification,
 * and tapping it must open the alert. A real push service is out of reach here; the
 * server's half is tests/integration/push.test.ts.
 */
test('a pushed alert shows a notification whose tap opens the alert', async ({
	page,
	context,
	server
}) => {
	const email = await signUpInBrowser(page, server.url);
	const device = await addDevice(server.dbPath, 'Heater strip', 1, email);
	const t0 = Date.now() - 5_000;
	const res = await fetch(`${server.url}/api/v1/readings`, {
		method: 'POST',
		headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
		body: JSON.stringify(
			Array.from({ length: 10 }, (_, i) => ({
				ts: t0 + i * 10_000,
				seq: i,
				ports: [{ port: 1, voltage: 230, current: 8, power: 1840 }]
			}))
		)
	});
	expect(res.status).toBe(200);
	const db = new Database(server.dbPath, { readonly: true });
	const alertId = db
		.prepare(`SELECT id FROM alerts WHERE device_id = ? AND rule = 'HIGH_USAGE'`)
		.pluck()
		.get(device.id) as number;
	db.close();
	expect(alertId).toBeGreaterThan(0);

	await context.grantPermissions(['notifications'], { origin: server.url });
	await page.goto(`${server.url}/settings/notifications`);
	await expect(page.getByRole('heading', { name: 'Notifications', exact: true })).toBeVisible();
	await page.evaluate(() => navigator.serviceWorker.ready);

	const cdp = await context.newCDPSession(page);
	const registrations: { registrationId: string; scopeURL: string }[] = [];
	cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => registrations.push(...e.registrations));
	await cdp.send('ServiceWorker.enable');
	await expect.poll(() => registrations.length).toBeGreaterThan(0);
	const payload = {
		title: 'Warning: High usage',
		body: 'Heater strip · Port 1 — 1,840 W for over a minute',
		alertId,
		url: `/alerts/${alertId}`,
		tag: `HIGH_USAGE-${device.id}-1`,
		severity: 'WARNING'
	};
	await cdp.send('ServiceWorker.deliverPushMessage', {
		origin: server.url,
		registrationId: registrations[0]!.registrationId,
		data: JSON.stringify(payload)
	});

	const shown = () =>
		page.evaluate(async () =>
			(await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({
				title: n.title,
				body: n.body,
				tag: n.tag,
				data: n.data
			}))
		);
	await expect.poll(shown).toEqual([
		{
			title: payload.title,
			body: payload.body,
			tag: payload.tag,
			data: { url: payload.url, alertId }
		}
	]);

	// A tap: Chromium has no protocol command for it, so the click event is dispatched in
	// the worker with the notification it really shows.
	const [worker] = context.serviceWorkers();
	expect(worker).toBeDefined();
	await worker!.evaluate(async () => {
		const sw = self as unknown as ServiceWorkerGlobalScope;
		const [n] = await sw.registration.getNotifications();
		sw.dispatchEvent(
			new NotificationEvent('notificationclick', { notification: n!, action: 'open' })
		);
	});
	await page.waitForURL(`${server.url}/alerts/${alertId}`);
	await expect(page.getByText('High usage').first()).toBeVisible();
	await expect.poll(shown).toEqual([]);

	// "Acknowledge" on the notification acknowledges on the server without opening anything.
	await cdp.send('ServiceWorker.deliverPushMessage', {
		origin: server.url,
		registrationId: registrations[0]!.registrationId,
		data: JSON.stringify(payload)
	});
	await expect.poll(async () => (await shown()).length).toBe(1);
	await worker!.evaluate(async () => {
		const sw = self as unknown as ServiceWorkerGlobalScope;
		const [n] = await sw.registration.getNotifications();
		sw.dispatchEvent(
			new NotificationEvent('notificationclick', { notification: n!, action: 'acknowledge' })
		);
	});
	const acknowledgedAt = () => {
		const db = new Database(server.dbPath, { readonly: true });
		try {
			return db.prepare(`SELECT acknowledged_at FROM alerts WHERE id = ?`).pluck().get(alertId);
		} finally {
			db.close();
		}
	};
	await expect.poll(acknowledgedAt).not.toBeNull();
	expect(page.url()).toBe(`${server.url}/alerts/${alertId}`);
});

test('Acknowledge tapped with no network waits in the outbox and reaches the server once', async ({
	page,
	context,
	server
}) => {
	const email = await signUpInBrowser(page, server.url);
	const device = await addDevice(server.dbPath, 'Kettle strip', 1, email);
	const t0 = Date.now() - 5_000;
	await fetch(`${server.url}/api/v1/readings`, {
		method: 'POST',
		headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
		body: JSON.stringify(
			Array.from({ length: 10 }, (_, i) => ({
				ts: t0 + i * 10_000,
				seq: i,
				ports: [{ port: 1, voltage: 230, current: 8, power: 1840 }]
			}))
		)
	});
	const read = <T>(sql: string, ...args: unknown[]) => {
		const db = new Database(server.dbPath, { readonly: true });
		try {
			return db
				.prepare(sql)
				.pluck()
				.get(...args) as T;
		} finally {
			db.close();
		}
	};
	const alertId = read<number>(`SELECT id FROM alerts WHERE device_id = ?`, device.id);
	await context.grantPermissions(['notifications'], { origin: server.url });
	await page.goto(`${server.url}/alerts`);
	await page.evaluate(() => navigator.serviceWorker.ready);
	await expect(page.locator('[data-testid="alert"]').first()).toBeVisible();

	const cdp = await context.newCDPSession(page);
	const registrations: { registrationId: string }[] = [];
	cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => registrations.push(...e.registrations));
	await cdp.send('ServiceWorker.enable');
	await expect.poll(() => registrations.length).toBeGreaterThan(0);

	await context.setOffline(true);
	await cdp.send('ServiceWorker.deliverPushMessage', {
		origin: server.url,
		registrationId: registrations[0]!.registrationId,
		data: JSON.stringify({
			title: 'Warning: High usage',
			body: 'Kettle strip · Port 1',
			alertId,
			url: `/alerts/${alertId}`,
			tag: `HIGH_USAGE-${device.id}-1`,
			severity: 'WARNING'
		})
	});
	const [worker] = context.serviceWorkers();
	await expect
		.poll(() =>
			worker!.evaluate(
				async () =>
					(await (self as unknown as ServiceWorkerGlobalScope).registration.getNotifications())
						.length
			)
		)
		.toBe(1);
	await worker!.evaluate(async () => {
		const sw = self as unknown as ServiceWorkerGlobalScope;
		const [n] = await sw.registration.getNotifications();
		sw.dispatchEvent(
			new NotificationEvent('notificationclick', { notification: n!, action: 'acknowledge' })
		);
	});
	// Offline: the open app shows it acknowledged and one change waiting.
	await expect(page.getByTestId('offline-banner')).toContainText('1 change waiting to sync');
	expect(read(`SELECT acknowledged_at FROM alerts WHERE id = ?`, alertId)).toBeNull();

	await context.setOffline(false);
	await expect
		.poll(() => read(`SELECT acknowledged_at FROM alerts WHERE id = ?`, alertId))
		.not.toBeNull();
	await expect(page.getByTestId('offline-banner')).toBeHidden();
	expect(
		read(
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
