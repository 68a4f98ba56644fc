import { json } from '@sveltejs/kit';
import { appContext } from '$lib/server/app';
import { apiError, invalidInput, readJson } from '$lib/server/api-error';
import { apiUser } from '$lib/server/api-user';
import type { RequestHandler } from './$types';

/** GET /api/push/subscriptions: the user's browsers with notifications on, and the key. */
export const GET: RequestHandler = (event) => {
	const user = apiUser(event);
	const push = appContext().push;
	return json({ publicKey: push.publicKey(), subscriptions: push.list(user.id) });
};

/** POST /api/push/subscriptions: a browser's PushSubscription (its toJSON()). */
export const POST: RequestHandler = async (event) => {
	const user = apiUser(event);
	const body = await readJson(event.request);
	if (body === undefined)
		return apiError(400, 'invalid_subscription', 'the body must be JSON', { field: 'body' });
	const result = appContext().push.subscribe(
		user.id,
		body,
		event.request.headers.get('user-agent')
	);
	if (!result.ok && 'limit' in result)
		return apiError(
			409,
			'limit_reached',
			`Notifications are on in ${result.limit} browsers, the most one account may have; turn them off in one first`,
			{ field: 'endpoint' }
		);
	if (!result.ok) return invalidInput('invalid_subscription', result.error.issues);
	return json({ id: result.id }, { status: 201 });
};

/** DELETE /api/push/subscriptions {endpoint}: this browser turned notifications off. */
export const DELETE: RequestHandler = async (event) => {
	const user = apiUser(event);
	const body = (await readJson(event.request)) as { endpoint?: unknown } | null | undefined;
	if (typeof body?.endpoint !== 'string')
		return apiError(400, 'invalid_subscription', 'endpoint: required', { field: 'endpoint' });
	appContext().push.removeEndpoint(user.id, body.endpoint);
	return new Response(null, { status: 204 });
};
