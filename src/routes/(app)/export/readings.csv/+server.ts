import { appContext } from '$lib/server/app';
import { download } from '$lib/server/download';
import { requireUser } from '$lib/server/guards';
import type { RequestHandler } from './$types';

/** GET /export/readings.csv?from=YYYY-MM-DD&to=YYYY-MM-DD: raw readings, streamed. */
export const GET: RequestHandler = (event) => {
	const user = requireUser(event);
	const q = event.url.searchParams;
	return download(
		appContext().insights.exports.readings(user.id, q.get('from'), q.get('to'), 'csv')
	);
};
