import { appContext } from '$lib/server/app';
import { requireUser } from '$lib/server/guards';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	return { dashboard: appContext().dashboard.get(user.id) };
};
