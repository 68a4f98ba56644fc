import { json } from '@sveltejs/kit';
import { appContext } from '$lib/server/app';
import { apiError } from '$lib/server/api-error';
import { apiUser } from '$lib/server/api-user';
import { jsonText } from '$lib/server/json-text';
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
		// A large household's bill, month prices and first history page are read off the main thread.
		const { sync, insights } = appContext();
		const [bill, first] = await Promise.all([
			insights.heavy.billView(user.id),
			insights.heavy.firstSyncPage(user.id, since)
		]);
		const pull = () => sync.pull(user.id, since, bill, first ?? undefined);
		return json(await insights.heavy.priced(user.id, pull), { headers });
	}
	const page = decodePage(pageRaw);
	if (!page || page.at > Date.now())
		return apiError(400, 'invalid_page', 'page must be the next of an earlier answer', {
			field: 'page'
		});
	return jsonText(await appContext().insights.heavy.syncPageJson(user.id, since, page), headers);
};
