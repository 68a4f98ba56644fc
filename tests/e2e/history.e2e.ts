import type { Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { addDevice, expect, goOffline, goOnline, signUpInBrowser, test } from './fixtures';

const DHAKA_MS = 6 * 3_600_000;
const dhakaDay = (ms: number) => new Date(ms + DHAKA_MS).toISOString().slice(0, 10);

/** The last hour at a steady power on both ports, one frame a minute. */
async function anHour(url: string, token: string, start: number, watts: [number, number]) {
	const res = await fetch(`${url}/api/v1/readings`, {
		method: 'POST',
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
		body: JSON.stringify(
			Array.from({ length: 61 }, (_, i) => ({
				ts: start + i * 60_000,
				seq: i,
				ports: watts.map((power, p) => ({ port: p + 1, voltage: 230, current: 1, power }))
			}))
		)
	});
	expect(res.status).toBe(200);
}

/**
 * An hour at a steady power on both ports, older than the server keeps raw readings: its
 * quarter hours and rollups straight into the server's file, as the ledger would store them.
 */
function anOldHour(dbPath: string, deviceId: number, start: number, kwh: [number, number]) {
	const db = new Database(dbPath);
	db.pragma('busy_timeout = 5000');
	const day = dhakaDay(start);
	try {
		db.transaction(() => {
			kwh.forEach((k, i) => {
				const mj = Math.round(k * 3_600_000_000);
				for (let q = 0; q < 4; q++)
					db.prepare(
						`INSERT INTO energy_buckets (device_id, port, start, energy_mj, runtime_ms, peak_w, samples, changed_at) VALUES (?, ?, ?, ?, 900000, 1500, 15, ?)`
					).run(deviceId, i + 1, start + q * 900_000, mj / 4, Date.now());
				for (const [table, col, key] of [
					['energy_daily', 'day', day],
					['energy_monthly', 'month', day.slice(0, 7)]
				] as const)
					db.prepare(
						`INSERT INTO ${table} (device_id, port, ${col}, energy_mj, runtime_ms, peak_w, changed_at) VALUES (?, ?, ?, ?, 3600000, 1500, ?)`
					).run(deviceId, i + 1, key, mj, Date.now());
			});
		})();
	} finally {
		db.close();
	}
}

/** Every control on the page body is at least 44 × 44 px, as a thumb needs. */
async function bigEnoughToTap(page: Page) {
	const { shown, small } = await page.evaluate(() => {
		const all = [
			...document.querySelectorAll(
				'main button, main a, main select, main input:not([type=hidden])'
			)
		]
			.map((e) => ({ e, r: e.getBoundingClientRect() }))
			.filter(({ r }) => r.width > 0);
		return {
			shown: all.length,
			small: all
				.filter(({ r }) => r.width < 44 || r.height < 44)
				.map(
					({ e, r }) => `${e.outerHTML.slice(0, 60)} ${Math.round(r.width)}×${Math.round(r.height)}`
				)
		};
	});
	expect(shown).toBeGreaterThan(8); // the tabs, arrows, date, units, ports and table toggle
	expect(small).toEqual([]);
}

async function noSidewaysScroll(page: Page) {
	const widths = await page.evaluate(() => ({
		page: document.documentElement.scrollWidth,
		view: window.innerWidth
	}));
	expect(widths.page).toBeLessThanOrEqual(widths.view);
}

test('history steps through months by ‹ › with the URL, shows money as the bill does, and fits a phone', async ({
	page,
	context,
	server
}) => {
	const email = await signUpInBrowser(page, server.url);
	const device = await addDevice(server.dbPath, 'Home strip', 2, email);
	const now = Date.now();
	// The 10th two months back (Dhaka), 10:00 local, clear of the last hour, and the last hour.
	const today = dhakaDay(now);
	const [y, m] = today.split('-').map(Number) as [number, number];
	const last = new Date(Date.UTC(y, m - 3, 1)).toISOString().slice(0, 7);
	const month = new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 7);
	anOldHour(server.dbPath, device.id, Date.parse(`${last}-10T04:00:00Z`), [1.234, 0.537]);
	await anHour(server.url, device.token, now - 61 * 60_000, [300, 45]);

	await page.goto(`${server.url}/history?view=month&date=${last}-10`);
	const name = page.getByTestId('period-name');
	const lastName = new Intl.DateTimeFormat('en-GB', {
		month: 'long',
		year: 'numeric',
		timeZone: 'UTC'
	}).format(new Date(`${last}-01T00:00:00Z`));
	await expect(name).toHaveText(lastName);
	const chart = page.getByRole('figure', { name: 'Energy per day' });
	await expect(chart.locator('canvas')).toHaveCount(1);
	// Untouched, the legend reads each port's total for the month.
	await expect(chart.locator('.u-legend')).toContainText(/Home strip · Port 1\s*1\.234 kWh/);
	await expect(chart.locator('.u-legend')).toContainText(/Home strip · Port 2\s*0\.537 kWh/);
	await expect(page.getByTestId('history-total')).toHaveText('1.771 kWh');

	// The service worker keeps each period's page data as it is seen.
	await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
	await page.getByRole('button', { name: 'Next month' }).click();
	await expect(page).toHaveURL(new RegExp(`view=month&date=${month}-01`));
	await expect(name).not.toHaveText(lastName);
	// This month against the month before.
	await expect(page.getByTestId('history-change')).toContainText(
		'less than the month before (1.771 kWh)'
	);
	await page.getByRole('button', { name: 'Previous month' }).click();
	await expect(page).toHaveURL(new RegExp(`date=${last}-01`));
	await expect(name).toHaveText(lastName);
	await page.goBack();
	await expect(page).toHaveURL(new RegExp(`date=${month}-01`));
	await page.goForward();
	await expect(name).toHaveText(lastName);

	// Offline, the periods already seen still open.
	await goOffline(context);
	await page.getByRole('button', { name: 'Next month' }).click();
	await expect(page).toHaveURL(new RegExp(`date=${month}-01`));
	await expect(name).not.toHaveText(lastName);
	await page.getByRole('button', { name: 'Previous month' }).click();
	await expect(name).toHaveText(lastName);
	await expect(page.getByTestId('history-total')).toHaveText('1.771 kWh');
	await goOnline(context);

	// ৳: the month costs what the bills page says the strips add, to the paisa.
	await page.getByRole('button', { name: 'Money (BDT)' }).click();
	await expect(page).toHaveURL(/unit=money/);
	await expect(
		page.getByRole('figure', { name: 'Cost per day' }).locator('.u-legend')
	).toContainText(/Home strip · Port 1\s*৳9\.87/);
	const money = await page.getByTestId('history-total').textContent();
	expect(money).toMatch(/^৳\d/);
	await noSidewaysScroll(page);

	// The same figures as a table, for a screen reader.
	await page.getByRole('button', { name: 'Show as a table' }).click();
	const table = page.getByRole('table', { name: 'Cost per day, by port' });
	await expect(table.getByRole('row', { name: /^\w{3} 10 / })).toContainText('৳9.87');

	await page.goto(`${server.url}/bills?month=${last}`);
	await expect(page.getByTestId('strips-cost')).toHaveText(money!);

	// A phone 360 px wide: nothing scrolls sideways on any view.
	await page.setViewportSize({ width: 360, height: 740 });
	for (const q of ['view=day', 'view=week', `view=month&date=${last}-10&unit=money`, 'view=year']) {
		await page.goto(`${server.url}/history?${q}`);
		await expect(page.getByRole('figure').locator('canvas')).toHaveCount(1);
		await noSidewaysScroll(page);
		await bigEnoughToTap(page);
	}
	// No stepping into a year that has not begun.
	await expect(page.getByRole('button', { name: 'Next year' })).toBeDisabled();
	await page.getByRole('button', { name: 'Last hour' }).click();
	await expect(page).toHaveURL(/view=hour/);
	const power = page.getByRole('figure', { name: 'Power (W) over time' });
	await expect(power.locator('canvas')).toHaveCount(1);
	// Untouched, a live chart's legend reads the latest minute.
	await expect(power.locator('.u-legend')).toContainText(/Home strip · Port 1\s*300 W/);
	await noSidewaysScroll(page);
});
