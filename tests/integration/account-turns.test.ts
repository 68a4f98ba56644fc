import { request, type ClientRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, startServer, type RunningServer } from '../helpers/server';

// An account's page and /api requests take turns: two at a time, sixteen waiting, the rest
// refused. A request is held in progress here by sending its body slowly, so nothing
// depends on how fast the machine is.

interface Held {
	req: ClientRequest;
	/** Sends the rest of the body: the request ends and its turn is free. */
	finish(): Promise<number>;
}

function hold(url: string, cookie: string): Held {
	const body = '{"ops":[]}';
	const req = request(`${url}/api/outbox`, {
		method: 'POST',
		headers: {
			cookie,
			'content-type': 'application/json',
			'content-length': Buffer.byteLength(body)
		}
	});
	const answered = new Promise<number>((resolve, reject) => {
		req.once('response', (res) => {
			res.resume();
			res.once('end', () => resolve(res.statusCode!));
		});
		req.once('error', reject);
	});
	req.write(body.slice(0, 3));
	return {
		req,
		finish: () => {
			req.end(body.slice(3));
			return answered;
		}
	};
}

async function gauge(url: string, name: string): Promise<number> {
	const text = await (await fetch(`${url}/metrics`)).text();
	const m = new RegExp(`^${name} (\\d+)$`, 'm').exec(text);
	if (!m) throw new Error(`no ${name} in /metrics`);
	return Number(m[1]);
}

/** Polls until the gauge reads `want` (the requests reach the server in their own time). */
async function gaugeReaches(url: string, name: string, want: number): Promise<void> {
	for (;;) {
		if ((await gauge(url, name)) === want) return;
		await new Promise((r) => setTimeout(r, 20));
	}
}
const running = 'multiplug_running_account_requests';
const waiting = 'multiplug_waiting_account_requests';

interface Answer {
	status: number;
	headers: Headers;
	text: string;
}
function get(url: string, path: string, cookie: string, signal?: AbortSignal) {
	const done = { settled: false };
	const answer: Promise<Answer> = fetch(url + path, {
		headers: { cookie, accept: 'text/html' },
		signal
	}).then(async (res) => ({ status: res.status, headers: res.headers, text: await res.text() }));
	void answer.then(
		() => (done.settled = true),
		() => (done.settled = true)
	);
	return { answer, done };
}

describe('turns with the default settings', () => {
	let server: RunningServer;
	beforeAll(async () => {
		server = await startServer();
	});
	afterAll(async () => {
		await server.stop();
		server.cleanup();
	});

	it("an account's third request waits while two run, and another account's does not", async () => {
		const a = await signUp(server.url);
		const b = await signUp(server.url);
		const first = hold(server.url, a.cookie);
		const second = hold(server.url, a.cookie);
		await gaugeReaches(server.url, running, 2);
		const third = get(server.url, '/api/bills', a.cookie);
		await gaugeReaches(server.url, waiting, 1);

		const other = await get(server.url, '/api/bills', b.cookie).answer;
		expect(other.status).toBe(200);
		expect(third.done.settled).toBe(false);

		expect(await first.finish()).toBe(200);
		expect((await third.answer).status).toBe(200);
		expect(await second.finish()).toBe(200);
		await gaugeReaches(server.url, running, 0);
	});

	it('beyond sixteen waiting, a page and an /api call are refused with Retry-After', async () => {
		const a = await signUp(server.url);
		const b = await signUp(server.url);
		const holders = [hold(server.url, a.cookie), hold(server.url, a.cookie)];
		await gaugeReaches(server.url, running, 2);
		const queued = Array.from({ length: 16 }, (_, i) =>
			get(server.url, i % 2 ? '/' : '/api/bills', a.cookie)
		);
		await gaugeReaches(server.url, waiting, 16);

		const api = await get(server.url, '/api/bills', a.cookie).answer;
		expect(api.status).toBe(429);
		expect(Number(api.headers.get('retry-after'))).toBeGreaterThan(0);
		expect(JSON.parse(api.text)).toEqual({
			error: { code: 'rate_limited', message: expect.stringMatching(/retry in \d+ s/) }
		});
		const page = await get(server.url, '/', a.cookie).answer;
		expect(page.status).toBe(429);
		expect(Number(page.headers.get('retry-after'))).toBeGreaterThan(0);
		expect(page.text).toMatch(/^Too many requests from this session: try again in \d+ s\.$/);

		// Another household is answered meanwhile, and so are the account's static files.
		expect((await get(server.url, '/', b.cookie).answer).status).toBe(200);
		expect((await get(server.url, '/robots.txt', a.cookie).answer).status).toBe(200);

		for (const h of holders) await h.finish();
		const answers = await Promise.all(queued.map((q) => q.answer));
		expect(answers.map((r) => r.status)).toEqual(Array(16).fill(200));
	});
});

describe('a waiting request whose client went away', () => {
	let server: RunningServer;
	beforeAll(async () => {
		// Ten requests a minute per session: what a request that ran would cost is visible.
		server = await startServer({ SESSION_RATE_LIMIT: '10' });
	});
	afterAll(async () => {
		await server.stop();
		server.cleanup();
	});

	it('never runs: it spends none of the budget and frees its place in the queue', async () => {
		const a = await signUp(server.url);
		const holders = [hold(server.url, a.cookie), hold(server.url, a.cookie)];
		await gaugeReaches(server.url, running, 2);
		const gone = new AbortController();
		const abandoned = Array.from({ length: 8 }, () =>
			get(server.url, '/api/bills', a.cookie, gone.signal)
		);
		await gaugeReaches(server.url, waiting, 8);
		gone.abort();
		await gaugeReaches(server.url, waiting, 0);
		await Promise.allSettled(abandoned.map((r) => r.answer));
		for (const h of holders) await h.finish();
		await gaugeReaches(server.url, running, 0);

		// 2 held + 8 now = the 10 of the minute: had the abandoned 8 run, these would be 429s.
		const statuses: number[] = [];
		for (let i = 0; i < 8; i++)
			statuses.push((await get(server.url, '/api/bills', a.cookie).answer).status);
		expect(statuses).toEqual(Array(8).fill(200));
		expect((await get(server.url, '/api/bills', a.cookie).answer).status).toBe(429);
	});
});
