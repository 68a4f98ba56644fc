import {
	addDevice,
	expect,
	goOffline,
	goOnline,
	localCount,
	signUpInBrowser,
	test
} from './fixtures';

const DAY = 86_400_000;

test('a prepaid household recharges, notes the balance, sees when it runs out, and recharges offline', async ({
	page,
	context,
	server
}) => {
	const email = await signUpInBrowser(page, server.url);
	const device = await addDevice(server.dbPath, 'Prepaid strip', 1, email);
	// Two days of a 200 W load, a frame every 5 minutes, through the device API.
	const t0 = Date.now() - 2 * DAY;
	const res = await fetch(`${server.url}/api/v1/readings`, {
		method: 'POST',
		headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
		body: JSON.stringify(
			Array.from({ length: 576 }, (_, i) => ({
				ts: t0 + i * 300_000,
				seq: i + 1,
				ports: [
					{ port: 1, voltage: 230, current: 0.87, power: 200, energy_wh: 500 + i * (200 / 12) }
				]
			}))
		)
	});
	expect(res.status).toBe(200);

	await page.goto(`${server.url}/bills/tariff`);
	const meter = page.getByRole('region', { name: 'Your home’s meter' });
	await meter.getByRole('radio', { name: /^Prepaid/ }).check();
	await meter.getByLabel('Sanctioned load (kW)').fill('2');
	await meter.getByLabel(/^About how many units a month/).fill('150');
	await meter.getByRole('button', { name: 'Add my meter' }).click();
	await expect(meter.getByRole('status')).toHaveText('Meter saved.');

	await page.goto(`${server.url}/bills`);
	const panel = page.getByRole('region', { name: 'Prepaid balance (estimated)' });
	await expect(panel.getByTestId('prepaid-empty')).toBeVisible();
	await panel.getByRole('form', { name: 'Add a recharge' }).getByLabel('Amount').fill('500');
	await panel.getByLabel('Token number (optional)').fill('1234 5678 9012');
	await panel.getByRole('button', { name: 'Add recharge' }).click();
	await expect(panel.getByRole('status')).toHaveText('Recharge added.');
	// 500 and no fixed charges under the default flat tariff; a few seconds of 200 W since.
	await expect(panel.getByTestId('prepaid-balance')).toHaveText(/^৳(499\.9\d|500\.00)$/);
	await panel.getByRole('form', { name: 'Note the balance' }).getByLabel('Balance').fill('450');
	await panel.getByRole('button', { name: 'Note balance' }).click();
	await expect(panel.getByRole('status')).toHaveText('Balance noted.');
	await expect(panel.getByTestId('prepaid-balance')).toHaveText(/^৳4(49\.9\d|50\.00)$/);
	await expect(panel.getByTestId('prepaid-runout')).toContainText(
		/Runs out \w{3}, \w{3} \d+, (morning|afternoon|evening|night)/
	);
	await expect(panel.getByTestId('prepaid-basis')).toContainText('From the meter’s ৳450.00');
	await expect(panel.getByRole('img', { name: /^Balance from / })).toBeVisible();
	await page.goto(server.url);
	await expect(page.getByTestId('dashboard-balance')).toHaveText(/^৳4(49\.9\d|50\.00)$/);

	// No network: the balance and its forecast still show, and a recharge waits in the outbox.
	await page.goto(`${server.url}/bills`);
	const runout = (await panel.getByTestId('prepaid-runout').textContent())!.trim();
	await expect.poll(() => localCount(page, 'meta')).toBeGreaterThan(0);
	await goOffline(context);
	await page.goto(`${server.url}/bills`);
	await expect(panel.getByTestId('prepaid-balance')).toHaveText(/^৳4(49\.9\d|50\.00)$/);
	await expect(panel.getByTestId('prepaid-runout')).toHaveText(runout);
	await panel.getByRole('form', { name: 'Add a recharge' }).getByLabel('Amount').fill('1000');
	await panel.getByRole('button', { name: 'Add recharge' }).click();
	await expect(panel.getByRole('status')).toHaveText(
		'Saved on this phone: it is sent when the network is back.'
	);
	await goOnline(context);
	await expect(panel.getByTestId('prepaid-balance')).toHaveText(/^৳1,4(49\.9\d|50\.00)$/, {
		timeout: 20_000
	});
});
