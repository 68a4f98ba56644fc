import { afterAll, beforeAll, expect, it } from 'vitest';
import { signUp, startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;

beforeAll(async () => {
	server = await startServer({ SESSION_RATE_LIMIT: '20' });
});
afterAll(async () => {
	await server.stop();
	server.cleanup();
});

it('one session reloading a heavy page runs out of its own budget, and only its own', async () => {
	const heavy = await signUp(server.url);
	const other = await signUp(server.url);
	const get = (path: string, cookie: string) =>
		fetch(server.url + path, { headers: { cookie }, redirect: 'manual' });
	// A period of history costs 10 of the 20 a minute: the third in a row is refused.
	expect((await get('/history', heavy.cookie)).status).toBe(200);
	expect((await get('/history', heavy.cookie)).status).toBe(200);
	const refused = await get('/history', heavy.cookie);
	expect(refused.status).toBe(429);
	expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
	expect(await refused.text()).toMatch(
		/^Too many requests from this session: try again in \d+ s\.$/
	);
	// The page budget and the data budget are one: its /api calls wait too.
	expect((await get('/api/bills', heavy.cookie)).status).toBe(429);
	// Another household is not slowed at all.
	expect((await get('/history', other.cookie)).status).toBe(200);
	expect((await get('/api/bills', other.cookie)).status).toBe(200);
	// Signed out, the log-in page is not counted against anyone.
	expect((await fetch(`${server.url}/login`)).status).toBe(200);
});
