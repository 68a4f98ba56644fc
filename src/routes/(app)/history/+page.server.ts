import { error } from '@sveltejs/kit';
import { appContext } from '$lib/server/app';
import { requireUser } from '$lib/server/guards';
import { isDateKey, PERIOD_VIEWS, type PeriodView } from '$server/history/periods';
import type { PageServerLoad } from './$types';

const UNITS = ['kwh', 'money'] as const;

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const q = event.url.searchParams;
	const view = q.get('view') ?? 'day';
	const date = q.get('date');
	const unit = q.get('unit') ?? 'kwh';
	if (view !== 'hour' && !PERIOD_VIEWS.includes(view as PeriodView))
		error(400, 'view: must be hour, day, week, month or year');
	if (date !== null && !isDateKey(date)) error(400, 'date: must be a date written YYYY-MM-DD');
	if (!UNITS.includes(unit as (typeof UNITS)[number])) error(400, 'unit: must be kwh or money');
	const { history, heavy } = appContext().insights;
	return {
		unit: unit as (typeof UNITS)[number],
		history:
			view === 'hour'
				? history.power(user.id)
				: await heavy.historyEnergy(
						user.id,
						view as PeriodView,
						date ?? undefined,
						unit === 'money'
					)
	};
};
