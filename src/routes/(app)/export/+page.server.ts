import { appContext } from '$lib/server/app';
import { requireUser } from '$lib/server/guards';
import { localDayKey } from '$server/time/calendar-keys';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	const { settings, clock } = appContext();
	const tz = settings.forUser(user.id).timezone;
	const now = clock.now();
	return {
		today: localDayKey(now, tz),
		monthStart: `${localDayKey(now, tz).slice(0, 8)}01`,
		retentionDays: settings.instance().retention_days,
		timezone: tz
	};
};
