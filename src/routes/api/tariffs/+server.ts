import { json } from '@sveltejs/kit';
import { appContext } from '$lib/server/app';
import { requireUser } from '$lib/server/guards';
import type { RequestHandler } from './$types';

/** GET /api/tariffs: the household's versions, oldest first. */
export const GET: RequestHandler = (event) => {
	const user = requireUser(event);
	return json(appContext().insights.tariffs.versions(user.id));
};

/** POST /api/tariffs: save one version (a tariff record; `id` is assigned). */
export const POST: RequestHandler = async (event) => {
	const user = requireUser(event);
	const body = await event.request.json().catch(() => null);
	const result = appContext().insights.tariffs.save(user.id, body);
	if (!result.ok)
		return json({ error: { code: 'invalid_tariff', message: result.message } }, { status: 400 });
	return json(result.tariff, { status: 201 });
};

/** DELETE /api/tariffs?validFrom=YYYY-MM-DD */
export const DELETE: RequestHandler = (event) => {
	const user = requireUser(event);
	const ok = appContext().insights.tariffs.remove(
		user.id,
		event.url.searchParams.get('validFrom') ?? ''
	);
	return ok
		? new Response(null, { status: 204 })
		: json({ error: { code: 'not_found', message: 'no such version' } }, { status: 404 });
};
