import { error, json } from '@sveltejs/kit';
import * as m from '$i18n/messages';
import type { Locale } from '$server/settings/locale';

/**
 * The one error shape of every JSON answer: `{ error: { code, message, field? } }`. Every
 * /api endpoint answers its refusals through `apiError`; whatever else ends an /api request
 * in an error (a thrown `error()`, an unexpected exception, an unknown path, a wrong method,
 * a body over the size limit) is reshaped by `toOneShape` in the hooks.
 */
export function apiError(
	status: number,
	code: string,
	message: string,
	options: { field?: string; headers?: Record<string, string> } = {}
): Response {
	const { field, headers } = options;
	return json({ error: { code, message, ...(field ? { field } : {}) } }, { status, headers });
}

/** What every /api endpoint answers a caller without a session: never a redirect. */
export const unauthorized = () => apiError(401, 'unauthorized', 'log in first');

/** A schema's refusal (zod's issues), naming the first field it refused. */
export function invalidInput(
	code: string,
	issues: readonly { path: readonly PropertyKey[]; message: string }[]
): Response {
	const first = issues[0];
	const field = first && first.path.length ? first.path.map(String).join('.') : 'body';
	const message = issues.map((i) => `${i.path.map(String).join('.') || 'body'}: ${i.message}`);
	return apiError(400, code, message.join('; '), { field });
}

/**
 * The request's JSON body, or `undefined` when it is not JSON. A body over BODY_SIZE_LIMIT
 * is a 413 (the adapter reports it as the body stream's error), not "not JSON".
 */
export async function readJson(request: Request): Promise<unknown> {
	try {
		return await request.json();
	} catch (err) {
		if ((err as { status?: unknown }).status === 413)
			error(413, { message: 'the body is too large', code: 'too_large', field: 'body' });
		return undefined;
	}
}

const CODES: Record<number, string> = {
	400: 'invalid_input',
	401: 'unauthorized',
	403: 'forbidden',
	404: 'not_found',
	405: 'method_not_allowed',
	409: 'conflict',
	413: 'too_large',
	415: 'unsupported_media_type',
	429: 'rate_limited'
};
const codeFor = (status: number) => CODES[status] ?? (status >= 500 ? 'internal' : 'error');

/**
 * The funnel: an /api error answer in any other shape (SvelteKit's `{message}` JSON, its
 * plain-text 405, an HTML error page) becomes the one shape, keeping its status and
 * headers (Allow, Retry-After, cookies). Answers already in the shape pass untouched.
 */
export async function toOneShape(response: Response): Promise<Response> {
	if (response.status < 400) return response;
	const type = response.headers.get('content-type') ?? '';
	const text = await response.clone().text();
	let body: { error?: { code?: unknown }; message?: unknown; code?: unknown; field?: unknown } = {};
	if (type.includes('json')) {
		try {
			body = JSON.parse(text) ?? {};
		} catch {
			body = {};
		}
		if (typeof body.error?.code === 'string') return response;
	}
	const status = response.status;
	const message =
		typeof body.message === 'string' && body.message
			? body.message
			: type.startsWith('text/plain') && text && text.length < 300
				? text
				: response.statusText || codeFor(status);
	const shaped = apiError(
		status,
		typeof body.code === 'string' ? body.code : codeFor(status),
		status >= 500 ? 'internal error' : message,
		{ field: typeof body.field === 'string' ? body.field : undefined }
	);
	// Everything else the answer carried (Allow, Retry-After, Set-Cookie) stays.
	const headers = new Headers(response.headers);
	headers.delete('content-length');
	headers.set('content-type', 'application/json');
	return new Response(shaped.body, { status, headers });
}

const IN_WORDS: Record<string, (inputs: { field: string }, options: { locale: Locale }) => string> =
	{
		invalid_input: m.api_invalid_input,
		unauthorized: m.api_unauthorized,
		forbidden: m.api_forbidden,
		not_found: m.api_not_found,
		method_not_allowed: m.api_method_not_allowed,
		conflict: m.api_conflict,
		too_large: m.api_too_large,
		unsupported_media_type: m.api_unsupported_media_type,
		rate_limited: m.api_rate_limited,
		cross_origin: m.api_cross_origin,
		internal: m.api_internal
	};

/**
 * An error answer in the reader's language: scripts get the English detail (they match on
 * `code`); a request in Bangla gets the code's sentence, with the field it names kept.
 */
export async function inLanguage(response: Response, locale: Locale): Promise<Response> {
	if (locale === 'en' || response.status < 400) return response;
	if (!(response.headers.get('content-type') ?? '').includes('json')) return response;
	const body = (await response.clone().json()) as {
		error?: { code?: string; message?: string; field?: string };
	};
	const e = body.error;
	if (!e || typeof e.code !== 'string') return response;
	const say = IN_WORDS[e.code] ?? m.api_error;
	const message = say({ field: e.field ?? 'body' }, { locale });
	const headers = new Headers(response.headers);
	headers.delete('content-length');
	return new Response(JSON.stringify({ error: { ...e, message } }), {
		status: response.status,
		headers
	});
}
