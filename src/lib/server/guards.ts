import { error, redirect, type RequestEvent } from '@sveltejs/kit';

/** The signed-in user, or a redirect to log-in that comes back here afterwards. */
export function requireUser(event: Pick<RequestEvent, 'locals' | 'url'>) {
	const user = event.locals.user;
	if (!user) {
		const back = event.url.pathname + event.url.search;
		redirect(303, `/login?next=${encodeURIComponent(back)}`);
	}
	return user;
}

/** A positive integer id from a route parameter; anything else is a 404. */
export function idParam(value: string): number {
	const id = Number(value);
	if (!Number.isSafeInteger(id) || id <= 0) error(404, 'Not found');
	return id;
}
