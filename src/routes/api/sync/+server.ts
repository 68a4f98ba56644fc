import { json } from '@sveltejs/kit';
import { appContext } from '$lib/server/app';
import { apiError } from '$lib/server/api-error';
import { apiUser } from '$lib/server/api-user';
import type { RequestHandler } from './$types';

/** The delta pull of the offline app: everything of the user's that changed since `since`. */
export const GET: RequestHandler = (event) => {
	const user = apiUser(event);
	const raw = event.url.searchParams.get('since');
	const since = raw === null || raw === '' ? null : Number(raw);
	if (since !== null && !Number.isSafeInteger(since))
		return apiError(400, 'invalid_cursor', 'since must be a cursor from an earlier pull', {
			field: 'since'
		});
	return json(appContext().sync.pull(user.id, since), { headers: { 'cache-control': 'no-store' } });
};
