import { error } from '@sveltejs/kit';
import { appContext } from '$lib/server/app';
import { requireUser } from '$lib/server/guards';
import { isMonthKey } from '$server/billing/month-keys';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const month = event.url.searchParams.get('month');
	if (month !== null && !isMonthKey(month)) error(404, 'No such month');
	const { heavy, suggestions } = appContext().insights;
	const view = await heavy.billView(user.id, month ?? undefined);
	if (month !== null) return { view, suggestions: [] };
	// Working the suggestions out takes longer than the bill (a large household, the first
	// view in a minute): it yields between its steps, and other requests are served.
	return { view, suggestions: (await suggestions.forUser(user.id)).suggestions };
};
