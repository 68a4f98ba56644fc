import { error, json } from '@sveltejs/kit';
import { appContext } from '$lib/server/app';
import { apiUser } from '$lib/server/api-user';
import type { RequestHandler } from './$types';

const MAX_OPS = 500;

/** Changes made offline, replayed in order; each op id is applied once. */
export const POST: RequestHandler = async (event) => {
	const user = apiUser(event);
	const body = (await event.request.json().catch(() => null)) as { ops?: unknown } | null;
	if (!body || !Array.isArray(body.ops))
		error(400, { message: 'send {"ops": [...]}', code: 'invalid_body' });
	if (body.ops.length > MAX_OPS)
		error(413, { message: `at most ${MAX_OPS} ops per request`, code: 'too_many_ops' });
	return json({ results: appContext().outbox.apply(user.id, body.ops) });
};
