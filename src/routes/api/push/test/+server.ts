import { json } from '@sveltejs/kit';
import { appContext } from '$lib/server/app';
import { apiUser } from '$lib/server/api-user';
import type { RequestHandler } from './$types';

/** POST /api/push/test: a test notification to each of the user's browsers. */
export const POST: RequestHandler = (event) => {
	const user = apiUser(event);
	return json({ queued: appContext().push.sendTest(user.id) }, { status: 202 });
};
