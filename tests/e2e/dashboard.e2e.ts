import { addDevice, expect, signUpInBrowser, test } from './fixtures';

test('the dashboard shows live values from the simulator without reloading', async ({
	page,
	server,
	simulate
}) => {
	const email = await signUpInBrowser(page, server.url);
	const device = await addDevice(server.dbPath, 'Kitchen strip', 4, email);
	await page.goto(server.url);
	await expect(page.getByRole('heading', { name: 'Kitchen strip' })).toBeVisible();
	await expect(page.getByTestId('connection')).toHaveText('Live');
	// The worker that loads Intl's data off the main thread (static/intl-warm.js) ran and
	// reported back: hydration waited for a promise that settles.
	expect(await page.evaluate(() => window.intlWarm?.then(() => 'warm'))).toBe('warm');

	const cards = page.getByTestId('port-card');
	await expect(cards).toHaveCount(4);
	// Nothing measured yet.
	await expect(cards.first().getByTestId('status')).toHaveText('No data yet');

	simulate(device.token, ['--interval', '1']);

	// The fridge port comes alive: online, with a mains voltage and a power figure.
	const fridge = cards.filter({ has: page.getByRole('heading', { name: 'Port 1' }) });
	await expect(fridge.getByTestId('status')).toHaveText('Online');
	await expect(fridge.getByTestId('voltage')).toHaveText(/^2[23]\d\.\d V$/);
	await expect(fridge.getByTestId('power')).toHaveText(/^\d[\d,]*\.\d$/);

	// Values keep changing while the page stays put: the voltage wanders with every frame.
	const seen = new Set<string>();
	await expect
		.poll(
			async () => {
				seen.add((await cards.nth(1).getByTestId('voltage').textContent()) ?? '');
				return seen.size;
			},
			{ timeout: 20_000 }
		)
		.toBeGreaterThan(2);
	await expect(page.getByTestId('total-today-kwh')).toHaveText(/kWh$/);
});

test('a port that stops reporting says how long ago it was seen', async ({ page, server }) => {
	const email = await signUpInBrowser(page, server.url);
	const device = await addDevice(server.dbPath, 'Quiet strip', 1, email);
	const ts = Date.now() - 5 * 60_000;
	const res = await fetch(`${server.url}/api/data`, {
		method: 'POST',
		headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
		body: JSON.stringify({ port: 1, voltage: 230, current: 0.2, power: 40, ts })
	});
	expect(res.status).toBe(200);
	await page.goto(server.url);
	const card = page.getByRole('region', { name: /Quiet strip/ }).getByTestId('port-card');
	// The strip itself just reported (the upload arrived now), so it is not called offline:
	// this port's own reading is old, and its figures are unknown rather than 0.
	await expect(card.getByTestId('status')).toHaveText('No reading from this port');
	await expect(card.getByTestId('age')).toContainText(/Last reading\s+5 min ago/);
	await expect(card.getByTestId('power')).toHaveText('—');
});

test("a household with many strips sees every strip's ports, the first ones from the server", async ({
	page,
	server
}) => {
	const email = await signUpInBrowser(page, server.url);
	for (let i = 1; i <= 10; i++) await addDevice(server.dbPath, `Strip ${i}`, 4, email);
	// The server's page has the first eight strips and says more are coming.
	const html = await (await page.request.get(server.url)).text();
	expect(html.match(/data-testid="port-card"/g)).toHaveLength(32);
	expect(html).toContain('Showing 2 more strips…');
	await page.goto(server.url);
	await expect(page.getByTestId('port-card')).toHaveCount(40);
	await expect(page.getByRole('heading', { name: 'Strip 10' })).toBeVisible();
	await expect(page.getByTestId('more-strips')).toHaveCount(0);

	// The alert thresholds likewise: four strips' ports from the server, every port on the phone.
	const thresholds = await (await page.request.get(`${server.url}/alerts/thresholds`)).text();
	expect(thresholds.match(/data-testid="thresholds"/g)).toHaveLength(32);
	expect(thresholds).toContain('Showing 8 more ports…');
	await page.goto(`${server.url}/alerts/thresholds`);
	await expect(page.getByTestId('thresholds')).toHaveCount(40);
	await expect(page.getByTestId('more-ports')).toHaveCount(0);
});
