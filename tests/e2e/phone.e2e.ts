import type { Page } from '@playwright/test';
import {
	addDevice,
	expect,
	goOffline,
	goOnline,
	localCount,
	logOut,
	raiseHighUsage,
	signedInPages,
	signUpInBrowser,
	test
} from './fixtures';
import { overflow, smallTargets } from './phone-audit';

/** Posts one frame per call for the given ports, measured now (or at `ts`). */
async function post(
	url: string,
	token: string,
	ports: { port: number; power: number }[],
	ts = Date.now()
): Promise<void> {
	const res = await fetch(`${url}/api/v1/readings`, {
		method: 'POST',
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
		body: JSON.stringify({
			ts,
			ports: ports.map((p) => ({
				port: p.port,
				voltage: 230,
				current: p.power / 230,
				power: p.power,
				relay: true
			}))
		})
	});
	expect(res.status).toBe(200);
}

const card = (page: Page, name: string) =>
	page.getByTestId('port-card').filter({ has: page.getByRole('heading', { name }) });

for (const screen of [
	{ name: 'Pixel 7', viewport: undefined },
	{ name: '360 px', viewport: { width: 360, height: 740 } }
]) {
	test.describe(`on a ${screen.name} screen`, () => {
		if (screen.viewport) test.use({ viewport: screen.viewport });

		test('every page fits the width and every control is at least 44 × 44 px', async ({
			page,
			server
		}) => {
			test.setTimeout(120_000);
			const email = await signUpInBrowser(page, server.url);
			const device = await addDevice(server.dbPath, 'Living room strip', 4, email);
			await post(server.url, device.token, [
				{ port: 1, power: 120 },
				{ port: 2, power: 0.4 }
			]);
			const alertId = await raiseHighUsage(server, device, 3);
			const pages = signedInPages(device.id, alertId);
			const found: string[] = [];
			for (const path of pages) {
				await page.goto(`${server.url}${path}`);
				await page.waitForLoadState('networkidle');
				const wide = await overflow(page);
				if (wide > 0) found.push(`${path}: ${wide} px wider than the screen`);
				for (const t of await smallTargets(page))
					found.push(`${path}: ${t.what} is ${t.width} × ${t.height} px`);
			}
			await logOut(page);
			for (const path of ['/login', '/signup']) {
				await page.goto(`${server.url}${path}`);
				const wide = await overflow(page);
				if (wide > 0) found.push(`${path}: ${wide} px wider than the screen`);
				for (const t of await smallTargets(page))
					found.push(`${path}: ${t.what} is ${t.width} × ${t.height} px`);
			}
			expect(found).toEqual([]);
		});
	});
}

test('the tab bar stays at the bottom in reach and its Alerts badge counts open alerts live', async ({
	page,
	server
}) => {
	const email = await signUpInBrowser(page, server.url);
	const device = await addDevice(server.dbPath, 'Badge strip', 4, email);
	await page.goto(server.url);
	await expect(page.getByTestId('connection')).toHaveText('Live');
	const bar = page.getByTestId('tab-bar');
	const atBottom = async () => {
		const box = (await bar.boundingBox())!;
		return Math.round(box.y + box.height) === page.viewportSize()!.height;
	};
	await expect(bar).toBeVisible();
	expect(await atBottom()).toBe(true);
	for (const name of ['Home', 'Bills', 'Alerts', 'History', 'More'])
		await expect(bar.getByRole('link', { name: new RegExp(`^${name}`) })).toBeVisible();
	await expect(bar.getByTestId('alert-badge')).toHaveCount(0);

	// Alerts open while the page stays put: the badge follows.
	await raiseHighUsage(server, device, 1);
	await expect(bar.getByTestId('alert-badge')).toHaveText(/^1\s+open$/);
	await raiseHighUsage(server, device, 2);
	await expect(bar.getByTestId('alert-badge')).toHaveText(/^2\s+open$/);

	// Still in reach at the end of a long page.
	await page.goto(`${server.url}/devices/${device.id}`);
	await page.mouse.wheel(0, 5000);
	await expect(bar).toBeInViewport();
	expect(await atBottom()).toBe(true);
	await bar.getByRole('link', { name: 'More' }).click();
	await expect(page).toHaveURL(/\/more$/);
	await expect(bar.getByRole('link', { name: 'More' })).toHaveAttribute('aria-current', 'page');
	await expect(page.getByRole('link', { name: /^Devices/ })).toBeVisible();
	await expect(page.getByRole('link', { name: /^Export/ })).toBeVisible();
	await expect(page.getByRole('link', { name: /^Settings/ })).toBeVisible();
});

test('log-out asks first, says it removes the offline copy on this phone, and can be cancelled', async ({
	page,
	server
}) => {
	const email = await signUpInBrowser(page, server.url);
	await addDevice(server.dbPath, 'Kept strip', 2, email);
	await page.goto(server.url);
	await expect.poll(() => localCount(page, 'devices')).toBeGreaterThan(0);

	await page.getByTestId('tab-bar').getByRole('link', { name: 'More' }).click();
	await page.getByRole('button', { name: 'Log out' }).click();
	const dialog = page.getByTestId('logout-dialog');
	await expect(dialog).toBeVisible();
	await expect(dialog).toContainText('removes the offline copy of your data kept on this phone');
	await dialog.getByRole('button', { name: 'Cancel' }).click();
	await expect(dialog).toBeHidden();
	await expect(page).toHaveURL(/\/more$/);
	expect(await localCount(page, 'devices')).toBeGreaterThan(0);

	await page.getByRole('button', { name: 'Log out' }).click();
	await dialog.getByRole('button', { name: 'Log out and remove' }).click();
	await page.waitForURL(/\/login/);
	await expect.poll(() => localCount(page, 'devices')).toBe(0);
});

test('a tap on a port card opens the port’s page, whose power follows the strip live', async ({
	page,
	server
}) => {
	const email = await signUpInBrowser(page, server.url);
	const device = await addDevice(server.dbPath, 'Desk strip', 4, email);
	await post(server.url, device.token, [{ port: 1, power: 100 }]);
	await page.goto(server.url);
	await expect(page.getByTestId('connection')).toHaveText('Live');
	const desk = card(page, 'Port 1');
	await expect(desk.getByTestId('power')).toHaveText('100.0');
	const today = (await desk.getByTestId('today-kwh').textContent())!;
	const month = (await desk.getByTestId('month-kwh').textContent())!;

	// The switch is a control of its own: tapping it does not open the page.
	await desk.getByRole('switch', { name: 'Power Port 1' }).click();
	await expect(page).toHaveURL(`${server.url}/`);

	// Anywhere else on the card opens the port.
	// (a tap where the power figure is: the card's link box is what the finger hits there)
	const figure = (await desk.getByTestId('power').boundingBox())!;
	await page.mouse.click(figure.x + figure.width / 2, figure.y + figure.height / 2);
	await page.waitForURL(`${server.url}/devices/${device.id}/ports/1`);
	const live = page.getByTestId('port-live');
	await expect(live.getByTestId('power')).toHaveText('100.0');
	await expect(live.getByTestId('status')).toHaveText('Online');
	await expect(live.getByRole('switch', { name: 'Power Port 1' })).toBeVisible();
	await expect(live.getByTestId('today-kwh')).toHaveText(today);
	await expect(live.getByTestId('month-kwh')).toHaveText(month);
	await expect(page.getByRole('heading', { name: 'Power, last 24 hours' })).toBeVisible();

	// The strip posts: the figure changes without a reload.
	await expect.poll(() => page.evaluate(() => !!document.querySelector('.uplot'))).toBe(true);
	await post(server.url, device.token, [{ port: 1, power: 250 }]);
	await expect(live.getByTestId('power')).toHaveText('250.0');

	// Protection keeps what was saved and says so.
	const protect = page.locator('form[action="?/protect"]');
	await protect.getByLabel(/Hold time/).fill('30');
	await protect.getByRole('button', { name: 'Save', exact: true }).click();
	await expect(protect.getByTestId('protection-saved')).toHaveText('Saved.');
	await expect(protect.getByLabel(/Hold time/)).toHaveValue('30');
	await page.reload();
	await expect(page.locator('form[action="?/protect"]').getByLabel(/Hold time/)).toHaveValue('30');
});

test('offline, the phone shows its last known values as such and never calls the strip offline', async ({
	page,
	context,
	server
}) => {
	const email = await signUpInBrowser(page, server.url);
	const device = await addDevice(server.dbPath, 'Hall strip', 1, email);
	await page.clock.install();
	await post(server.url, device.token, [{ port: 1, power: 120 }]);
	await page.goto(server.url);
	await page.evaluate(() => navigator.serviceWorker.ready);
	await page.reload();
	await expect(page.getByTestId('connection')).toHaveText('Live');
	await expect.poll(() => localCount(page, 'ports')).toBeGreaterThan(0);
	const hall = card(page, 'Port 1');
	await expect(hall.getByTestId('status')).toHaveText('Online');

	// Two and a half minutes without a network.
	await goOffline(context);
	await page.clock.fastForward('02:30');
	await expect(hall.getByTestId('status')).toHaveText('Last known · you are offline');
	await expect(hall).toHaveAttribute('data-status', 'last-known');
	await expect(hall.getByTestId('power')).toHaveText('120.0');
	await expect(hall.getByTestId('age')).toContainText(/Last reading\s+3 min ago/);
	await expect(page.getByRole('heading', { name: 'Last known' })).toBeVisible();
	await expect(page.getByTestId('total-power')).toHaveText('120 W');
	await expect(page.getByText(/Strip offline/)).toHaveCount(0);

	// Reopened with no network: the age still counts from the reading's own time.
	await page.reload();
	await expect(page.getByTestId('offline-banner')).toBeVisible();
	await expect(hall.getByTestId('status')).toHaveText('Last known · you are offline');
	await expect(hall.getByTestId('age')).toContainText(/Last reading\s+[23] min ago/);
	await expect(hall.getByTestId('status')).not.toHaveText(/Online/);
	await goOnline(context);
});

test('a strip that stops reporting shows offline on its cards when its alert opens, and is back with its next reading', async ({
	page,
	server
}) => {
	test.setTimeout(150_000);
	const email = await signUpInBrowser(page, server.url);
	const device = await addDevice(server.dbPath, 'Garage strip', 1, email);
	// Two frames a second apart: the server learns a one-second interval, so three silent
	// seconds make the strip offline at the next minute's check.
	const t = Date.now();
	for (const ts of [t - 1000, t])
		await post(server.url, device.token, [{ port: 1, power: 60 }], ts);
	await page.goto(server.url);
	await expect(page.getByTestId('connection')).toHaveText('Live');
	const garage = card(page, 'Port 1');

	await expect(garage.getByTestId('status')).toHaveText(/^Strip offline since \d\d:\d\d$/, {
		timeout: 90_000
	});
	await expect(garage.getByTestId('power')).toHaveText('—');
	await expect(garage.getByTestId('voltage')).toHaveText('— V');
	await expect(page.getByTestId('total-power')).toHaveText('— W');
	await expect(page.getByRole('heading', { name: 'Now' })).toBeVisible();
	await expect(garage.getByRole('switch')).toBeDisabled();
	// The same fact on the alerts page: the strip's alert is open.
	await expect(page.getByTestId('tab-bar').getByTestId('alert-badge')).toHaveText(/^1\s+open$/);

	await post(server.url, device.token, [{ port: 1, power: 75 }]);
	await expect(garage.getByTestId('status')).toHaveText('Online');
	await expect(garage.getByTestId('power')).toHaveText('75.0');
});

test('the app offers its install button where the browser allows it', async ({ page, server }) => {
	await signUpInBrowser(page, server.url);
	await page.goto(server.url);
	await page.getByTestId('tab-bar').getByRole('link', { name: 'More' }).click();
	await expect(page.getByTestId('install')).toHaveCount(0);
	// What Chromium sends when the app is installable (it cannot happen in a test browser).
	await page.evaluate(() => {
		const offer = Object.assign(new Event('beforeinstallprompt', { cancelable: true }), {
			prompt: async () => void ((window as unknown as { prompted: boolean }).prompted = true),
			userChoice: Promise.resolve({ outcome: 'accepted' })
		});
		window.dispatchEvent(offer);
	});
	await page.getByRole('button', { name: 'Install app' }).click();
	expect(await page.evaluate(() => (window as unknown as { prompted: boolean }).prompted)).toBe(
		true
	);
	await expect(page.getByTestId('install')).toHaveCount(0);
});

test('on an iPhone in Safari, More says how to add the app to the home screen', async ({
	browser,
	server
}) => {
	const context = await browser.newContext({
		userAgent:
			'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
		viewport: { width: 390, height: 844 },
		isMobile: true,
		hasTouch: true
	});
	const page = await context.newPage();
	await signUpInBrowser(page, server.url);
	await page.goto(`${server.url}/more`);
	const hint = page.getByTestId('install-ios');
	await expect(hint).toContainText('Share');
	await expect(hint).toContainText('Add to Home Screen');
	await context.close();
});
