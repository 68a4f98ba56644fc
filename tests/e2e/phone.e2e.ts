import type { Page } from '@playwright/test';
import {
	addDevice,
	expect,
	goOffline,
	goOnline,
	localCount,
	logOut,
	raiseHighUsage,
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
			const pages = [
				'/',
				'/bills',
				'/bills/tariff',
				'/alerts',
				`/alerts/${alertId}`,
				'/alerts/thresholds',
				'/history',
				'/history?view=month',
				'/more',
				'/devices',
				`/devices/${device.id}`,
				`/devices/${device.id}/ports/1`,
				'/export',
				'/settings',
				'/settings/notifications'
			];
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
