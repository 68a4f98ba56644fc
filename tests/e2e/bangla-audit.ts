import { expect, type Page, type TestInfo } from '@playwright/test';
import type { MqttClient } from 'mqtt';
import { readOne } from './fixtures';
import { overflow } from './phone-audit';

// What the Bangla end-to-end tests check on each page (docs/decisions.md, "Bangla and English").

/**
 * Latin words a Bangla page may show: brands and protocols, units and symbols, and the
 * language switch's own "English". Everything else in Latin letters is an untranslated label.
 */
export const ALLOWED = new Set([
	'English',
	'Wi-Fi',
	'Wi‑Fi',
	'MQTT',
	'Tasmota',
	'Shelly',
	'ESPHome',
	'Home',
	'Assistant',
	'CSV',
	'JSON',
	'kWh',
	'kW',
	'kB',
	'dBm',
	'W',
	'V',
	'A',
	'BDT',
	'LT-A'
]);

/** The page's visible text, its title and its controls' accessible names, without user data. */
export function shownText(page: Page): Promise<string> {
	return page.evaluate(() => {
		const names = [...document.querySelectorAll('[aria-label], [placeholder], [title], img[alt]')]
			.filter((el) => (el as HTMLElement).offsetParent !== null || el.tagName === 'svg')
			.map((el) =>
				['aria-label', 'placeholder', 'title', 'alt'].map((a) => el.getAttribute(a) ?? '').join(' ')
			);
		// What the person typed or was given (their e-mail, a device token and its configuration, the broker's
		// sign-in, a plug's id) is theirs, not a label: the app marks ids translate="no".
		const own = [...document.querySelectorAll('code, pre, input, textarea, [translate="no"]')]
			.map((el) => el.textContent ?? '')
			.filter(Boolean);
		let text = [document.title, document.body.innerText, ...names].join('\n');
		// Line by line: the page's innerText and an element's textContent space lines apart differently.
		// Longest first: a token is also inside its configuration line.
		const lines = own.flatMap((t) => t.split('\n')).map((l) => l.trim());
		for (const line of lines.filter(Boolean).sort((a, b) => b.length - a.length))
			text = text.split(line).join(' ');
		return text;
	});
}

/** Addresses are typed into a strip or a browser as they are: e-mail, URLs, hosts, paths. */
export const withoutAddresses = (text: string) =>
	text
		.replace(/[\w.+-]+@[\w.-]+/g, ' ')
		.replace(/\bhttps?:\/\/\S+/g, ' ')
		.replace(/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?/g, ' ')
		.replace(/\/[\w./-]+/g, ' ');

export function englishWords(text: string): string[] {
	const words = withoutAddresses(text).match(/[A-Za-z]+(?:[‑-][A-Za-z]+)*/g) ?? [];
	return [...new Set(words.filter((w) => !ALLOWED.has(w)))];
}

/**
 * Checks the page on screen (reached as `path` after `state`): English words, Latin digits and
 * overflow go into `found`; the page is photographed into the test's output folder.
 */
/** The account's language chosen in Settings as a person would, and stored (as JSON). */
export async function chooseBangla(
	page: Page,
	server: { url: string; dbPath: string },
	email: string
) {
	await page.goto(`${server.url}/settings`);
	await page.getByTestId('language-switch').getByRole('button', { name: 'বাংলা' }).click();
	await expect
		.poll(() =>
			readOne<string>(
				server.dbPath,
				`SELECT value FROM user_settings WHERE key = 'locale' AND user_id =
				 (SELECT id FROM users WHERE email = ?)`,
				email
			)
		)
		.toBe('"bn"');
}

/** The fake plug "ডেস্ক ল্যাম্প" reports until the Strips page, in Bangla, says the broker has one plug. */
export async function seeDeskLampOnBroker(page: Page, serverUrl: string, plug: MqttClient) {
	await expect(async () => {
		await plug.publishAsync(
			'fakeplug/desk-lamp/reading',
			JSON.stringify({
				name: 'ডেস্ক ল্যাম্প',
				ports: [{ port: 1, voltage: 230, current: 0.1, power: 23, energy_wh: 5 }]
			})
		);
		await page.goto(`${serverUrl}/devices`);
		await expect(page.getByText('ব্রোকারে পাওয়া গেছে: ১টি প্লাগ।')).toBeVisible({ timeout: 1000 });
	}).toPass({ timeout: 15_000 });
}

export function banglaAudit(page: Page, testInfo: TestInfo, found: string[]) {
	return async (path: string, state = '') => {
		await page.waitForLoadState('networkidle');
		await expect(page.locator('html')).toHaveAttribute('lang', 'bn');
		const shown = await shownText(page);
		const english = englishWords(shown);
		if (english.length) found.push(`${path}: ${english.join(', ')}`);
		// Figures in Bangla digits; what is typed or given (inputs, code) was left out above.
		const latinDigits = withoutAddresses(shown).match(/\S*[0-9]\S*/g);
		if (latinDigits) found.push(`${path}: Latin digits in ${[...new Set(latinDigits)].join(' ')}`);
		const wide = await overflow(page);
		if (wide > 0) found.push(`${path}: ${wide} px wider than the screen`);
		// Kept in the test's output folder (test-results/), for a person to look over.
		const name = path === '/' ? 'home' : path.replace(/[^\w]+/g, '_');
		const shot = testInfo.outputPath(`${state}${name}.png`);
		await page.screenshot({ path: shot, fullPage: true });
		await testInfo.attach(state + path, { path: shot, contentType: 'image/png' });
	};
}
