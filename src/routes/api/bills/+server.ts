import { appContext } from '$lib/server/app';
import { apiError } from '$lib/server/api-error';
import { apiUser } from '$lib/server/api-user';
import { jsonText } from '$lib/server/json-text';
import { isMonthKey } from '$server/billing/month-keys';
import type { RequestHandler } from './$types';

/** GET /api/bills?month=YYYY-MM: the bill of a billing month (default: the running one). */
export const GET: RequestHandler = async (event) => {
	const user = apiUser(event);
	const month = event.url.searchParams.get('month');
	if (month !== null && !isMonthKey(month))
		return apiError(400, 'invalid_month', 'month must be YYYY-MM', { field: 'month' });
	return jsonText(await appContext().insights.heavy.billViewJson(user.id, month ?? undefined));
};
