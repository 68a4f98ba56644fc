import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	addDevice,
	post,
	ROOT,
	signUp,
	startServer,
	type Account,
	type RunningServer
} from '../helpers/server';

/**
 * The ownership matrix, generated from the route files: every page, endpoint and form
 * action that exists — including ones added after this test was written — is requested
 * by user B with every id B could guess, and must answer 404 or 403 and never show A's data.
 */
interface Route {
	file: string;
	pattern: string;
	params: string[];
	kind: 'page' | 'endpoint';
	actions: string[];
	methods: string[];
}

const PUBLIC = new Set(['/login', '/signup', '/logout']);

function walk(dir: string): string[] {
	return readdirSync(dir).flatMap((f) => {
		const p = join(dir, f);
		return statSync(p).isDirectory() ? walk(p) : [p];
	});
}

function routes(): Route[] {
	const base = join(ROOT, 'src/routes');
	const byDir = new Map<string, string[]>();
	for (const f of walk(base)) {
		const dir = relative(base, join(f, '..'));
		byDir.set(dir, [...(byDir.get(dir) ?? []), f.slice(f.lastIndexOf('/') + 1)]);
	}
	const out: Route[] = [];
	for (const [dir, files] of byDir) {
		const segments = dir.split('/').filter((s) => s && !/^\(.*\)$/.test(s));
		const pattern = '/' + segments.join('/');
		const params = segments
			.filter((s) => s.startsWith('['))
			.map((s) => s.replace(/^\[+|\]+$/g, ''));
		if (files.some((f) => f.startsWith('+page.svelte') || f.startsWith('+page.server'))) {
			const server = files.find((f) => f.startsWith('+page.server'));
			const src = server ? readFileSync(join(base, dir, server), 'utf8') : '';
			const block = /export const actions[^=]*=\s*{([\s\S]*)};?\s*$/m.exec(src)?.[1] ?? '';
			const actions = [...block.matchAll(/^\t(\w+):/gm)].map((m) => m[1]!);
			out.push({ file: dir, pattern, params, kind: 'page', actions, methods: ['GET'] });
		}
		const endpoint = files.find((f) => f.startsWith('+server'));
		if (endpoint) {
			const src = readFileSync(join(base, dir, endpoint), 'utf8');
			const methods = [
				...src.matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g)
			].map((m) => m[1]!);
			out.push({ file: dir, pattern, params, kind: 'endpoint', actions: [], methods });
		}
	}
	return out.filter((r) => !PUBLIC.has(r.pattern));
}

const SECRET_NAME = 'Alpha secret strip';
const SECRET_LABEL = 'AlphaFridge';

let server: RunningServer;
let a: Account;
let b: Account;
let aDevice: { id: number; token: string };
let maxId = 0;

beforeAll(async () => {
	server = await startServer();
	a = await signUp(server.url);
	b = await signUp(server.url);
	aDevice = await addDevice(server.dbPath, SECRET_NAME, 4, a.email);
	await addDevice(server.dbPath, 'Alpha second strip', 2, a.email);
	await fetch(`${server.url}/devices/${aDevice.id}?/labels`, {
		method: 'POST',
		headers: {
			origin: server.url,
			accept: 'text/html',
			cookie: a.cookie,
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams({ label_1: SECRET_LABEL })
	});
	const t0 = Date.now() - 3_600_000;
	await post(
		server.url,
		'/api/v1/readings',
		aDevice.token,
		Array.from({ length: 120 }, (_, i) => ({
			ts: t0 + i * 30_000,
			seq: i,
			ports: [{ port: 1, voltage: 230, current: 6, power: 1400 }]
		}))
	);
	maxId = aDevice.id + 2;
});
afterAll(() => server.cleanup());

const all = routes();
const guesses = () => Array.from({ length: maxId + 3 }, (_, i) => i + 1).concat([0, -1, 2 ** 40]);

function fill(pattern: string, id: number): string {
	return pattern.replace(/\[+[^\]]+\]+/g, String(id));
}

describe('ownership matrix', () => {
	it('found the routes to check', () => {
		expect(all.filter((r) => r.params.length > 0).length).toBeGreaterThan(0);
		expect(all.some((r) => r.pattern === '/devices/[id]')).toBe(true);
	});

	it.each(all.map((r) => [r.kind + ' ' + r.pattern, r] as const))(
		'%s refuses user B everything of user A',
		async (_name, route) => {
			const headers = { cookie: b.cookie, origin: server.url, accept: 'text/html' };
			if (route.params.length === 0) {
				for (const method of route.methods.filter((m) => m === 'GET')) {
					const res = await fetch(server.url + route.pattern, {
						method,
						headers,
						redirect: 'manual'
					});
					const text = await res.text();
					expect(text, `${route.pattern} shows A's device to B`).not.toContain(SECRET_NAME);
					expect(text).not.toContain(SECRET_LABEL);
				}
				return;
			}
			for (const id of guesses()) {
				const url = server.url + fill(route.pattern, id);
				for (const method of route.methods) {
					const res = await fetch(url, { method, headers, redirect: 'manual' });
					expect([403, 404], `${method} ${fill(route.pattern, id)}`).toContain(res.status);
					expect(await res.text()).not.toContain(SECRET_NAME);
				}
				for (const action of route.actions) {
					const res = await fetch(`${url}?/${action}`, {
						method: 'POST',
						headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
						body: new URLSearchParams({
							name: 'hijacked',
							confirm: SECRET_NAME,
							label_1: 'hijacked'
						}),
						redirect: 'manual'
					});
					expect([403, 404], `action ${action} on ${fill(route.pattern, id)}`).toContain(
						res.status
					);
				}
			}
		}
	);

	it('left A’s device untouched after all of that', async () => {
		const res = await fetch(`${server.url}/devices/${aDevice.id}`, {
			headers: { cookie: a.cookie }
		});
		const text = await res.text();
		expect(text).toContain(SECRET_NAME);
		expect(text).toContain(SECRET_LABEL);
		expect(
			(
				await post(server.url, '/api/data', aDevice.token, {
					port: 1,
					voltage: 230,
					current: 1,
					power: 230
				})
			).status
		).toBe(200);
	});

	it('never puts B’s socket in A’s device room', async () => {
		const socket = io(server.url, {
			transports: ['websocket'],
			reconnection: false,
			extraHeaders: { cookie: b.cookie }
		});
		await new Promise<void>((r) => socket.once('connect', () => r()));
		const got: unknown[] = [];
		socket.onAny((event, payload) => got.push([event, payload]));
		await post(server.url, '/api/data', aDevice.token, {
			port: 2,
			voltage: 231,
			current: 2,
			power: 460
		});
		await new Promise((r) => setTimeout(r, 800));
		socket.close();
		expect(got).toEqual([]);
	});
});
