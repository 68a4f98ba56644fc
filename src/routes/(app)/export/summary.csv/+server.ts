import { appContext } from '$lib/server/app';
import { download } from '$lib/server/download';
import { requireUser } from '$lib/server/guards';
import type { RequestHandler } from './$types';

/** GET /export/summary.csv?from=YYYY-MM-DD&to=YYYY-MM-DD: the seed's daily summary per port. */
export const GET: RequestHandler = (event) => {
	const user = requireUser(event);
	const q = event.url.searchParams;
	return download(
		appContext().insights.exports.summary(user.id, q.get('from'), q.get('to'), event.locals.locale)
	);
};
