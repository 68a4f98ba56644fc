import { error, type RequestEvent } from '@sveltejs/kit';

/**
 * The signed-in user of a JSON endpoint. The hooks answer 401 for /api without a session
 * before any endpoint runs; this only narrows the type (and stays safe if that changes).
 */
export function apiUser(event: Pick<RequestEvent, 'locals'>) {
	if (!event.locals.user) error(401, { message: 'log in first', code: 'unauthorized' });
	return event.locals.user;
}
