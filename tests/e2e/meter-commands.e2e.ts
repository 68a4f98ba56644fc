import { addDevice, expect, signUpInBrowser, test } from './fixtures';

/** The strip's side, as the firmware does it: take the command, report the outcome. */
async function strip(url: string, token: string) {
	return {
		async next(): Promise<Record<string, unknown>> {
			for (let i = 0; i < 20; i++) {
				const res = await fetch(`${url}/api/v1/commands?wait=2`, {
					headers: { authorization: `Bearer ${token}` }
				});
				const { commands } = (await res.json()) as { commands: Record<string, unknown>[] };
				if (commands.length) return commands[0]!;
			}
			throw new Error('no command reached the strip');
		},
		async report(extra: Record<string, unknown>) {
			const res = await fetch(`${url}/api/v1/readings`, {
				method: 'POST',
				headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
				body: JSON.stringify({
					ts: Date.now() - 500,
					...extra,
					health: { uptime_s: 30, meters_online: [3] },
					ports: []
				})
			});
			expect(res.status).toBe(200);
		}
	};
}

test('assigning a meter address shows progress, then the address the strip confirmed', async ({
	page,
	server
}) => {
	const email = await signUpInBrowser(page, server.url);
	const device = await addDevice(server.dbPath, 'Addressing strip', 4, email);
	const s = await strip(server.url, device.token);
	await page.goto(`${server.url}/devices/${device.id}`);

	await page.getByLabel('Port whose meter is the only one connected').selectOption('3');
	const send = page.getByRole('button', { name: 'Assign the address' });
	const box = await send.boundingBox();
	expect(box!.height).toBeGreaterThanOrEqual(44);
	await send.click();
	const jobs = page.getByTestId('meter-commands');
	await expect(jobs).toContainText('Port 3 meter: assigning address 3, waiting for the strip…');
	await expect(jobs.getByRole('progressbar')).toBeVisible();

	const command = await s.next();
	expect(command).toMatchObject({ action: 'assign_address', port: 3 });
	await s.report({
		acks: [command.id],
		results: [{ id: command.id, outcome: 'confirmed', read_back: 3 }]
	});
	await expect(jobs).toContainText('Port 3 meter: address 3 confirmed.');
	await expect(jobs.getByRole('progressbar')).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Assign the address' })).toBeEnabled();
});

test('resetting a port’s energy counter asks first, says what it does, then shows the outcome', async ({
	page,
	server
}) => {
	const email = await signUpInBrowser(page, server.url);
	const device = await addDevice(server.dbPath, 'Reset strip', 4, email);
	const s = await strip(server.url, device.token);
	await page.goto(`${server.url}/devices/${device.id}/ports/3`);

	await page.getByRole('button', { name: 'Reset the meter’s energy counter…' }).click();
	await expect(
		page.getByText(/sets the energy counter inside Port 3’s meter to zero/)
	).toBeVisible();
	// Cancel sends nothing.
	await page.getByRole('button', { name: 'Cancel' }).click();
	await page.getByRole('button', { name: 'Reset the meter’s energy counter…' }).click();
	await page.getByRole('button', { name: 'Reset the counter to zero' }).click();
	const jobs = page.getByTestId('meter-commands');
	await expect(jobs).toContainText(
		'Port 3 meter: resetting its energy counter, waiting for the strip…'
	);

	const command = await s.next();
	expect(command).toMatchObject({ action: 'reset_energy', port: 3 });
	await s.report({ refused: [command.id], results: [{ id: command.id, outcome: 'no_answer' }] });
	await expect(jobs).toContainText('Port 3 meter: reset failed: the meter did not answer.');
});
