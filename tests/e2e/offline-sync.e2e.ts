import Database from 'better-sqlite3';
import { addDevice, expect, signUpInBrowser, test } from './fixtures';

test('an alert acknowledged offline reaches the server exactly once when the network returns', async ({
	page,
	context,
	server
}) => {
	const email = await signUpInBrowser(page, server.url);
	const device = await addDevice(server.dbPath, 'Heater strip', 1, email);
	// Above 1,000 W for well over a minute of device time opens HIGH_USAGE.
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

	await page.goto(`${server.url}/alerts`);
	await page.evaluate(() => navigator.serviceWorker.ready);
	await page.reload();
	await expect(page.locator('[data-testid="alert"][data-rule="HIGH_USAGE"]').first()).toBeVisible();
	await expect
		.poll(() => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name)))
		.toContain('multiplug');

	// No network: the page, its alerts and the dashboard come from the phone.
	await context.setOffline(true);
	await page.reload();
	await expect(page.getByTestId('offline-banner')).toContainText('Offline — showing data from');
	const item = page.locator('[data-testid="alert"][data-rule="HIGH_USAGE"]').first();
	await expect(item.getByTestId('alert-state')).toHaveText('Open');
	await item.getByRole('button', { name: 'Acknowledge' }).click();
	await expect(item.getByTestId('alert-state')).toHaveText('Open · acknowledged');
	await expect(page.getByTestId('offline-banner')).toContainText('1 change waiting to sync');

	const acknowledged = () => {
		const db = new Database(server.dbPath, { readonly: true });
		try {
			return {
				at: db
					.prepare(`SELECT acknowledged_at FROM alerts WHERE rule = 'HIGH_USAGE'`)
					.pluck()
					.get(),
				ops: db.prepare(`SELECT count(*) FROM applied_ops`).pluck().get()
			};
		} finally {
			db.close();
		}
	};
	expect(acknowledged().at).toBeNull();

	await context.setOffline(false);
	await expect.poll(() => acknowledged().ops, { timeout: 20_000 }).toBe(1);
	expect(acknowledged().at).not.toBeNull();
	await expect(page.getByTestId('offline-banner')).toHaveCount(0);
	await expect(page.getByTestId('sync-banner')).toHaveCount(0);

	// Going offline and online again sends nothing more.
	await context.setOffline(true);
	await context.setOffline(false);
	await page.waitForTimeout(2000);
	expect(acknowledged().ops).toBe(1);
});
