import { addDevice, expect, goOffline, goOnline, signUpInBrowser, test } from './fixtures';

const DAY = 86_400_000;
/** The household's date in Dhaka (UTC+6, no DST), `daysAgo` days before now. */
const dhakaDate = (daysAgo: number) =>
	new Date(Date.now() - daysAgo * DAY + 6 * 3_600_000).toISOString().slice(0, 10);

test('this month: the household bill, what the strip adds to it (the same figure on the dashboard), and both offline', async ({
	page,
	context,
	server
}) => {
	const email = await signUpInBrowser(page, server.url);
	const device = await addDevice(server.dbPath, 'Kitchen strip', 2, email);
	// An hour and a half of a 1 kW kettle-and-rice-cooker port, one frame a minute, through the device API.
	const t0 = Date.now() - 95 * 60_000;
	const res = await fetch(`${server.url}/api/v1/readings`, {
		method: 'POST',
		headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
		body: JSON.stringify(
			Array.from({ length: 90 }, (_, i) => ({
				ts: t0 + i * 60_000,
				seq: i + 1,
				ports: [
					{
						port: 1,
						voltage: 230,
						current: 4.35,
						power: 1000,
						energy_wh: 12_000 + i * (1000 / 60)
					},
					{ port: 2, voltage: 230, current: 0.2, power: 40, energy_wh: 300 + i * (40 / 60) }
				]
			}))
		)
	});
	expect(res.status).toBe(200);

	await page.goto(`${server.url}/bills`);
	await expect(page.getByRole('heading', { name: 'What does your whole home use?' })).toBeVisible();

	await page.goto(`${server.url}/bills/tariff`);
	await page
		.getByRole('combobox', { name: /^Tariff/ })
		.selectOption({ label: 'Bangladesh LT-A residential (March 2024) (check against your bill)' });
	await page.getByLabel('Valid from').fill('2024-03-01');
	await page.getByRole('button', { name: 'Save version' }).click();
	await expect(page.getByRole('status')).toContainText('Saved Bangladesh LT-A');
	const meter = page.getByRole('region', { name: 'Your home’s meter' });
	await meter.getByLabel('Sanctioned load (kW)').fill('2');
	await meter.getByLabel('Last reading on the meter (kWh)').fill('5000');
	await meter.getByLabel('Read on').fill(dhakaDate(20));
	await meter.getByRole('button', { name: 'Add my meter' }).click();
	await expect(meter.getByRole('status')).toHaveText('Meter saved.');
	// Ten units a day for the home.
	await meter.getByLabel('Reading (kWh, as the meter shows it)').fill('5180');
	await meter.getByLabel('Read on').fill(dhakaDate(2));
	await meter.getByRole('button', { name: 'Add reading' }).click();
	await expect(meter.getByRole('status')).toHaveText('Reading added.');

	// The rest of the home is estimated to the quarter hour, so within one quarter the bill
	// page and the dashboard price the same month; a quarter that turns between them is read again.
	const quarter = () => Math.floor(Date.now() / 900_000);
	let household = '';
	let basis = '';
	let strips = '';
	for (let attempt = 0; ; attempt++) {
		const q = quarter();
		await page.goto(`${server.url}/bills`);
		household = (await page.getByTestId('household-total').textContent())!.trim();
		basis = (await page.getByTestId('bill-basis').textContent())!.trim();
		strips = (await page.getByTestId('strips-cost').textContent())!.trim();
		expect(household).toMatch(/^৳[\d,]+\.\d\d$/);
		expect(basis).toMatch(/^Estimated from your reading on \w+ \d+ \+ \d+ (days?|h) measured\./);
		expect(basis).toContain('10.0 units a day, learned from your readings');
		expect(strips).toMatch(/^৳\d+\.\d\d$/);
		await expect(page.getByTestId('bill-projected')).toContainText('Projected at the pace of the');

		// The dashboard's "this month" is the strip's share of the same bill.
		await page.goto(server.url);
		try {
			await expect(page.getByTestId('total-month-cost')).toHaveText(strips);
			break;
		} catch (e) {
			if (attempt > 0 || quarter() === q) throw e;
		}
	}

	// Kept on the phone: with no network, the household bill and what it rests on still show.
	await page.evaluate(() => navigator.serviceWorker.ready);
	await expect
		.poll(() =>
			page.evaluate(
				() =>
					new Promise<boolean>((resolve) => {
						const open = indexedDB.open('multiplug');
						open.onsuccess = () => {
							const req = open.result.transaction('meta').objectStore('meta').get('bill');
							req.onsuccess = () => resolve(!!req.result?.value?.household);
							req.onerror = () => resolve(false);
						};
						open.onerror = () => resolve(false);
					})
			)
		)
		.toBe(true);
	await goOffline(context);
	await page.goto(`${server.url}/bills`);
	await expect(page.getByTestId('household-total')).toHaveText(household);
	await expect(page.getByTestId('bill-basis')).toHaveText(basis);
	await expect(page.getByTestId('strips-cost')).toHaveText(strips);
	await goOnline(context);
});
