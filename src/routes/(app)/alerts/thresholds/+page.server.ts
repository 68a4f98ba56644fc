import * as m from '$i18n/messages';
import { fail } from '@sveltejs/kit';
import { appContext } from '$lib/server/app';
import { requireUser } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	const { insights, settings } = appContext();
	return {
		ports: insights.thresholds.list(user.id),
		defaults: insights.thresholds.defaults,
		currency: settings.forUser(user.id).currency
	};
};

const value = (form: FormData, name: string): number | null => {
	const raw = String(form.get(name) ?? '').trim();
	return raw === '' ? null : Number(raw);
};

export const actions: Actions = {
	save: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const result = appContext().insights.thresholds.update(
			user.id,
			Number(form.get('deviceId')),
			Number(form.get('port')),
			{
				highUsageW: value(form, 'highUsageW'),
				dailyCost: value(form, 'dailyCost'),
				peakW: value(form, 'peakW')
			}
		);
		if (!result.ok)
			return result.reason === 'not found'
				? fail(404, { message: m.th_no_port() })
				: fail(400, { message: m.th_out_of_range_server() });
		return { done: m.th_saved() };
	}
};
