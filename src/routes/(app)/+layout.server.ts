import { appContext } from '$lib/server/app';
import { requireUser } from '$lib/server/guards';
import type { LayoutServerLoad } from './$types';

// Every page in (app) also checks in its own load: layout and page loads run in parallel.
export const load: LayoutServerLoad = (event) => {
	const user = requireUser(event);
	// The Alerts tab's badge in the first paint; the phone's own copy keeps it current.
	return { user, openAlerts: appContext().insights.alerts.unacknowledged(user.id) };
};
