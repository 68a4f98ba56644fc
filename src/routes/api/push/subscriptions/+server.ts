import { json } from '@sveltejs/kit';
import { appContext } from '$lib/server/app';
import { apiUser } from '$lib/server/api-user';
import type { RequestHandler } from './$types';

const invalid = (message: string) =>
	json({ error: { code: 'invalid_subscription', message } }, { status: 400 });

/** GET /api/push/subscriptions: the user's browsers with notifications on, and the key. */
export const GET: RequestHandler = (event) => {
	const user = apiUser(event);
	const push = appContext().push;
	return json({ publicKey: push.publicKey(), subscriptions: push.list(user.id) });
};

/** POST /api/push/subscriptions: a browser's PushSubscription (its toJSON()). */
export const POST: RequestHandler = async (event) => {
	const user = apiUser(event);
	const body = await event.request.json().catch(() => undefined);
	if (body === undefined) return invalid('the body must be JSON');
	const result = appContext().push.subscribe(
		user.id,
		body,
		event.request.headers.get('user-agent')
	);
	if (!result.ok && 'limit' in result)
		return json(
			{
				error: {
					code: 'limit_reached',
					message: `Notifications are on in ${result.limit} browsers, the most one account may have; turn them off in one first`,
					field: 'endpoint'
				}
			},
			{ status: 409 }
		);
	if (!result.ok)
		return invalid(
			result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')
		);
	return json({ id: result.id }, { status: 201 });
};

/** DELETE /api/push/subscriptions {endpoint}: this browser turned notifications off. */
export const DELETE: RequestHandler = async (event) => {
	const user = apiUser(event);
	const body = (await event.request.json().catch(() => null)) as { endpoint?: unknown } | null;
	if (typeof body?.endpoint !== 'string') return invalid('endpoint: required');
	appContext().push.removeEndpoint(user.id, body.endpoint);
	return new Response(null, { status: 204 });
};
