import { error, type RequestEvent } from '@sveltejs/kit';

/** JSON endpoints answer 401 (not a redirect to the log-in page) without a session. */
export function apiUser(event: Pick<RequestEvent, 'locals'>) {
	if (!event.locals.user) error(401, { message: 'log in first', code: 'unauthorized' });
	return event.locals.user;
}
