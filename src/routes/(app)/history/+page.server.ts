import { error } from '@sveltejs/kit';
import { appContext } from '$lib/server/app';
import { requireUser } from '$lib/server/guards';
import { isMonthKey } from '$server/billing/month-keys';
import { POWER_SPANS } from '$server/history/history.service';
import type { PageServerLoad } from './$types';

const VIEWS = ['hour', 'day', 'month', 'year'] as const;
type View = (typeof VIEWS)[number];

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	const q = event.url.searchParams;
	const view = (q.get('view') ?? 'hour') as View;
	if (!VIEWS.includes(view)) error(404, 'No such view');
	const month = q.get('month');
	const year = q.get('year');
	if ((month && !isMonthKey(month)) || (year && !/^\d{4}$/.test(year)))
		error(404, 'No such period');
	const { history } = appContext().insights;
	const series =
		view === 'hour' || view === 'day'
			? history.power(user.id, view)
			: view === 'month'
				? history.daily(user.id, month ?? undefined)
				: history.monthly(user.id, year ? Number(year) : undefined);
	return {
		view,
		series,
		binSeconds: view === 'hour' || view === 'day' ? POWER_SPANS[view].binMs / 1000 : null
	};
};
