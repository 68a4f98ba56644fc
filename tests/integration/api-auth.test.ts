import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, signUp, startServer, type Account, type RunningServer } from '../helpers/server';

let server: RunningServer;
let account: Account;
beforeAll(async () => {
	server = await startServer();
	account = await signUp(server.url);
});
afterAll(() => server.cleanup());

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** Every SvelteKit endpoint under /api, read from the route files. */
function apiRoutes(dir = join(ROOT, 'src/routes/api')): { route: string; methods: string[] }[] {
	const out: { route: string; methods: string[] }[] = [];
	for (const name of readdirSync(dir)) {
		const full = join(dir, name);
		if (statSync(full).isDirectory()) out.push(...apiRoutes(full));
		else if (name === '+server.ts') {
			const source = readFileSync(full, 'utf8');
			const methods = [
				...source.matchAll(/export (?:const|(?:async )?function) (GET|POST|PUT|PATCH|DELETE)\b/g)
			].map((m) => m[1]!);
			out.push({ route: '/' + relative(join(ROOT, 'src/routes'), dir), methods });
		}
	}
	return out;
}
const concrete = (route: string) => route.replace(/\[\w+\]/g, '1');

const ONE_SHAPE = {
	error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) })
};

/** The body of an error answer, checked to be the one shape and nothing else. */
async function shaped(res: Response, what: string) {
	expect([what, res.headers.get('content-type')]).toEqual([
		what,
		expect.stringMatching(/^application\/json/)
	]);
	const body = (await res.json()) as { error: { code: string; message: string; field?: string } };
	expect([what, body]).toEqual([what, ONE_SHAPE]);
	expect([what, Object.keys(body.error).sort()]).toEqual([
		what,
		expect.arrayContaining(['code', 'message'])
	]);
	for (const key of Object.keys(body.error)) expect(['code', 'message', 'field']).toContain(key);
	expect(body.error.message.length).toBeGreaterThan(0);
	return body.error;
}

interface BadInput {
	/** Replaces the route's concrete path (e.g. a malformed id). */
	path?: string;
	query?: string;
	body?: unknown;
	status: number;
	field: string;
}

/**
 * What each endpoint refuses, keyed `METHOD /route`. Every method of every route file must
 * be here: a new endpoint without an entry fails the walk below. 'no input' marks an
 * endpoint that reads nothing from the request.
 */
const BAD_INPUT: Record<string, BadInput | 'no input'> = {
	'GET /api/bills': { query: '?month=2026-13', status: 400, field: 'month' },
	'GET /api/meter': 'no input',
	'POST /api/meter': { body: { action: 'explode' }, status: 400, field: 'action' },
	'POST /api/outbox': { body: { ops: 'all of them' }, status: 400, field: 'ops' },
	'GET /api/push/preferences': 'no input',
	'PUT /api/push/preferences': {
		body: { severities: ['loud'], rules: [], quiet: null, criticalInQuiet: false },
		status: 400,
		field: 'severities.0'
	},
	'GET /api/push/subscriptions': 'no input',
	'POST /api/push/subscriptions': {
		body: { endpoint: 'http://push.example/x', keys: { p256dh: 'x', auth: 'y' } },
		status: 400,
		field: 'endpoint'
	},
	'DELETE /api/push/subscriptions': { body: { endpoint: 7 }, status: 400, field: 'endpoint' },
	'DELETE /api/push/subscriptions/[id]': {
		path: '/api/push/subscriptions/first',
		status: 404,
		field: 'id'
	},
	'POST /api/push/test': 'no input',
	'GET /api/sync': { query: '?since=yesterday', status: 400, field: 'since' },
	'GET /api/tariffs': 'no input',
	'POST /api/tariffs': {
		body: { name: 'Bad', validFrom: '2025-02-30', energy: { kind: 'flat', rate: 5 } },
		status: 400,
		field: 'validFrom'
	},
	'DELETE /api/tariffs': { query: '?validFrom=soon', status: 400, field: 'validFrom' }
};

const call = (path: string, method: string, init: { body?: unknown; cookie?: string } = {}) =>
	fetch(server.url + path, {
		method,
		redirect: 'manual',
		headers: {
			'content-type': 'application/json',
			...(init.cookie ? { cookie: init.cookie } : {})
		},
		...(method === 'GET' || method === 'HEAD'
			? {}
			: { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body ?? {}) })
	});

describe('every /api route', () => {
	const routes = apiRoutes();

	it('is found by the walk, with its methods', () => {
		expect(routes.map((r) => r.route)).toEqual(
			expect.arrayContaining(['/api/bills', '/api/tariffs', '/api/sync'])
		);
		for (const { route, methods } of routes)
			expect([route, methods.length]).not.toEqual([route, 0]);
	});

	it('answers a signed-out caller 401 in the one shape from every method, never a redirect', async () => {
		for (const { route, methods } of routes) {
			for (const method of methods) {
				const res = await call(concrete(route), method);
				const what = `${method} ${route}`;
				expect([what, res.status]).toEqual([what, 401]);
				expect([what, await shaped(res, what)]).toEqual([
					what,
					{ code: 'unauthorized', message: expect.any(String) }
				]);
			}
		}
	});

	it('refuses bad input with a 4xx in the one shape that names the field', async () => {
		for (const { route, methods } of routes) {
			for (const method of methods) {
				const what = `${method} ${route}`;
				const bad = BAD_INPUT[what];
				expect([what, bad]).not.toEqual([what, undefined]);
				if (bad === 'no input') continue;
				const res = await call((bad!.path ?? concrete(route)) + (bad!.query ?? ''), method, {
					body: bad!.body,
					cookie: account.cookie
				});
				expect([what, res.status]).toEqual([what, bad!.status]);
				expect([what, (await shaped(res, what)).field]).toEqual([what, bad!.field]);
			}
		}
	});

	it('refuses a body that is not JSON with a 400 naming it, and one over the size limit with a 413', async () => {
		for (const { route, methods } of routes) {
			for (const method of methods.filter((m) => m === 'POST' || m === 'PUT')) {
				const what = `${method} ${route}`;
				if (BAD_INPUT[what] === 'no input') continue;
				const res = await call(concrete(route), method, {
					body: '{"not": json',
					cookie: account.cookie
				});
				expect([what, res.status]).toEqual([what, 400]);
				expect([what, (await shaped(res, what)).field]).toEqual([
					what,
					expect.stringMatching(/\w/)
				]);
			}
		}
		// adapter-node's BODY_SIZE_LIMIT is 512 kB by default.
		const huge = JSON.stringify({ ops: [{ id: 'x'.repeat(600_000) }] });
		const res = await call('/api/outbox', 'POST', { body: huge, cookie: account.cookie });
		expect(res.status).toBe(413);
		expect(await shaped(res, 'POST /api/outbox, 600 kB')).toEqual({
			code: 'too_large',
			message: expect.any(String),
			field: 'body'
		});
	});

	it('answers a method the route does not have with 405 in the one shape, with Allow', async () => {
		for (const { route, methods } of routes) {
			const wrong = METHODS.find((m) => !methods.includes(m))!;
			const what = `${wrong} ${route}`;
			const res = await call(concrete(route), wrong, { cookie: account.cookie });
			expect([what, res.status]).toEqual([what, 405]);
			expect(res.headers.get('allow')).toBeTruthy();
			expect([what, (await shaped(res, what)).code]).toEqual([what, 'method_not_allowed']);
		}
	});

	it('answers an unknown /api path 404 in the one shape, signed in or not', async () => {
		const signedIn = await call('/api/nothing/here', 'GET', { cookie: account.cookie });
		expect(signedIn.status).toBe(404);
		expect((await shaped(signedIn, 'GET /api/nothing/here')).code).toBe('not_found');
		const html = await fetch(`${server.url}/api/nothing`, {
			headers: { cookie: account.cookie, accept: 'text/html' }
		});
		expect(html.status).toBe(404);
		expect((await shaped(html, 'GET /api/nothing as HTML')).code).toBe('not_found');
		const signedOut = await call('/api/nothing/here', 'GET');
		expect(signedOut.status).toBe(401);
		await shaped(signedOut, 'GET /api/nothing/here signed out');
	});
});
