import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { ROOT, startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;

test.beforeAll(async () => {
	// The demo household: a strip with a day of readings behind it.
	server = await startServer({ DEMO: '1' });
});
test.afterAll(async () => {
	await server.stop();
	server.cleanup();
});

const PAGES = [
	['dashboard', '/'],
	['port', '/devices/1/ports/1'],
	['bills', '/bills'],
	['alerts', '/alerts'],
	['history', '/history'],
	['more', '/more'],
	['devices', '/devices'],
	['device', '/devices/1'],
	['export', '/export'],
	['settings', '/settings'],
	['notifications', '/settings/notifications']
] as const;

test('every page, light and dark, at a Pixel 7’s size', async ({ page }) => {
	const login = /Log in as (\S+) with password (\S+) /.exec(server.output());
	expect(login).not.toBeNull();
	await page.goto(`${server.url}/login`);
	await page.getByLabel('E-mail').fill(login![1]!);
	await page.getByLabel('Password').fill(login![2]!);
	await page.getByRole('button', { name: 'Log in' }).click();
	await page.waitForURL(`${server.url}/`);
	await expect(page.getByTestId('connection')).toHaveText('Live');
	for (const scheme of ['light', 'dark'] as const) {
		await page.emulateMedia({ colorScheme: scheme });
		for (const [name, path] of PAGES) {
			await page.goto(`${server.url}${path}`);
			await page.waitForLoadState('networkidle');
			// Charts and the phone's own data settle after the first paint.
			await page.waitForTimeout(1500);
			await page.screenshot({ path: join(ROOT, 'docs/img', `${name}-${scheme}.png`) });
		}
	}
});
