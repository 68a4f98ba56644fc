import { json } from '@sveltejs/kit';
import { appContext } from '$lib/server/app';
import { apiUser } from '$lib/server/api-user';
import type { RequestHandler } from './$types';

/** GET /api/push/preferences: which severities and rules notify, and quiet hours. */
export const GET: RequestHandler = (event) =>
	json(appContext().push.preferences(apiUser(event).id));

/** PUT /api/push/preferences: replace them (all fields, as GET returns them). */
export const PUT: RequestHandler = async (event) => {
	const user = apiUser(event);
	const body = await event.request.json().catch(() => undefined);
	const result = appContext().push.setPreferences(user.id, body);
	if (!result.ok)
		return json(
			{
				error: {
					code: 'invalid_preferences',
					message: result.error.issues
						.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`)
						.join('; ')
				}
			},
			{ status: 400 }
		);
	return json(appContext().push.preferences(user.id));
};
