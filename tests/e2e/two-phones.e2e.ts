import type { Page } from '@playwright/test';
import { addDevice, expect, localCount, signUpInBrowser, test } from './fixtures';

async function logIn(page: Page, baseUrl: string, email: string): Promise<void> {
	await page.goto(`${baseUrl}/login`);
	await page.getByLabel('E-mail').fill(email);
	await page.getByLabel('Password').fill('a perfectly long passphrase');
	await page.getByRole('button', { name: 'Log in' }).click();
	await page.waitForURL(`${baseUrl}/`);
}

// A field the user typed in stops following its default value (HTML's dirty flag). Once the
// form is saved it must follow the local data again, or the other phone's next change to the
// same field stays hidden behind what this phone typed before.
test('a setting saved on one phone shows on the other, also in a field that phone saved before', async ({
	page,
	browser,
	server
}) => {
	const email = await signUpInBrowser(page, server.url);
	const device = await addDevice(server.dbPath, 'Kitchen strip', 2, email);
	const other = await browser.newContext();
	try {
		const phone = await other.newPage();
		await logIn(phone, server.url, email);

		for (const p of [page, phone]) {
			await p.goto(`${server.url}/alerts/thresholds`);
			await expect.poll(() => localCount(p, 'thresholds')).toBe(2);
		}
		const peak = (p: Page) =>
			p
				.locator(`[data-testid="thresholds"][data-port="${device.id}:1"]`)
				.getByLabel('Peak hours (W)');
		const save = (p: Page) =>
			p
				.locator(`[data-testid="thresholds"][data-port="${device.id}:1"]`)
				.getByRole('button', { name: 'Save' });

		await peak(phone).fill('700');
		await save(phone).click();
		await expect(phone.getByRole('status')).toHaveText(/^Saved\./);
		await expect(peak(page)).toHaveValue('700', { timeout: 15_000 });

		await peak(page).fill('650');
		await save(page).click();
		await expect(page.getByRole('status')).toHaveText(/^Saved\./);
		await expect(peak(phone)).toHaveValue('650', { timeout: 15_000 });

		// The billing form has a select beside its fields: saving keeps the chosen option shown.
		for (const p of [page, phone]) await p.goto(`${server.url}/bills/tariff`);
		const billing = (p: Page) => p.getByRole('region', { name: 'Billing' });
		await billing(phone).getByLabel('Billing month starts on day').fill('15');
		await billing(phone).getByLabel('Numbers in').selectOption('bn');
		await billing(phone).getByRole('button', { name: 'Save' }).click();
		await expect(billing(phone).getByRole('status')).toHaveText('Saved.');
		await expect(billing(phone).getByLabel('Numbers in')).toHaveValue('bn');
		await expect(billing(page).getByLabel('Billing month starts on day')).toHaveValue('15', {
			timeout: 15_000
		});
		await expect(billing(page).getByLabel('Numbers in')).toHaveValue('bn');

		await billing(page).getByLabel('Billing month starts on day').fill('20');
		await billing(page).getByRole('button', { name: 'Save' }).click();
		await expect(billing(page).getByRole('status')).toHaveText('Saved.');
		await expect(billing(phone).getByLabel('Billing month starts on day')).toHaveValue('20', {
			timeout: 15_000
		});
		await expect(billing(phone).getByLabel('Numbers in')).toHaveValue('bn');
	} finally {
		await other.close();
	}
});
