import { error } from '@sveltejs/kit';
import { appContext } from '$lib/server/app';
import { idParam, requireUser } from '$lib/server/guards';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	const alert = appContext().insights.alerts.get(user.id, idParam(event.params.id));
	if (!alert) error(404, 'Not found');
	return { alert };
};
