import { appContext } from '$lib/server/app';
import { requireUser } from '$lib/server/guards';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { dashboard, relays, insights } = appContext();
	// A large household's month prices are worked out off the main thread.
	const view = await insights.heavy.priced(user.id, () => dashboard.get(user.id));
	const controls = view.devices.flatMap((d) => relays.controls(d.id));
	return { dashboard: view, controls, prepaid: insights.prepaid.view(user.id) };
};
