import { json } from '@sveltejs/kit';
import { appContext } from '$lib/server/app';
import { invalidInput, readJson } from '$lib/server/api-error';
import { apiUser } from '$lib/server/api-user';
import type { RequestHandler } from './$types';

/** GET /api/push/preferences: which severities and rules notify, and quiet hours. */
export const GET: RequestHandler = (event) =>
	json(appContext().push.preferences(apiUser(event).id));

/** PUT /api/push/preferences: replace them (all fields, as GET returns them). */
export const PUT: RequestHandler = async (event) => {
	const user = apiUser(event);
	const body = await readJson(event.request);
	const result = appContext().push.setPreferences(user.id, body);
	if (!result.ok) return invalidInput('invalid_preferences', result.error.issues);
	return json(appContext().push.preferences(user.id));
};
