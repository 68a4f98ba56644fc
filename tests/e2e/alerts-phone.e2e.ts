import { devices } from '@playwright/test';
import {
	addDevice,
	expect,
	goOffline,
	goOnline,
	localCount,
	signUpInBrowser,
	test
} from './fixtures';

// A phone, stated here so this test keeps its screen whatever the suite's default becomes.
const { defaultBrowserType, ...pixel7 } = devices['Pixel 7'];
test.use(pixel7);

test('a flapping iron is one card with its count and cost in Taka, and acknowledge all empties the page', async ({
	page,
	context,
	server
}) => {
	const email = await signUpInBrowser(page, server.url);
	const device = await addDevice(server.dbPath, 'Bedroom strip', 4, email);
	const outbox = await page.request.post(`${server.url}/api/outbox`, {
		headers: { origin: server.url },
		data: {
			ops: [
				{
					id: 'op-label-iron-1',
					type: 'port.label',
					deviceId: device.id,
					port: 1,
					label: 'Electric iron'
				},
				{
					id: 'op-threshold-1',
					type: 'thresholds.set',
					deviceId: device.id,
					port: 1,
					values: { highUsageW: 1000 }
				}
			]
		}
	});
	expect(outbox.status()).toBe(200);

	// Over 1,000 W for 20 s, off for 20 s, for 10 minutes: readings every 10 s, sent in
	// batches of 30 s as a strip uploads.
	const t0 = Date.now() - 11 * 60_000;
	const frames = Array.from({ length: 60 }, (_, i) => {
		const power = i % 4 < 2 ? 1200 : 0;
		return {
			ts: t0 + i * 10_000,
			seq: i,
			ports: [{ port: 1, voltage: 230, current: power / 230, power, pf: power ? 1 : 0 }]
		};
	});
	for (let i = 0; i < frames.length; i += 3) {
		const res = await fetch(`${server.url}/api/v1/readings`, {
			method: 'POST',
			headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
			body: JSON.stringify(frames.slice(i, i + 3))
		});
		expect(res.status).toBe(200);
	}

	await page.goto(`${server.url}/alerts`);
	const cards = page.getByTestId('alert');
	await expect(cards).toHaveCount(1);
	const card = cards.first();
	await expect(card).toHaveAttribute('data-rule', 'HIGH_USAGE');
	await expect(card).toContainText('Bedroom strip · Electric iron');
	await expect(card.getByTestId('alert-count')).toHaveText('15 times');
	await expect(card.getByTestId('alert-cost')).toHaveText(
		/^About ৳\d+\.\d\d a day at the last 24 hours’ use\.$/
	);
	await expect(page.getByRole('heading', { name: 'Today' })).toBeVisible();
	// What to do, and where: the port, its history, its threshold.
	await expect(card).toContainText('Check what is plugged in.');
	await expect(card.getByRole('link', { name: 'Port' })).toHaveAttribute(
		'href',
		`/devices/${device.id}/ports/1`
	);
	await expect(card.getByRole('link', { name: 'Threshold' })).toHaveAttribute(
		'href',
		`/alerts/thresholds#port-${device.id}-1`
	);
	const ack = card.getByRole('button', {
		name: 'Acknowledge high usage on Electric iron',
		exact: true
	});
	await expect(ack).toBeVisible();

	// Made for a thumb on a 412 px screen: nothing sideways, every target at least 44 px.
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(412);
	for (const target of await card.locator('a, button').all()) {
		const box = (await target.boundingBox())!;
		expect(box.height, await target.innerText()).toBeGreaterThanOrEqual(44);
	}

	// With no network the phone's own copy shows the same single card and the same money.
	const cost = (await card.getByTestId('alert-cost').textContent())!;
	await page.evaluate(() => navigator.serviceWorker.ready);
	await expect.poll(() => localCount(page, 'alerts')).toBe(1);
	await goOffline(context);
	await page.reload();
	await expect(page.getByTestId('offline-banner')).toBeVisible();
	await expect(cards).toHaveCount(1);
	await expect(card.getByTestId('alert-cost')).toHaveText(cost);
	await expect(card.getByTestId('alert-count')).toHaveText('15 times');
	await goOnline(context);
	await page.reload();

	await page.getByRole('button', { name: 'Acknowledge all (1)' }).click();
	await expect(cards).toHaveCount(0);
	await expect(page.getByTestId('alerts-empty')).toContainText('Nothing new.');
	// And so it stays on the server: a reload shows no card either.
	await page.reload();
	await expect(page.getByTestId('alerts-empty')).toBeVisible();
	await expect(cards).toHaveCount(0);
});
