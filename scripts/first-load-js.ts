// npx tsx scripts/first-load-js.ts [--lang bn]: the dashboard's first-load JavaScript and
// CSS (gzip level 9 of each file the page loaded, as built), for a new account on a phone
// with the service worker blocked. Needs `npm run build` first. Prints the figures; writes
// nothing. The budget is 100 kB of JavaScript; the CSS is printed beside it.
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
	const styles = new Set<string>();
	page.on('response', (r) => {
		const u = new URL(r.url());
		if (u.origin !== server.url) return;
		if (u.pathname.endsWith('.js')) scripts.add(u.pathname);
		if (u.pathname.endsWith('.css')) styles.add(u.pathname);
	});
	await page.goto(server.url);
	await page.waitForLoadState('networkidle');
	const gz = (path: string) =>
		gzipSync(readFileSync(join(ROOT, 'build/client', path)), { level: 9 }).length;
	const total = (paths: Set<string>) => [...paths].reduce((sum, p) => sum + gz(p), 0);
	for (const path of [...scripts, ...styles]) console.log(path, (gz(path) / 1000).toFixed(1));
	const [js, css] = [total(scripts), total(styles)];
	console.log(
		`dashboard first load (${lang}): JS ${(js / 1000).toFixed(1)} kB gzip in ${scripts.size} files, ` +
			`CSS ${(css / 1000).toFixed(1)} kB in ${styles.size}; together ${((js + css) / 1000).toFixed(1)} kB`
	);
} finally {
	await browser.close();
	await server.stop();
	server.cleanup();
}
