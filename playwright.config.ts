import { defineConfig, devices } from '@playwright/test';
import { existsSync } from 'node:fs';

// Playwright cannot download its own browser here: use the system Chromium.
const executablePath =
	process.env.CHROMIUM_PATH ??
	['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	globalSetup: './tests/global-setup.ts',
	timeout: 60_000,
	expect: { timeout: 15_000 },
	fullyParallel: false,
	workers: 1,
	retries: 0,
	reporter: process.env.CI ? 'list' : [['list']],
	use: {
		...devices['Pixel 7'],
		trace: 'retain-on-failure',
		launchOptions: {
			executablePath,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--disable-background-networking',
				'--disable-component-update',
				'--no-first-run'
			]
		}
	},
	projects: [{ name: 'mobile-chromium' }]
});
