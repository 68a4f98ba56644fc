import { error } from '@sveltejs/kit';
import { appContext } from '$lib/server/app';
import { requireUser } from '$lib/server/guards';
import { isMonthKey } from '$server/billing/month-keys';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	const month = event.url.searchParams.get('month');
	if (month !== null && !isMonthKey(month)) error(404, 'No such month');
	const { bills, suggestions } = appContext().insights;
	return {
		view: bills.view(user.id, month ?? undefined),
		suggestions: month === null ? suggestions.forUser(user.id).suggestions : []
	};
};
