import { error, json } from '@sveltejs/kit';
import { appContext } from '$lib/server/app';
import { requireUser } from '$lib/server/guards';
import { isMonthKey } from '$server/billing/month-keys';
import type { RequestHandler } from './$types';

/** GET /api/bills?month=YYYY-MM: the bill of a billing month (default: the running one). */
export const GET: RequestHandler = (event) => {
	const user = requireUser(event);
	const month = event.url.searchParams.get('month');
	if (month !== null && !isMonthKey(month)) error(400, 'month must be YYYY-MM');
	return json(appContext().insights.bills.view(user.id, month ?? undefined));
};
