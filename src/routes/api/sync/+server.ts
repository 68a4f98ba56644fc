import { json } from '@sveltejs/kit';
import { appContext } from '$lib/server/app';
import { apiError } from '$lib/server/api-error';
import { apiUser } from '$lib/server/api-user';
import { joinedObjects, jsonText } from '$lib/server/json-text';
import { decodePage } from '$server/sync/sync-history';
import type { RequestHandler } from './$types';

/**
 * The delta pull of the offline app: everything of the user's that changed since `since`,
 * the history lists a page at a time (`page` is the previous answer's `next`).
 */
export const GET: RequestHandler = async (event) => {
	const user = apiUser(event);
	const q = event.url.searchParams;
	const raw = q.get('since');
	const since = raw === null || raw === '' ? null : Number(raw);
	if (since !== null && !Number.isSafeInteger(since))
		return apiError(400, 'invalid_cursor', 'since must be a cursor from an earlier pull', {
			field: 'since'
		});
	const headers = { 'cache-control': 'no-store' };
	const pageRaw = q.get('page');
	if (pageRaw === null) {
		const { sync, insights } = appContext();
		const { heavy } = insights;
		const first = await heavy.firstSyncPageJson(user.id, since);
		if (!first) return json(sync.pull(user.id, since, await heavy.billView(user.id)), { headers });
		// A large household's bill, month prices and first history page are read and serialised
		// off the main thread, and joined here as text.
		const [bill, rest] = await Promise.all([
			heavy.billViewJson(user.id),
			heavy.priced(user.id, () => sync.pullRest(user.id, since, first.at))
		]);
		return jsonText(
			joinedObjects(JSON.stringify(rest), `{"bill":${bill}}`, first.history),
			headers
		);
	}
	const page = decodePage(pageRaw);
	if (!page || page.at > Date.now())
		return apiError(400, 'invalid_page', 'page must be the next of an earlier answer', {
			field: 'page'
		});
	return jsonText(await appContext().insights.heavy.syncPageJson(user.id, since, page), headers);
};
