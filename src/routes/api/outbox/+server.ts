import { json } from '@sveltejs/kit';
import { appContext } from '$lib/server/app';
import { apiError, readJson } from '$lib/server/api-error';
import { apiUser } from '$lib/server/api-user';
import type { RequestHandler } from './$types';

const MAX_OPS = 500;

/** Changes made offline, replayed in order; each op id is applied once. */
export const POST: RequestHandler = async (event) => {
	const user = apiUser(event);
	const body = (await readJson(event.request)) as { ops?: unknown } | null | undefined;
	if (!body || !Array.isArray(body.ops))
		return apiError(400, 'invalid_body', 'send {"ops": [...]}', { field: 'ops' });
	if (body.ops.length > MAX_OPS)
		return apiError(413, 'too_many_ops', `at most ${MAX_OPS} ops per request`, { field: 'ops' });
	return json({ results: appContext().outbox.apply(user.id, body.ops, event.locals.locale) });
};
