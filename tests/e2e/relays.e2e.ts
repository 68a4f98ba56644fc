import { addDevice, expect, goOffline, goOnline, signUpInBrowser, test } from './fixtures';

test('switching a port: the simulator applies it and the card shows the new state', async ({
	page,
	server,
	simulate
}) => {
	const email = await signUpInBrowser(page, server.url);
	const device = await addDevice(server.dbPath, 'Switch strip', 4, email);
	simulate(device.token, ['--interval', '1']);
	await page.goto(server.url);
	await expect(page.getByTestId('connection')).toHaveText('Live');

	const card = page
		.getByTestId('port-card')
		.filter({ has: page.getByRole('heading', { name: 'Port 2' }) });
	await expect(card.getByTestId('status')).toHaveText('Online');
	const toggle = card.getByRole('switch', { name: 'Power Port 2' });
	await expect(toggle).toHaveAttribute('aria-checked', 'true');
	await expect(toggle).toBeEnabled();
	const box = await toggle.boundingBox();
	expect(box!.height).toBeGreaterThanOrEqual(44);
	expect(box!.width).toBeGreaterThanOrEqual(44);

	await toggle.click();
	// The wish shows at once; the strip's report confirms it.
	await expect(toggle).toHaveAttribute('aria-checked', 'false');
	await expect(card.getByTestId('relay-state')).toHaveText('Off', { timeout: 20_000 });
	await expect(card.getByTestId('power')).toHaveText('0.0');

	await toggle.click();
	await expect(card.getByTestId('relay-state')).toHaveText('On', { timeout: 20_000 });
	await expect(toggle).toHaveAttribute('aria-checked', 'true');

	// The port's page (a tap on the card) lists who switched it and that the strip confirmed.
	await card.getByRole('link', { name: 'Port 2' }).click();
	const log = page.getByTestId('audit');
	await expect(log.getByRole('row')).toHaveCount(3);
	await expect(log.getByRole('row').nth(1)).toContainText(email);
	await expect(log.getByRole('row').nth(1)).toContainText('confirmed');
});

test('offline, the switch is disabled and says why; nothing is queued', async ({
	page,
	context,
	server,
	simulate
}) => {
	const email = await signUpInBrowser(page, server.url);
	const device = await addDevice(server.dbPath, 'Offline strip', 4, email);
	simulate(device.token, ['--interval', '1']);
	await page.goto(server.url);
	const card = page
		.getByTestId('port-card')
		.filter({ has: page.getByRole('heading', { name: 'Port 3' }) });
	const toggle = card.getByRole('switch', { name: 'Power Port 3' });
	await expect(toggle).toBeEnabled();

	await goOffline(context);
	await expect(toggle).toBeDisabled();
	await expect(card.getByTestId('switch-why')).toHaveText(/offline: switching needs a connection/);
	await expect(toggle).toHaveAccessibleDescription(/offline/);

	await goOnline(context);
	await expect(toggle).toBeEnabled({ timeout: 20_000 });
	await expect(card.getByTestId('switch-why')).toHaveText('');
	await expect(toggle).toHaveAttribute('aria-checked', 'true');
});

test('a critical port asks before it is switched off', async ({ page, server, simulate }) => {
	const email = await signUpInBrowser(page, server.url);
	const device = await addDevice(server.dbPath, 'Fridge strip', 4, email);
	simulate(device.token, ['--interval', '1']);
	await page.goto(`${server.url}/devices/${device.id}/ports/1`);
	await page.getByLabel(/Critical/).check();
	await page.getByRole('button', { name: 'Save', exact: true }).click();
	await expect(page.getByLabel(/Critical/)).toBeChecked();

	await page.goto(server.url);
	const card = page
		.getByTestId('port-card')
		.filter({ has: page.getByRole('heading', { name: 'Port 1' }) });
	const toggle = card.getByRole('switch', { name: 'Power Port 1' });
	await expect(card.getByTestId('status')).toHaveText('Online');
	await toggle.click();
	const dialog = card.getByRole('alertdialog');
	await expect(dialog).toContainText('marked critical');
	await expect(toggle).toHaveAttribute('aria-checked', 'true');
	await dialog.getByRole('button', { name: 'Switch off' }).click();
	await expect(card.getByTestId('relay-state')).toHaveText('Off', { timeout: 20_000 });
});

test('overload protection switches a load off and says so', async ({ page, server, simulate }) => {
	const email = await signUpInBrowser(page, server.url);
	const device = await addDevice(server.dbPath, 'Busy strip', 4, email);
	await page.goto(`${server.url}/devices/${device.id}/ports/1`);
	// A whole-strip limit any running load is over, held for a second.
	const strip = page.locator('form[action="?/strip"]');
	await strip.getByLabel(/Power limit for Busy strip/).fill('1');
	await strip.getByLabel('Hold time, s').fill('1');
	await strip.getByRole('button', { name: 'Save strip limit' }).click();
	await expect(strip.getByLabel(/Power limit for Busy strip/)).toHaveValue('1');

	await page.goto(server.url);
	await expect(page.getByTestId('connection')).toHaveText('Live');
	simulate(device.token, ['--interval', '1']);
	await expect(page.getByTestId('overload')).toContainText(/over its 1 W limit for 1 s/, {
		timeout: 20_000
	});
	await expect(
		page.getByTestId('port-card').getByTestId('relay-state').filter({ hasText: /^Off$/ }).first()
	).toBeVisible({ timeout: 20_000 });
	// The alert is one of the household's alerts like any other.
	await page.goto(`${server.url}/alerts`);
	const alert = page.getByTestId('alert').filter({ hasText: 'Overload: switched off' });
	await expect(alert).toHaveAttribute('data-rule', 'OVERLOAD');
	await expect(alert).toContainText('CRITICAL');
});

test('a schedule and a countdown timer show on the port cards', async ({ page, server }) => {
	const email = await signUpInBrowser(page, server.url);
	const device = await addDevice(server.dbPath, 'Planned strip', 4, email);

	await page.goto(`${server.url}/devices/${device.id}/ports/3`);
	const schedule = page.locator('form[action="?/schedule"]');
	await schedule.getByLabel('Switch').selectOption('off');
	await schedule.getByLabel('Time').fill('23:00');
	await schedule.getByRole('button', { name: 'Add schedule' }).click();
	await expect(page.getByText('Switch off at 23:00, every day')).toBeVisible();

	await page.goto(`${server.url}/devices/${device.id}/ports/4`);
	const timer = page.locator('form[action="?/timer"]');
	await timer.getByLabel('In minutes').fill('120');
	await timer.getByRole('button', { name: 'Start timer' }).click();
	await expect(page.getByRole('button', { name: 'Cancel' })).toBeVisible();

	await page.goto(server.url);
	const card = (n: number) =>
		page.getByTestId('port-card').filter({ has: page.getByRole('heading', { name: `Port ${n}` }) });
	await expect(card(3).getByTestId('relay-next')).toHaveText('off at 23:00');
	await expect(card(4).getByTestId('relay-next')).toHaveText('off in 2 h');
});
