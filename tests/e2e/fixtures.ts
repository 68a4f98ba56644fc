import { test as base, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { ROOT, startServer, type RunningServer } from '../helpers/server';

export { addDevice } from '../helpers/server';

interface Fixtures {
	server: RunningServer;
	simulate: (token: string, args?: string[]) => ChildProcess;
}

/** Each test file gets its own real server process on a temp database. */
export const test = base.extend<object, Fixtures>({
	server: [
		// Playwright reads the fixture's dependencies from this (empty) pattern.
		// eslint-disable-next-line no-empty-pattern
		async ({}, use) => {
			const server = await startServer();
			await use(server);
			await server.stop();
			server.cleanup();
		},
		{ scope: 'worker' }
	],
	simulate: [
		async ({ server }, use) => {
			const procs: ChildProcess[] = [];
			await use((token, args = []) => {
				const p = spawn(
					process.execPath,
					[
						'--import',
						'tsx',
						'scripts/simulate.ts',
						'--url',
						server.url,
						'--token',
						token,
						'--quiet',
						...args
					],
					{
						cwd: ROOT,
						stdio: 'ignore'
					}
				);
				procs.push(p);
				return p;
			});
			for (const p of procs) p.kill('SIGTERM');
		},
		{ scope: 'worker' }
	]
});

export { expect } from '@playwright/test';

let people = 0;

/** Signs up through the form, as a person would; returns the e-mail used. */
export async function signUpInBrowser(page: Page, baseUrl: string): Promise<string> {
	const email = `person${++people}-${Date.now()}@example.com`;
	await page.goto(`${baseUrl}/signup`);
	await page.getByLabel('E-mail').fill(email);
	await page.getByLabel('Password').fill('a perfectly long passphrase');
	await page.getByRole('button', { name: 'Create account' }).click();
	await page.waitForURL(`${baseUrl}/devices`);
	return email;
}
