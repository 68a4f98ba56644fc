import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { normaliseEmail } from '$server/auth/auth.service';
import { appContext } from './app';
import { setSessionCookie } from './session-cookie';

/** Only a path on this site, never `//evil.example` or an absolute URL. */
export function safeNext(next: string | null): string {
	return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\')
		? next
		: '/';
}

function field(form: FormData, name: string): string {
	const v = form.get(name);
	return typeof v === 'string' ? v : '';
}

function tooMany(event: RequestEvent, retryAfterS: number, email: string) {
	event.locals.retryAfterS = retryAfterS;
	const minutes = Math.ceil(retryAfterS / 60);
	return fail(429, {
		email,
		message: `Too many attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`
	});
}

export async function logInAction(event: RequestEvent) {
	const form = await event.request.formData();
	const email = field(form, 'email');
	const password = field(form, 'password');
	const app = appContext();
	const ip = event.getClientAddress();
	const key = normaliseEmail(email);
	const allowed = await app.limits.loginAllowed(ip, key);
	if (!allowed.ok) return tooMany(event, allowed.retryAfterS, email);
	const result = await app.auth.logIn(email, password);
	if (!result.ok) {
		await app.limits.loginFailed(ip, key);
		return fail(400, { email, message: result.message });
	}
	await app.limits.loginSucceeded(key);
	setSessionCookie(event, result.value.token, result.value.session.expiresAt);
	redirect(303, safeNext(event.url.searchParams.get('next')));
}

export async function signUpAction(event: RequestEvent) {
	const form = await event.request.formData();
	const email = field(form, 'email');
	const password = field(form, 'password');
	const app = appContext();
	const allowed = await app.limits.signup(event.getClientAddress());
	if (!allowed.ok) return tooMany(event, allowed.retryAfterS, email);
	const result = await app.auth.signUp(email, password);
	if (!result.ok) {
		const status = result.reason === 'signup_closed' ? 403 : 400;
		return fail(status, { email, message: result.message, reason: result.reason });
	}
	setSessionCookie(event, result.value.token, result.value.session.expiresAt);
	redirect(303, '/devices');
}
