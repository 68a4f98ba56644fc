import { appContext } from '$lib/server/app';
import { requireUser } from '$lib/server/guards';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	const dashboard = appContext().dashboard.get(user.id);
	const controls = dashboard.devices.flatMap((d) => appContext().relays.controls(d.id));
	return { dashboard, controls, prepaid: appContext().insights.prepaid.view(user.id) };
};
