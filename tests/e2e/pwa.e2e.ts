import { chromium } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
	addDevice,
	expect,
	goOffline,
	goOnline,
	localCount,
	signUpInBrowser,
	test
} from './fixtures';

test('the app is installable, with the manifest fields a phone needs', async ({
	server
}, testInfo) => {
	// Chromium never offers to install from an incognito profile, which is what Playwright's
	// contexts are: this check needs a real (temporary) profile.
	const profile = mkdtempSync(join(tmpdir(), 'multiplug-profile-'));
	const context = await chromium.launchPersistentContext(profile, {
		...testInfo.project.use.launchOptions,
		viewport: { width: 412, height: 915 }
	});
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		await page.goto(`${server.url}/login`);
		await page.evaluate(() => navigator.serviceWorker.ready);
		const cdp = await context.newCDPSession(page);
		await expect
			.poll(async () => (await cdp.send('Page.getInstallabilityErrors')).installabilityErrors)
			.toEqual([]);
	} finally {
		await context.close();
		rmSync(profile, { recursive: true, force: true });
	}

	const manifest = await (await fetch(`${server.url}/manifest.webmanifest`)).json();
	expect(manifest).toMatchObject({
		name: 'Smart Multiplug',
		short_name: 'Multiplug',
		start_url: '/',
		scope: '/',
		display: 'standalone',
		theme_color: '#0f766e',
		background_color: '#0b1117'
	});
	expect(manifest.description.length).toBeGreaterThan(10);
	const sizes = manifest.icons.map(
		(i: { sizes: string; purpose: string }) => `${i.sizes} ${i.purpose}`
	);
	expect(sizes).toEqual(expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']));
	expect(manifest.screenshots.map((s: { form_factor: string }) => s.form_factor).sort()).toEqual([
		'narrow',
		'wide'
	]);
	for (const image of [...manifest.icons, ...manifest.screenshots]) {
		const res = await fetch(server.url + image.src);
		expect(res.status, image.src).toBe(200);
		expect(res.headers.get('content-type')).toBe('image/png');
	}
});

test('with the network off, a visited dashboard opens from the phone and an unvisited page says offline', async ({
	page,
	context,
	server
}) => {
	const email = await signUpInBrowser(page, server.url);
	const device = await addDevice(server.dbPath, 'Offline strip', 2, email);
	const res = await fetch(`${server.url}/api/data`, {
		method: 'POST',
		headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
		body: JSON.stringify({ port: 1, voltage: 229.9, current: 0.4, power: 91.5 })
	});
	expect(res.status).toBe(200);

	await page.goto(server.url);
	await page.evaluate(() => navigator.serviceWorker.ready);
	// The first page load is not controlled yet; the next one is.
	await page.reload();
	await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
	await expect(page.getByRole('heading', { name: 'Offline strip' })).toBeVisible();

	// The local database has been filled by a sync (with this strip) before the network goes.
	await expect.poll(() => localCount(page, 'devices')).toBe(1);

	await goOffline(context);
	await page.reload();
	await expect(page.getByRole('heading', { name: 'Offline strip' })).toBeVisible();
	await expect(page.getByTestId('offline-banner')).toHaveText(
		/^Offline — showing data from \d{1,2}:\d{2}/
	);
	await expect(page.getByTestId('port-card').first().getByTestId('voltage')).toHaveText('229.9 V');

	await page.goto(`${server.url}/devices/${device.id}`);
	await expect(page.getByRole('heading', { name: 'You are offline' })).toBeVisible();

	// After log-out nothing of this account opens from the phone, even offline.
	await goOnline(context);
	await page.goto(server.url);
	await page.getByRole('button', { name: 'Log out' }).click();
	await page.waitForURL(/\/login/);
	await goOffline(context);
	await page.goto(server.url);
	await expect(page.getByRole('heading', { name: 'You are offline' })).toBeVisible();
	await expect(page.getByText('Offline strip')).toHaveCount(0);
	expect(
		await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))
	).not.toContain('multiplug');
	await goOnline(context);
});
