import * as m from '$i18n/messages';
import { formatCount } from '$lib/format';
import { fail } from '@sveltejs/kit';
import { appContext } from '$lib/server/app';
import { requireUser } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	return { alerts: appContext().insights.alerts.list(user.id, { limit: 200 }) };
};

export const actions: Actions = {
	ack: async (event) => {
		const user = requireUser(event);
		const id = Number((await event.request.formData()).get('id'));
		if (!appContext().insights.alerts.acknowledge(user.id, id)) {
			return fail(404, { message: m.al_no_such() });
		}
		return { done: m.al_acked() };
	},
	ackAll: (event) => {
		const user = requireUser(event);
		const n = appContext().insights.alerts.acknowledgeAll(user.id);
		return { done: m.al_acked_n({ count: n, n: formatCount(n) }) };
	}
};
