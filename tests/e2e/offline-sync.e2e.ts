import Database from 'better-sqlite3';
import {
	addDevice,
	expect,
	goOffline,
	goOnline,
	localCount,
	raiseHighUsage,
	signUpInBrowser,
	test
} from './fixtures';

test('an alert acknowledged offline reaches the server exactly once when the network returns', async ({
	page,
	context,
	server
}) => {
	const email = await signUpInBrowser(page, server.url);
	const device = await addDevice(server.dbPath, 'Heater strip', 1, email);
	// Above 3,300 W for well over a minute of device time opens HIGH_USAGE.
	await raiseHighUsage(server, device);

	// Visit the pages once while online, as a person would before losing signal.
	await page.goto(`${server.url}/alerts`);
	await page.evaluate(() => navigator.serviceWorker.ready);
	await page.reload();
	await page.goto(`${server.url}/bills`);
	const total = (await page.getByTestId('strips-cost').textContent())!.trim();
	expect(total).toMatch(/\d/);
	await page.goto(server.url);
	await expect(page.getByRole('heading', { name: 'Heater strip' })).toBeVisible();
	await page.goto(`${server.url}/alerts`);
	await expect(page.locator('[data-testid="alert"][data-rule="HIGH_USAGE"]').first()).toBeVisible();
	await expect
		.poll(() => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name)))
		.toContain('multiplug');
	// The first pull has stored the alert on the phone (it waits for the socket, up to 3 s).
	await expect.poll(() => localCount(page, 'alerts')).toBeGreaterThan(0);

	// No network: the dashboard, this month's bill and the alerts come from the phone.
	await goOffline(context);
	await page.goto(server.url);
	await expect(page.getByRole('heading', { name: 'Heater strip' })).toBeVisible();
	await page.goto(`${server.url}/bills`);
	await expect(page.getByTestId('strips-cost')).toHaveText(total);
	await page.goto(`${server.url}/alerts`);
	await expect(page.getByTestId('offline-banner')).toContainText('Offline — showing data from');
	const item = page.locator('[data-testid="alert"][data-rule="HIGH_USAGE"]').first();
	await expect(item.getByTestId('alert-state')).toHaveText('Open');
	await item.getByRole('button', { name: 'Acknowledge' }).click();
	// Acknowledged on the phone at once: the card leaves for the list of seen alerts.
	await expect(item).toHaveCount(0);
	await expect(page.getByTestId('alert-seen')).toHaveCount(1);
	await expect(page.getByTestId('offline-banner')).toContainText('1 change waiting to sync');

	// This account's alert and ops only: other tests share the server.
	const acknowledged = () => {
		const db = new Database(server.dbPath, { readonly: true });
		try {
			const owner = db.prepare(`SELECT owner_id FROM devices WHERE id = ?`).pluck().get(device.id);
			return {
				at: db
					.prepare(`SELECT acknowledged_at FROM alerts WHERE rule = 'HIGH_USAGE' AND device_id = ?`)
					.pluck()
					.get(device.id),
				ops: db.prepare(`SELECT count(*) FROM applied_ops WHERE user_id = ?`).pluck().get(owner)
			};
		} finally {
			db.close();
		}
	};
	expect(acknowledged()).toEqual({ at: null, ops: 0 });

	await goOnline(context);
	await expect.poll(() => acknowledged().ops, { timeout: 20_000 }).toBe(1);
	expect(acknowledged().at).not.toBeNull();
	await expect(page.getByTestId('offline-banner')).toHaveCount(0);
	await expect(page.getByTestId('sync-banner')).toHaveCount(0);

	// Going offline and online again sends nothing more.
	await goOffline(context);
	await goOnline(context);
	await page.waitForTimeout(2000);
	expect(acknowledged().ops).toBe(1);
});

test('a threshold and a tariff changed offline show at once and reach the server once, online again', async ({
	page,
	context,
	server
}) => {
	const email = await signUpInBrowser(page, server.url);
	const device = await addDevice(server.dbPath, 'Kitchen strip', 2, email);

	// Visit both pages online once; the service worker and a first sync are in place.
	await page.goto(`${server.url}/alerts/thresholds`);
	await page.evaluate(() => navigator.serviceWorker.ready);
	await page.reload();
	await page.goto(`${server.url}/bills/tariff`);
	await page.goto(`${server.url}/alerts/thresholds`);
	await expect.poll(() => localCount(page, 'thresholds')).toBe(2);

	const stored = () => {
		const db = new Database(server.dbPath, { readonly: true });
		try {
			const owner = db.prepare(`SELECT owner_id FROM devices WHERE id = ?`).pluck().get(device.id);
			return {
				// No row yet: the default.
				peakW:
					db
						.prepare(`SELECT peak_w FROM alert_thresholds WHERE device_id = ? AND port = 1`)
						.pluck()
						.get(device.id) ?? null,
				tariffs: db.prepare(`SELECT valid_from FROM tariffs WHERE user_id = ?`).pluck().all(owner),
				ops: db.prepare(`SELECT count(*) FROM applied_ops WHERE user_id = ?`).pluck().get(owner)
			};
		} finally {
			db.close();
		}
	};

	await goOffline(context);
	await page.goto(`${server.url}/alerts/thresholds`);
	const port1 = page.locator(`[data-testid="thresholds"][data-port="${device.id}:1"]`);
	await port1.getByLabel('Peak hours (W)').fill('650');
	await port1.getByRole('button', { name: 'Save' }).click();
	await expect(port1.getByRole('status')).toHaveText(
		'Saved on this phone: it is sent when the network is back.'
	);
	await expect(page.getByTestId('offline-banner')).toContainText('1 change waiting to sync');

	await page.goto(`${server.url}/bills/tariff`);
	await page.getByRole('combobox', { name: /^Tariff/ }).selectOption({ label: 'My own flat rate' });
	await page.getByLabel('Valid from').fill('2026-01-01');
	await page.getByLabel('Rate per kWh').fill('9.5');
	await page.getByRole('button', { name: 'Save version' }).click();
	await expect(page.getByRole('region', { name: 'Add a version' }).getByRole('status')).toHaveText(
		'Saved on this phone: it is sent when the network is back.'
	);
	// The phone shows the new version at once, in place of the default rate.
	await expect(page.getByText('Flat rate from 2026-01-01')).toBeVisible();
	await expect(page.getByText('Until you save one')).toHaveCount(0);
	await expect(page.getByTestId('offline-banner')).toContainText('2 changes waiting to sync');
	// Still offline after a reload: the changes are the phone's, not the page's.
	await page.reload();
	await expect(page.getByText('Flat rate from 2026-01-01')).toBeVisible();
	expect(stored()).toEqual({ peakW: null, tariffs: [], ops: 0 });

	await goOnline(context);
	await expect.poll(() => stored().ops, { timeout: 20_000 }).toBe(2);
	expect(stored()).toEqual({ peakW: 650, tariffs: ['2026-01-01'], ops: 2 });
	await expect(page.getByTestId('offline-banner')).toHaveCount(0);
	await expect(page.getByTestId('sync-banner')).toHaveCount(0);
	// The version as the server stored it replaces the phone's copy.
	await expect(page.getByText('Flat rate from 2026-01-01')).toBeVisible();
	await expect(page.getByText('9.50 per kWh')).toBeVisible();

	await goOffline(context);
	await goOnline(context);
	await page.waitForTimeout(2000);
	expect(stored().ops).toBe(2);
});

test('a port labelled offline is shown at once everywhere and saved once online', async ({
	page,
	context,
	server
}) => {
	const email = await signUpInBrowser(page, server.url);
	const device = await addDevice(server.dbPath, 'Hall strip', 2, email);
	await page.goto(`${server.url}/devices/${device.id}`);
	await page.evaluate(() => navigator.serviceWorker.ready);
	await page.reload();
	await page.goto(server.url);
	await expect(page.locator('[data-source="local"]')).toBeVisible();
	// Rendered from the phone's database: the first pull has stored the strip.
	await expect(page.getByRole('heading', { name: 'Hall strip' })).toBeVisible();
	await page.goto(`${server.url}/devices/${device.id}`);

	const label = () => {
		const db = new Database(server.dbPath, { readonly: true });
		try {
			return db
				.prepare(`SELECT label FROM ports WHERE device_id = ? AND port = 2`)
				.pluck()
				.get(device.id);
		} finally {
			db.close();
		}
	};

	await goOffline(context);
	await page.getByLabel('Port 2').fill('Rice cooker');
	await page.getByRole('button', { name: 'Save labels' }).click();
	await expect(
		page.getByText('Saved on this phone: it is sent when the network is back.')
	).toBeVisible();
	// The dashboard, from the phone's database, already calls the port by its new name.
	await page.goto(server.url);
	await expect(page.getByRole('heading', { name: 'Rice cooker' })).toBeVisible();
	expect(label()).toBeNull();

	await goOnline(context);
	await expect.poll(label, { timeout: 20_000 }).toBe('Rice cooker');
});
