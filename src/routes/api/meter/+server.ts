import { json } from '@sveltejs/kit';
import { appContext } from '$lib/server/app';
import { apiError, readJson } from '$lib/server/api-error';
import { apiUser } from '$lib/server/api-user';
import type { RequestHandler } from './$types';

/** GET /api/meter: the household's meter and its readings (null until set up). */
export const GET: RequestHandler = (event) => {
	const user = apiUser(event);
	return json(appContext().insights.meter.household(user.id).meter);
};

const ACTIONS = ['save', 'addReading', 'replace', 'recharge', 'balance'] as const;

/**
 * POST /api/meter {action: 'save' | 'addReading' | 'replace' | 'recharge' | 'balance', ...fields}:
 * the same changes the app's forms make, for scripts and the tests.
 */
export const POST: RequestHandler = async (event) => {
	const user = apiUser(event);
	const body = (await readJson(event.request)) as Record<string, unknown> | null | undefined;
	const action = ACTIONS.find((a) => a === body?.action);
	if (!body || !action) {
		return apiError(400, 'invalid_meter', `action is one of ${ACTIONS.join(', ')}`, {
			field: 'action'
		});
	}
	const { meter, prepaid } = appContext().insights;
	const result =
		action === 'recharge' || action === 'balance'
			? prepaid[action](user.id, body)
			: meter[action](user.id, body);
	if (!result.ok) {
		return apiError(400, 'invalid_meter', result.message, { field: result.field });
	}
	return json(meter.household(user.id).meter, { status: 200 });
};
