import { appContext } from '$lib/server/app';
import { apiError } from '$lib/server/api-error';
import { apiUser } from '$lib/server/api-user';
import type { RequestHandler } from './$types';

/** DELETE /api/push/subscriptions/ID: stop notifying one of the user's browsers. */
export const DELETE: RequestHandler = (event) => {
	const user = apiUser(event);
	const id = Number(event.params.id);
	if (!Number.isSafeInteger(id) || id <= 0)
		return apiError(404, 'not_found', 'no such subscription', { field: 'id' });
	return appContext().push.remove(user.id, id)
		? new Response(null, { status: 204 })
		: apiError(404, 'not_found', 'no such subscription', { field: 'id' });
};
