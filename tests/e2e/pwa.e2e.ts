import { chromium } from '@playwright/test';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startServer } from '../helpers/server';
import {
	addDevice,
	expect,
	goOffline,
	goOnline,
	localCount,
	signUpInBrowser,
	test,
	logOut
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
	await logOut(page);
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

test('the page open when the app installs starts with the network off, and the offline page keeps its styles on a nested path', async ({
	page,
	context,
	browser,
	server
}) => {
	// Signed up elsewhere, so that the dashboard is the first page this browser loads: it is
	// loaded before the service worker exists, as when someone logs in and installs at once.
	const elsewhere = await browser.newContext();
	const email = await signUpInBrowser(await elsewhere.newPage(), server.url);
	await context.addCookies(await elsewhere.cookies());
	await elsewhere.close();
	await addDevice(server.dbPath, 'First-visit strip', 2, email);

	await page.goto(server.url);
	await expect(page.getByRole('heading', { name: 'First-visit strip' })).toBeVisible();
	await page.evaluate(() => navigator.serviceWorker.ready);
	await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
	await expect.poll(() => localCount(page, 'devices')).toBe(1);
	await expect
		.poll(() =>
			page.evaluate(async () => !!(await (await caches.open('pages')).match(location.href)))
		)
		.toBe(true);

	await goOffline(context);
	await page.reload();
	await expect(page.getByRole('heading', { name: 'First-visit strip' })).toBeVisible();
	await expect(page.getByTestId('offline-banner')).toHaveText(/^Offline — showing data from/);

	// A page never opened, two levels deep: the offline page, with its styles and a way back.
	await page.goto(`${server.url}/settings/notifications`);
	await expect(page.getByRole('heading', { name: 'You are offline' })).toBeVisible();
	const styled = await page.evaluate(() =>
		[...document.styleSheets].some((sheet) => {
			try {
				return !!sheet.href?.includes('/_app/immutable/') && sheet.cssRules.length > 0;
			} catch {
				return false; // a sheet that failed to load has no readable rules
			}
		})
	);
	expect(styled).toBe(true);
	await page.getByRole('link', { name: 'Open the dashboard' }).click();
	await expect(page).toHaveURL(`${server.url}/`);
	await expect(page.getByRole('heading', { name: 'First-visit strip' })).toBeVisible();
	await goOnline(context);
});

test('bills, alerts, history and the thresholds open with the network off even if never opened online', async ({
	page,
	context,
	server
}) => {
	// The usual way in: the app installs on the log-in page (its pages then redirect, so
	// nothing is kept yet), the person logs in and uses only the dashboard.
	const email = await signUpInBrowser(page, server.url);
	await addDevice(server.dbPath, 'Never-opened strip', 2, email);
	await logOut(page);
	await page.waitForURL(/\/login/);
	await page.evaluate(() => navigator.serviceWorker.ready);
	await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
	await page.getByLabel('E-mail').fill(email);
	await page.getByLabel('Password').fill('a perfectly long passphrase');
	await page.getByRole('button', { name: 'Log in' }).click();
	await page.waitForURL(`${server.url}/`);
	await expect.poll(() => localCount(page, 'devices')).toBe(1);
	const kept = () =>
		page.evaluate(async () => {
			const cache = await caches.open('pages');
			const paths = ['/bills', '/alerts', '/history', '/alerts/thresholds'];
			return (await Promise.all(paths.map((p) => cache.match(p)))).filter(Boolean).length;
		});
	await expect.poll(kept).toBe(4);

	await goOffline(context);
	await page.goto(`${server.url}/bills`);
	await expect(page.getByRole('heading', { name: /^Bill for / })).toBeVisible();
	await expect(page.getByTestId('offline-banner')).toHaveText(/^Offline — showing data from/);
	await page.goto(`${server.url}/alerts`);
	await expect(page.getByRole('heading', { name: 'Alerts', exact: true })).toBeVisible();
	await page.goto(`${server.url}/history`);
	await expect(page.getByRole('heading', { name: 'History', exact: true })).toBeVisible();
	// Where a change is made offline (through the outbox), not only read.
	await page.goto(`${server.url}/alerts/thresholds`);
	await expect(page.getByRole('heading', { name: 'Alert thresholds' })).toBeVisible();
	await expect(page.getByTestId('thresholds')).toHaveCount(2);
	await goOnline(context);
});

test('a new release waits until the user says "Reload", then takes over the open tab', async ({
	page
}) => {
	// A server of its own on a copy of the build, so this test can publish a "new release"
	// (a changed service worker) without touching the build the other tests use. The copy
	// sits under node_modules so that the server bundle still resolves its packages.
	const release = mkdtempSync(join(ROOT, 'node_modules/.cache-multiplug-release-'));
	cpSync(join(ROOT, 'build'), release, { recursive: true });
	const worker = join(release, 'client/service-worker.js');
	// The static server learns file sizes once at start-up: serve the plain file only, and
	// change it below without changing its length.
	rmSync(`${worker}.br`);
	rmSync(`${worker}.gz`);
	const server = await startServer({ BUILD_DIR: release });
	try {
		await signUpInBrowser(page, server.url);
		await page.goto(server.url);
		await page.evaluate(() => navigator.serviceWorker.ready);
		await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
		const prompt = page.getByRole('alert').filter({ hasText: 'A new version is ready' });
		await expect(prompt).toHaveCount(0);
		// A page opened in this version: its kept copy names this version's scripts.
		await page.goto(`${server.url}/settings/notifications`);
		await page.goto(server.url);
		const keptAt = () =>
			page.evaluate(async () => {
				const copy = await (await caches.open('pages')).match('/settings/notifications');
				return copy ? Date.parse(copy.headers.get('date') ?? '') : null;
			});
		const before = await keptAt();
		expect(before).not.toBeNull();
		// HTTP dates have whole seconds: let the next copy's be a later one.
		await page.waitForTimeout(1_100);

		// The release changes one precache entry's revision: same length, new bytes.
		const source = readFileSync(worker, 'utf8');
		const next = source.replace(
			/("revision":")([0-9a-f])/,
			(_, head: string, c: string) => head + (c === '0' ? '1' : '0')
		);
		expect(next).not.toBe(source);
		expect(next.length).toBe(source.length);
		writeFileSync(worker, next);
		// A real release restarts the server, which then sends a new ETag; this one still
		// sends the old one, so the browser must not have the old script in its HTTP cache.
		const cdp = await page.context().newCDPSession(page);
		await cdp.send('Network.clearBrowserCache');
		// What the app's hourly check does, now.
		await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());

		await expect(prompt).toBeVisible();
		// The new version waits: the tab keeps the worker it started with until asked.
		const waiting = () =>
			page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())!.waiting);
		await expect.poll(waiting).toBe(true);

		await Promise.all([
			page.waitForEvent('load'),
			prompt.getByRole('button', { name: 'Reload' }).click()
		]);
		await expect.poll(waiting).toBe(false);
		await expect(prompt).toHaveCount(0);
		await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
		await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
		// The new version fetched the kept page again, so it opens offline with the new scripts.
		await expect.poll(keptAt).toBeGreaterThan(before!);
	} finally {
		await server.stop();
		server.cleanup();
		rmSync(release, { recursive: true, force: true });
	}
});
