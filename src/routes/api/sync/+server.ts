import { json } from '@sveltejs/kit';
import { appContext } from '$lib/server/app';
import { apiUser } from '$lib/server/api-user';
import type { RequestHandler } from './$types';

/** The delta pull of the offline app: everything of the user's that changed since `since`. */
export const GET: RequestHandler = (event) => {
	const user = apiUser(event);
	const raw = event.url.searchParams.get('since');
	const since = raw === null || raw === '' ? null : Number(raw);
	return json(appContext().sync.pull(user.id, since), { headers: { 'cache-control': 'no-store' } });
};
