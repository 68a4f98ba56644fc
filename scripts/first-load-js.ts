// npx tsx scripts/first-load-js.ts [--lang bn]: the dashboard's first-load JavaScript (gzip
// level 9 of each script the page loaded, as built), for a new account on a phone with the
// service worker blocked. Needs `npm run build` first. Prints the figure; writes nothing.
import { chromium, devices } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT, startServer } from '../tests/helpers/server';

const lang = process.argv.includes('--lang')
	? process.argv[process.argv.indexOf('--lang') + 1]
	: 'en';
const server = await startServer();
const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
	args: ['--no-sandbox', '--disable-gpu']
});
try {
	const { defaultBrowserType: _, ...phone } = devices['Pixel 7'];
	const context = await browser.newContext({ ...phone, serviceWorkers: 'block', locale: lang });
	const page = await context.newPage();
	await page.goto(`${server.url}/signup`);
	await page.locator('input[name="email"]').fill(`size-${Date.now()}@example.com`);
	await page.locator('input[name="password"]').fill('a perfectly long passphrase');
	await page.locator('form button[type="submit"]').click();
	await page.waitForURL(`${server.url}/devices`);
	const scripts = new Set<string>();
	page.on('response', (r) => {
		const u = new URL(r.url());
		if (u.origin === server.url && u.pathname.endsWith('.js')) scripts.add(u.pathname);
	});
	await page.goto(server.url);
	await page.waitForLoadState('networkidle');
	let gzip = 0;
	for (const path of scripts)
		gzip += gzipSync(readFileSync(join(ROOT, 'build/client', path)), { level: 9 }).length;
	for (const path of scripts)
		console.log(
			path,
			(
				gzipSync(readFileSync(join(ROOT, 'build/client', path)), { level: 9 }).length / 1000
			).toFixed(1)
		);
	console.log(
		`dashboard first load (${lang}): ${(gzip / 1000).toFixed(1)} kB gzip in ${scripts.size} files`
	);
} finally {
	await browser.close();
	await server.stop();
	server.cleanup();
}
