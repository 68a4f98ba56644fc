import { json, type Handle } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { appContext } from '$lib/server/app';
import { clearSessionCookie, setSessionCookie } from '$lib/server/session-cookie';
import { SESSION_COOKIE } from '$server/auth/cookie';

/** Who is asking: the session cookie's user, with sliding renewal of the cookie too. */
const authenticate: Handle = async ({ event, resolve }) => {
	const token = event.cookies.get(SESSION_COOKIE);
	const who = token ? appContext().auth.validate(token) : null;
	if (who) {
		setSessionCookie(event, token!, who.session.expiresAt);
		event.locals.user = who.user;
		event.locals.session = who.session;
	} else {
		if (token) clearSessionCookie(event);
		event.locals.user = null;
		event.locals.session = null;
	}
	return resolve(event);
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every state-changing request refuses another origin: SvelteKit's own check covers form
 * posts only, not JSON endpoints such as a port's switch. A request without Origin is
 * not from a browser page and still needs a session.
 */
const refuseCrossOrigin: Handle = async ({ event, resolve }) => {
	const origin = event.request.headers.get('origin');
	if (!SAFE_METHODS.has(event.request.method) && origin && origin !== event.url.origin) {
		return json(
			{ error: { code: 'cross_origin', message: 'cross-origin writes are refused' } },
			{ status: 403 }
		);
	}
	return resolve(event);
};

/** A session's API calls are rate-limited. */
const limitApi: Handle = async ({ event, resolve }) => {
	if (!event.url.pathname.startsWith('/api/')) return resolve(event);
	if (event.locals.session) {
		const allowed = await appContext().limits.session(event.locals.session.id);
		if (!allowed.ok) {
			return json(
				{
					error: {
						code: 'rate_limited',
						message: `too many requests; retry in ${allowed.retryAfterS} s`
					}
				},
				{ status: 429, headers: { 'retry-after': String(allowed.retryAfterS) } }
			);
		}
	}
	return resolve(event);
};

const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('referrer-policy', 'same-origin');
	response.headers.set('x-frame-options', 'DENY');
	response.headers.set('permissions-policy', 'camera=(), microphone=(), geolocation=()');
	if (event.locals.retryAfterS)
		response.headers.set('retry-after', String(event.locals.retryAfterS));
	return response;
};

export const handle = sequence(authenticate, refuseCrossOrigin, limitApi, securityHeaders);
