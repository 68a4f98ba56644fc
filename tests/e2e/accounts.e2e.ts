import { expect, signUpInBrowser, test, logOut } from './fixtures';

test('sign up, add a strip, watch it live, log out: the dashboard locks and the socket goes quiet', async ({
	page,
	server,
	simulate
}) => {
	await signUpInBrowser(page, server.url);

	// Add a strip on the devices page; its token is shown once with a ready configuration.
	await page.getByLabel('Name').fill('Hall strip');
	await page.getByLabel('Ports').selectOption('2');
	await page.getByRole('button', { name: 'Add strip' }).click();
	const token = (await page.getByTestId('device-token').textContent())!.trim();
	expect(token).toMatch(/^mpd_[A-Za-z0-9_-]{43}$/);
	await expect(page.getByTestId('firmware-snippet')).toContainText(`server_url = ${server.url}`);
	await expect(page.getByTestId('firmware-snippet')).toContainText(token);

	simulate(token, ['--interval', '1', '--ports', '2']);

	// Count live messages as the page receives them.
	await page.goto(server.url);
	await expect(page.getByRole('heading', { name: 'Hall strip' })).toBeVisible();
	await expect(page.getByTestId('connection')).toHaveText('Live');
	const card = page.getByTestId('port-card').first();
	await expect(card.getByTestId('status')).toHaveText('Online');

	const seenBefore = new Set<string>();
	await expect
		.poll(async () => {
			seenBefore.add((await card.getByTestId('voltage').textContent()) ?? '');
			return seenBefore.size;
		})
		.toBeGreaterThan(1);

	const socketFrames: string[] = [];
	page.on('websocket', (ws) => ws.on('framereceived', (f) => socketFrames.push(String(f.payload))));

	await logOut(page);
	await page.waitForURL(/\/login/);

	// The dashboard is closed to the logged-out browser.
	await page.goto(server.url);
	await expect(page).toHaveURL(/\/login\?next=%2F/);
	await page.waitForTimeout(2500);
	expect(socketFrames.filter((f) => f.includes('ports:update'))).toEqual([]);
});

test('a second account sees none of the first account’s strips', async ({ browser, server }) => {
	const a = await browser.newContext();
	const pa = await a.newPage();
	await signUpInBrowser(pa, server.url);
	await pa.getByLabel('Name').fill('Private strip');
	await pa.getByRole('button', { name: 'Add strip' }).click();
	await expect(pa.getByTestId('device-token')).toBeVisible();
	const href = await pa.getByRole('link', { name: 'Private strip' }).getAttribute('href');

	const b = await browser.newContext();
	const pb = await b.newPage();
	await signUpInBrowser(pb, server.url);
	await expect(pb.getByText('Private strip')).toHaveCount(0);
	await pb.goto(server.url);
	await expect(pb.getByText('Private strip')).toHaveCount(0);
	const res = await pb.goto(server.url + href);
	expect(res!.status()).toBe(404);
	await a.close();
	await b.close();
});
