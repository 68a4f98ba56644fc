import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { normaliseEmail } from '$server/auth/auth.service';
import { appContext } from './app';
import { setSessionCookie } from './session-cookie';
import * as m from '$i18n/messages';
import { intlLocale } from '$server/settings/locale';

const SAME_SITE = 'http://same-site.invalid';

/**
 * Only a path on this site. Control characters are refused outright: the URL parser drops
 * a tab (`/\t/evil.example` is `//evil.example` to a browser) and a newline cannot go in a
 * header. A backslash is a slash to browsers, so it is refused too.
 */
export function safeNext(next: string | null): string {
	// eslint-disable-next-line no-control-regex
	if (!next || !next.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(next)) return '/';
	const url = new URL(next, SAME_SITE);
	return url.origin === SAME_SITE ? url.pathname + url.search + url.hash : '/';
}

function field(form: FormData, name: string): string {
	const v = form.get(name);
	return typeof v === 'string' ? v : '';
}

function tooMany(event: RequestEvent, retryAfterS: number, email: string) {
	event.locals.retryAfterS = retryAfterS;
	const minutes = Math.ceil(retryAfterS / 60);
	const n = minutes.toLocaleString(intlLocale(event.locals.locale));
	return fail(429, { email, message: m.err_too_many_attempts({ count: minutes, n }) });
}

export async function logInAction(event: RequestEvent) {
	const form = await event.request.formData();
	const email = field(form, 'email');
	const password = field(form, 'password');
	const app = appContext();
	const ip = event.getClientAddress();
	const key = normaliseEmail(email);
	const allowed = await app.loginGuard.allowed(key, ip);
	if (!allowed.ok) return tooMany(event, allowed.retryAfterS, email);
	const result = await app.auth.logIn(email, password, event.locals.locale);
	if (!result.ok) {
		await app.loginGuard.failed(key, ip);
		return fail(400, { email, message: result.message });
	}
	await app.loginGuard.succeeded(result.value.session.userId, key, ip);
	setSessionCookie(event, result.value.token, result.value.session.expiresAt);
	redirect(303, safeNext(event.url.searchParams.get('next')));
}

export async function signUpAction(event: RequestEvent) {
	const form = await event.request.formData();
	const email = field(form, 'email');
	const password = field(form, 'password');
	const app = appContext();
	const ip = event.getClientAddress();
	const allowed = await app.limits.signup(ip);
	if (!allowed.ok) return tooMany(event, allowed.retryAfterS, email);
	const result = await app.auth.signUp(email, password, event.locals.locale);
	if (!result.ok) {
		const status = result.reason === 'signup_closed' ? 403 : 400;
		return fail(status, { email, message: result.message, reason: result.reason });
	}
	await app.loginGuard.succeeded(result.value.session.userId, normaliseEmail(email), ip);
	// The account starts in the language its sign-up page spoke.
	app.settings.setForUser(result.value.session.userId, 'locale', event.locals.locale);
	setSessionCookie(event, result.value.token, result.value.session.expiresAt);
	redirect(303, '/devices');
}
