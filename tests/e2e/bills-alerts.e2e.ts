import Database from 'better-sqlite3';
import { addDevice, expect, signUpInBrowser, test } from './fixtures';

const MJ_PER_KWH = 3_600_000_000;

/** `kwh` spread evenly over 20–25 January 2025 in Dhaka, straight into the server's file. */
function seedJanuary(dbPath: string, deviceId: number, port: number, kwh: number) {
	const db = new Database(dbPath);
	db.pragma('busy_timeout = 5000');
	try {
		const start = Date.UTC(2025, 0, 19, 18); // 20 January 00:00 in Dhaka
		const insert = db.prepare(
			`INSERT INTO energy_buckets (device_id, port, start, energy_mj, runtime_ms, peak_w, samples) VALUES (?, ?, ?, ?, 900000, 400, 90)`
		);
		db.transaction(() => {
			for (let i = 0; i < 576; i++)
				insert.run(deviceId, port, start + i * 900_000, (kwh * MJ_PER_KWH) / 576);
		})();
	} finally {
		db.close();
	}
}

test('a household on LT-A enters its meter and reads its January bill and what the strip adds, in English and Bangla', async ({
	page,
	server
}) => {
	const email = await signUpInBrowser(page, server.url);
	const device = await addDevice(server.dbPath, 'Home strip', 2, email);
	seedJanuary(server.dbPath, device.id, 1, 150);
	seedJanuary(server.dbPath, device.id, 2, 100);

	await page.goto(`${server.url}/bills/tariff`);
	await page
		.getByRole('combobox', { name: /^Tariff/ })
		.selectOption({ label: 'Bangladesh LT-A residential (March 2024) (check against your bill)' });
	await expect(page.getByRole('table', { name: /price per unit/ })).toContainText('12.67');
	await expect(page.getByLabel(/^Meter rent per month/)).toHaveValue('40');
	await page.getByLabel('Valid from').fill('2024-03-01');
	await page.getByRole('button', { name: 'Save version' }).click();
	await expect(page.getByRole('status')).toHaveText(
		'Saved Bangladesh LT-A residential (March 2024) from 2024-03-01.'
	);

	const meter = page.getByRole('region', { name: 'Your home’s meter' });
	await meter.getByRole('radio', { name: /^Postpaid/ }).check();
	await meter.getByRole('radio', { name: 'Single phase' }).check();
	await meter.getByLabel('Sanctioned load (kW)').fill('2');
	await meter.getByLabel('Last reading on the meter (kWh)').fill('10000');
	await meter.getByLabel('Read on').fill('2025-01-03');
	await meter.getByRole('button', { name: 'Add my meter' }).click();
	await expect(meter.getByRole('status')).toHaveText('Meter saved.');
	await meter.getByLabel('Reading (kWh, as the meter shows it)').fill('10325');
	await meter.getByLabel('Read on').fill('2025-01-28');
	await meter.getByRole('button', { name: 'Add reading' }).click();
	await expect(meter.getByRole('status')).toHaveText('Reading added.');
	// A lower reading is refused by name and nothing changes.
	await meter.getByLabel('Reading (kWh, as the meter shows it)').fill('10300');
	await meter.getByLabel('Read on').fill('2025-02-05');
	await meter.getByRole('button', { name: 'Add reading' }).click();
	await expect(meter.getByRole('alert')).toContainText('never runs backwards');
	await expect(meter.getByLabel('Reading (kWh, as the meter shows it)')).toHaveAttribute(
		'aria-invalid',
		'true'
	);
	await expect(meter.getByTestId('meter-readings').getByRole('listitem')).toHaveCount(2);

	await page.goto(`${server.url}/bills?month=2025-01`);
	await expect(page.getByRole('heading', { name: 'Bill for January 2025' })).toBeVisible();
	// 343 units on the meter (see the integration test): the household's bill, and the
	// strip's 250 kWh priced as what they add to it, not as a household of their own.
	await expect(page.getByTestId('household-total')).toHaveText('৳2,646.48');
	await expect(page.getByTestId('bill-basis')).toContainText(
		'Estimated from your reading on Jan 28 + 4 days measured.'
	);
	await expect(page.getByTestId('strips-cost')).toHaveText('৳1,967.97');
	await expect(page.getByText('check against your bill')).toBeVisible();
	await expect(page.getByText('Home strip · Port 1 · 150.00 kWh')).toBeVisible();
	await expect(page.getByText('VAT 5 % of energy and demand')).toBeVisible();
	await expect(page.getByTestId('bill-none')).toHaveCount(0);
	await page.goto(`${server.url}/bills?month=2024-12`);
	await expect(page.getByTestId('bill-none')).toBeVisible();

	await page.goto(`${server.url}/bills/tariff`);
	await page.getByRole('combobox', { name: /^Numbers in/ }).selectOption('bn');
	await page.getByRole('button', { name: 'Save', exact: true }).click();
	await expect(page.getByText('Saved.', { exact: true })).toBeVisible();
	await page.goto(`${server.url}/bills?month=2025-01`);
	await expect(page.getByTestId('household-total')).toHaveText('২,৬৪৬.৪৮৳');
	await expect(page.getByTestId('strips-cost')).toHaveText('১,৯৬৭.৯৭৳');
});

test('an alert raised by readings above the 3,300 W default for a minute appears live, in money, and leaves the cards once acknowledged', async ({
	page,
	server
}) => {
	const email = await signUpInBrowser(page, server.url);
	const device = await addDevice(server.dbPath, 'Workshop strip', 4, email);
	await page.goto(`${server.url}/alerts`);
	await expect(page.getByTestId('connection')).toHaveText('Live');
	await expect(page.getByText('No alerts.')).toBeVisible();

	// A heater on port 2: 3,500 W for 60 s of device time, one frame every 10 s.
	const t0 = Date.now() - 70_000;
	const frames = Array.from({ length: 7 }, (_, i) => ({
		ts: t0 + i * 10_000,
		seq: i,
		ports: [{ port: 2, voltage: 230, current: 15.2, power: 3500 }]
	}));
	const res = await fetch(`${server.url}/api/v1/readings`, {
		method: 'POST',
		headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
		body: JSON.stringify(frames)
	});
	expect(res.status).toBe(200);

	// The household is on the flat seed tariff: no peak-hour alert beside it at any hour.
	await expect(page.getByTestId('alert')).toHaveCount(1);
	const alert = page.locator('[data-testid="alert"][data-rule="HIGH_USAGE"]');
	await expect(alert).toContainText('WARNING');
	await expect(alert).toContainText('Workshop strip · Port 2');
	await expect(alert).toContainText('Above 3,300 W for over a minute (3,500 W)');
	await expect(alert.getByTestId('alert-cost')).toHaveText(
		/^About ৳\d+\.\d\d a day at the last 24 hours’ use\.$/
	);
	await expect(alert.getByTestId('alert-state')).toHaveText('Open');

	await alert
		.getByRole('button', { name: 'Acknowledge high usage on Workshop strip port 2', exact: true })
		.click();
	// Seen: it leaves the cards for the list of acknowledged alerts.
	await expect(alert).toHaveCount(0);
	await expect(page.getByTestId('alert-seen')).toHaveCount(1);

	// More readings above the threshold keep the same alert: no duplicate, no new card.
	await fetch(`${server.url}/api/v1/readings`, {
		method: 'POST',
		headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
		body: JSON.stringify([
			{ ts: t0 + 70_000, seq: 8, ports: [{ port: 2, voltage: 230, current: 16, power: 3600 }] }
		])
	});
	await page.reload();
	await expect(alert).toHaveCount(0);
	await expect(page.getByTestId('alert-seen')).toHaveCount(1);
	await expect(page.getByRole('button', { name: /Acknowledge all/ })).toHaveCount(0);

	// The alert's own page still shows it, open and acknowledged.
	await page.getByText('Acknowledged (1)').click();
	await page.getByTestId('alert-seen').getByRole('link').click();
	await expect(page.getByTestId('alert-state')).toHaveText('Open · acknowledged');
});

test('a household with many alerts sees every card, the newest from the server', async ({
	page,
	server
}) => {
	const email = await signUpInBrowser(page, server.url);
	const device = await addDevice(server.dbPath, 'Busy strip', 4, email);
	const now = Date.now();
	const db = new Database(server.dbPath);
	db.pragma('busy_timeout = 5000');
	try {
		const insert = db.prepare(
			`INSERT INTO alerts (device_id, port, rule, severity, message, opened_at, updated_at, last_at, cleared_at)
			 VALUES (?, 1, 'HIGH_USAGE', 'WARNING', 'Above 3,300 W for over a minute', ?, ?, ?, ?)`
		);
		for (let i = 0; i < 45; i++) {
			const at = now - (i + 1) * 3_600_000;
			insert.run(device.id, at, at, at, at + 60_000); // cleared: one open per rule and port
		}
	} finally {
		db.close();
	}
	// The server's page draws the newest 40 and says the phone is drawing the rest.
	const html = await (await page.request.get(`${server.url}/alerts`)).text();
	expect(html.match(/data-testid="alert"/g)).toHaveLength(40);
	expect(html).toContain('Showing 5 more alerts…');
	await page.goto(`${server.url}/alerts`);
	await expect(page.getByTestId('alert')).toHaveCount(45);
	await expect(page.getByTestId('more-alerts')).toHaveCount(0);
});

test('a bill with many ports opens on its ten costliest, the rest a tap away', async ({
	page,
	server
}) => {
	const email = await signUpInBrowser(page, server.url);
	for (let s = 1; s <= 3; s++) {
		const device = await addDevice(server.dbPath, `Strip ${s}`, 4, email);
		for (let p = 1; p <= 4; p++) seedJanuary(server.dbPath, device.id, p, s * 10 + p);
	}
	await page.goto(`${server.url}/bills?month=2025-01`);
	const bars = page.getByRole('region', { name: /What the strips add/ }).getByRole('listitem');
	await expect(bars).toHaveCount(10);
	// The costliest first: Strip 3's port 4 (34 kWh); the two cheapest wait behind the button.
	await expect(bars.first()).toContainText('Strip 3 · Port 4 · 34.00 kWh');
	await expect(page.getByText('Strip 1 · Port 1 · 11.00 kWh')).toHaveCount(0);
	await page.getByRole('button', { name: 'Show all 12 ports' }).click();
	await expect(bars).toHaveCount(12);
	await expect(bars.last()).toContainText('Strip 1 · Port 1 · 11.00 kWh');
});
