import { describe, expect, it } from 'vitest';
import { apiError, toOneShape } from './api-error';

const body = async (res: Response) => (await res.json()) as unknown;

describe('toOneShape', () => {
	it("gives SvelteKit's {message} for an unexpected exception the one shape, without details", async () => {
		const res = await toOneShape(
			new Response(JSON.stringify({ message: 'TypeError: x is undefined', code: 'internal' }), {
				status: 500,
				headers: { 'content-type': 'application/json', 'set-cookie': 'a=b' }
			})
		);
		expect(res.status).toBe(500);
		expect(await body(res)).toEqual({ error: { code: 'internal', message: 'internal error' } });
		expect(res.headers.get('set-cookie')).toBe('a=b');
	});

	it('keeps a thrown error’s code and field', async () => {
		const res = await toOneShape(
			new Response(JSON.stringify({ message: 'too big', code: 'too_large', field: 'body' }), {
				status: 413,
				headers: { 'content-type': 'application/json' }
			})
		);
		expect(await body(res)).toEqual({
			error: { code: 'too_large', message: 'too big', field: 'body' }
		});
	});

	it('turns a plain-text 405 into the shape and keeps Allow', async () => {
		const res = await toOneShape(
			new Response('PATCH method not allowed', {
				status: 405,
				headers: { 'content-type': 'text/plain', allow: 'GET' }
			})
		);
		expect(res.headers.get('allow')).toBe('GET');
		expect(await body(res)).toEqual({
			error: { code: 'method_not_allowed', message: 'PATCH method not allowed' }
		});
	});

	it('passes answers already in the shape, and successes, untouched', async () => {
		const shaped = apiError(409, 'limit_reached', 'full', { field: 'endpoint' });
		expect(await toOneShape(shaped)).toBe(shaped);
		const ok = new Response('{}', { status: 200 });
		expect(await toOneShape(ok)).toBe(ok);
	});
});
