import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;
beforeAll(async () => {
	server = await startServer();
});
afterAll(() => server.cleanup());

/** Every SvelteKit endpoint under /api, read from the route files. */
function apiRoutes(dir = join(ROOT, 'src/routes/api')): { path: string; methods: string[] }[] {
	const out: { path: string; methods: string[] }[] = [];
	for (const name of readdirSync(dir)) {
		const full = join(dir, name);
		if (statSync(full).isDirectory()) out.push(...apiRoutes(full));
		else if (name === '+server.ts') {
			const source = readFileSync(full, 'utf8');
			const methods = [...source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)].map(
				(m) => m[1]!
			);
			const route = '/' + relative(join(ROOT, 'src/routes'), dir).replace(/\[\w+\]/g, '1');
			out.push({ path: route, methods });
		}
	}
	return out;
}

describe('signed-out callers of /api', () => {
	it('get 401 in the one error shape from every endpoint and method, never a redirect', async () => {
		const routes = apiRoutes();
		expect(routes.map((r) => r.path)).toEqual(
			expect.arrayContaining(['/api/bills', '/api/tariffs', '/api/sync'])
		);
		for (const { path, methods } of routes) {
			for (const method of methods) {
				const res = await fetch(server.url + path, {
					method,
					redirect: 'manual',
					headers: { 'content-type': 'application/json' },
					...(method === 'GET' ? {} : { body: '{}' })
				});
				expect([method, path, res.status]).toEqual([method, path, 401]);
				expect(res.headers.get('content-type')).toMatch(/^application\/json/);
				expect([method, path, await res.json()]).toEqual([
					method,
					path,
					{ error: { code: 'unauthorized', message: expect.any(String) } }
				]);
			}
		}
	});
});
