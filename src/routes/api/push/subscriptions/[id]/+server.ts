import { json } from '@sveltejs/kit';
import { appContext } from '$lib/server/app';
import { apiUser } from '$lib/server/api-user';
import { idParam } from '$lib/server/guards';
import type { RequestHandler } from './$types';

/** DELETE /api/push/subscriptions/ID: stop notifying one of the user's browsers. */
export const DELETE: RequestHandler = (event) => {
	const user = apiUser(event);
	return appContext().push.remove(user.id, idParam(event.params.id))
		? new Response(null, { status: 204 })
		: json({ error: { code: 'not_found', message: 'no such subscription' } }, { status: 404 });
};
