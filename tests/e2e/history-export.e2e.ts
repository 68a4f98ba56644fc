import { addDevice, expect, signUpInBrowser, test } from './fixtures';

test('history draws power live with uPlot, and export downloads files named by their range', async ({
	page,
	server
}) => {
	const email = await signUpInBrowser(page, server.url);
	const device = await addDevice(server.dbPath, 'Chart strip', 2, email);
	const now = Date.now();
	// Ten minutes at one frame every 10 s: every bin of the last-hour chart since then has a value.
	const frames = Array.from({ length: 60 }, (_, i) => ({
		ts: now - (60 - i) * 10_000,
		seq: i,
		ports: [
			{ port: 1, voltage: 230, current: 0.5, power: 100 + i },
			{ port: 2, voltage: 230, current: 0.1, power: 20 }
		]
	}));
	const res = await fetch(`${server.url}/api/v1/readings`, {
		method: 'POST',
		headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
		body: JSON.stringify(frames)
	});
	expect(res.status).toBe(200);

	// uPlot is not part of the dashboard's scripts: it arrives with the history page.
	const scripts: string[] = [];
	page.on('response', (r) => {
		if (r.request().resourceType() === 'script') scripts.push(r.url());
	});
	await page.goto(server.url);
	await expect(page.getByRole('heading', { name: 'Chart strip' })).toBeVisible();
	const dashboardScripts = scripts.length;

	await page.getByRole('link', { name: 'History' }).click();
	await page.getByRole('button', { name: 'Last hour' }).click();
	const chart = page.getByRole('figure', { name: 'Power (W) over time' });
	await expect(chart.locator('canvas')).toHaveCount(1);
	await expect(chart).toContainText('Chart strip · Port 1');
	expect(scripts.length).toBeGreaterThan(dashboardScripts);

	// A thumb on the chart reads the values under it.
	const box = (await chart.locator('.u-over').boundingBox())!;
	await page.touchscreen.tap(box.x + box.width * 0.95, box.y + box.height / 2); // 3 min ago
	const legend = chart.locator('.u-legend');
	await expect(legend).toContainText(/Chart strip · Port 1\s*1\d\d W/);

	// Export is under More: two taps away.
	await page.getByTestId('tab-bar').getByRole('link', { name: 'More' }).click();
	await page.getByRole('link', { name: /^Export/ }).click();
	await page.getByLabel('From').fill('2026-01-01');
	await page.getByLabel('To').fill('2026-01-31');
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Daily summary (CSV)' }).click();
	expect((await download).suggestedFilename()).toBe('multiplug-summary_2026-01-01_2026-01-31.csv');
});
