import { json } from '@sveltejs/kit';
import { appContext } from '$lib/server/app';
import { apiError, readJson } from '$lib/server/api-error';
import { apiUser } from '$lib/server/api-user';
import type { RequestHandler } from './$types';

/** GET /api/tariffs: the household's versions, oldest first. */
export const GET: RequestHandler = (event) => {
	const user = apiUser(event);
	return json(appContext().insights.tariffs.versions(user.id));
};

/** POST /api/tariffs: save one version (a tariff record; `id` is assigned). */
export const POST: RequestHandler = async (event) => {
	const user = apiUser(event);
	const body = await readJson(event.request);
	const result = appContext().insights.tariffs.save(user.id, body ?? null);
	if (!result.ok) return apiError(400, 'invalid_tariff', result.message, { field: result.field });
	return json(result.tariff, { status: 201 });
};

/** DELETE /api/tariffs?validFrom=YYYY-MM-DD */
export const DELETE: RequestHandler = (event) => {
	const user = apiUser(event);
	const validFrom = event.url.searchParams.get('validFrom') ?? '';
	if (!/^\d{4}-\d{2}-\d{2}$/.test(validFrom))
		return apiError(400, 'invalid_tariff', 'validFrom must be YYYY-MM-DD', {
			field: 'validFrom'
		});
	return appContext().insights.tariffs.remove(user.id, validFrom)
		? new Response(null, { status: 204 })
		: apiError(404, 'not_found', 'no such version', { field: 'validFrom' });
};
