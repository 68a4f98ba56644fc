import { expect, test as base, type BrowserContext, type Page, type Route } from '@playwright/test';
import Database from 'better-sqlite3';
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

export { expect };

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

/**
 * A strip's batch that opens HIGH_USAGE on `port`: 3,600 W (above the 3,300 W default) for a minute and a half of
 * device time. Returns the alert's id, read from the database as the server stored it.
 */
export async function raiseHighUsage(
	server: { url: string; dbPath: string },
	device: { id: number; token: string },
	port = 1
): Promise<number> {
	const t0 = Date.now() - 95_000;
	const res = await fetch(`${server.url}/api/v1/readings`, {
		method: 'POST',
		headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
		body: JSON.stringify(
			Array.from({ length: 10 }, (_, i) => ({
				ts: t0 + i * 10_000,
				seq: port * 100 + i,
				ports: [{ port, voltage: 230, current: 15.7, power: 3600 }]
			}))
		)
	});
	expect(res.status).toBe(200);
	const id = readOne<number>(
		server.dbPath,
		`SELECT id FROM alerts WHERE device_id = ? AND port = ? AND rule = 'HIGH_USAGE'`,
		device.id,
		port
	);
	expect(id).toBeGreaterThan(0);
	return id;
}

export function readOne<T>(dbPath: string, sql: string, ...args: unknown[]): T {
	const db = new Database(dbPath, { readonly: true });
	try {
		return db
			.prepare(sql)
			.pluck()
			.get(...args) as T;
	} finally {
		db.close();
	}
}

/** Rows in one table of the phone's database (IndexedDB `multiplug`); 0 before it exists. */
export function localCount(page: Page, table: string): Promise<number> {
	return page.evaluate(
		(table) =>
			new Promise<number>((resolve) => {
				const open = indexedDB.open('multiplug');
				open.onsuccess = () => {
					const db = open.result;
					if (!db.objectStoreNames.contains(table)) return (resolve(0), db.close());
					const req = db.transaction(table).objectStore(table).count();
					req.onsuccess = () => (resolve(req.result), db.close());
				};
				open.onerror = () => resolve(0);
			}),
		table
	);
}

/**
 * The phone loses its network. Chromium's emulated offline alone once let a page's
 * POST /api/outbox reach the server (CI, about 1 run in 80 of the offline-sync test), so
 * every request, the service worker's included, is also failed as a lost network fails it.
 */
export async function goOffline(context: BrowserContext): Promise<void> {
	await context.setOffline(true);
	await context.route('**/*', failAsOffline);
}

export async function goOnline(context: BrowserContext): Promise<void> {
	await context.unroute('**/*', failAsOffline);
	await context.setOffline(false);
}

const failAsOffline = (route: Route) => route.abort('internetdisconnected');

/** Logs out as a person would on a phone: More, Log out, then confirm what it removes. */
export async function logOut(page: Page): Promise<void> {
	await page.getByTestId('tab-bar').getByRole('link', { name: 'More' }).click();
	await page.getByRole('button', { name: 'Log out' }).click();
	await page
		.getByTestId('logout-dialog')
		.getByRole('button', { name: 'Log out and remove' })
		.click();
}

/** Every signed-in page of the app, for a household with one strip and one alert. */
export const signedInPages = (deviceId: number, alertId: number): string[] => [
	'/',
	'/bills',
	'/bills/tariff',
	'/alerts',
	`/alerts/${alertId}`,
	'/alerts/thresholds',
	'/history',
	'/history?view=month',
	'/more',
	'/devices',
	`/devices/${deviceId}`,
	`/devices/${deviceId}/ports/1`,
	'/export',
	'/settings',
	'/settings/notifications'
];
