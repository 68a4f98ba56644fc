import type { Handle, HandleServerError } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { apiError, inLanguage, toOneShape, unauthorized } from '$lib/server/api-error';
import * as m from '$i18n/messages';
import { intlLocale } from '$server/settings/locale';
import { appContext } from '$lib/server/app';
import { clearSessionCookie, setSessionCookie } from '$lib/server/session-cookie';
import { SESSION_COOKIE } from '$server/auth/cookie';
import { chooseLanguage } from '$lib/server/language';

/** Who is asking: the session cookie's user, with sliding renewal of the cookie too. */
const authenticate: Handle = async ({ event, resolve }) => {
	const token = event.cookies.get(SESSION_COOKIE);
	const who = token ? appContext().auth.validate(token) : null;
	if (who) {
		setSessionCookie(event, token!, who.session.expiresAt);
		event.locals.user = who.user;
		event.locals.session = who.session;
		// A large household's index is built in slices here, not all at once by its first figure.
		await appContext().insights.householdReady(who.user.id);
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
		return apiError(403, 'cross_origin', 'cross-origin writes are refused');
	}
	return resolve(event);
};

/**
 * /api is JSON for scripts and the app's own fetches: without a session it answers 401
 * here, before any endpoint (a redirect to the log-in page means nothing to a fetch), and
 * a session's calls are rate-limited.
 */
const isApi = (path: string) => path === '/api' || path.startsWith('/api/');
const guardApi: Handle = async ({ event, resolve }) => {
	if (!isApi(event.url.pathname)) return resolve(event);
	const locale = event.locals.locale;
	if (!event.locals.session) return inLanguage(unauthorized(), locale);
	const allowed = await appContext().limits.session(event.locals.session.id);
	if (!allowed.ok) {
		const refused = apiError(
			429,
			'rate_limited',
			`too many requests; retry in ${allowed.retryAfterS} s`,
			{ headers: { 'retry-after': String(allowed.retryAfterS) } }
		);
		return inLanguage(refused, locale);
	}
	return inLanguage(await toOneShape(await resolve(event)), locale);
};

/**
 * A signed-in session's pages share its budget with its /api calls, so one account
 * reloading a heavy page in a loop slows only itself. The pages that read the most (a
 * period of history, a download) cost more of it.
 */
const HEAVY: [prefix: string, points: number][] = [
	['/history', 10],
	['/export/', 20],
	['/bills', 3]
];
const guardPages: Handle = async ({ event, resolve }) => {
	const path = event.url.pathname;
	if (!event.locals.session || isApi(path) || path.startsWith('/_app/')) {
		return resolve(event);
	}
	const points = HEAVY.find(([prefix]) => path.startsWith(prefix))?.[1] ?? 1;
	const allowed = await appContext().limits.session(event.locals.session.id, points);
	if (!allowed.ok) {
		return new Response(
			m.page_too_many({
				n: allowed.retryAfterS.toLocaleString(intlLocale(event.locals.locale))
			}),
			{
				status: 429,
				headers: {
					'content-type': 'text/plain; charset=utf-8',
					'retry-after': String(allowed.retryAfterS)
				}
			}
		);
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

export const handle = sequence(
	authenticate,
	chooseLanguage,
	refuseCrossOrigin,
	guardApi,
	guardPages,
	securityHeaders
);

/**
 * An exception no code expected: logged here with its path, and answered without its
 * details (for /api the funnel above gives it the one shape, code `internal`).
 */
export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (status >= 500) console.error(`${event.request.method} ${event.url.pathname}:`, error);
	return {
		message: status >= 500 ? 'internal error' : message,
		code: status >= 500 ? 'internal' : undefined
	};
};
