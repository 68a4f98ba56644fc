import { defineConfig } from '@playwright/test';
import base from './playwright.config';

/**
 * Writes the README's screenshots (docs/img/) at a Pixel 7's size, light and dark:
 * `npm run build && npx playwright test -c playwright.screenshots.config.ts`. Not part of
 * `npm test`: it rewrites committed images.
 */
export default defineConfig({
	...base,
	testDir: 'tests/screenshots',
	testMatch: '**/*.shots.ts',
	timeout: 180_000,
	// One pixel per CSS pixel keeps each image small; the layout is the Pixel 7's.
	use: { ...base.use, deviceScaleFactor: 1, reducedMotion: 'reduce' }
});
