import * as m from '$i18n/messages';
import { fail } from '@sveltejs/kit';
import { appContext } from '$lib/server/app';
import { requireUser } from '$lib/server/guards';
import { tariffFromForm } from '$lib/tariff-form';
import { tariffName } from '$lib/tariff-name';
import { formatDateKey } from '$lib/format';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	const { insights, settings } = appContext();
	const s = settings.forUser(user.id);
	return {
		versions: insights.tariffs.versions(user.id),
		isDefault: insights.tariffs.isDefault(user.id),
		presets: insights.tariffs
			.presets()
			.map((p) => ({ id: p.id, name: p.name, check: p.checkAgainstBill === true })),
		household: {
			currency: s.currency,
			locale: s.locale,
			cycleDay: s.billing_cycle_day,
			rebatePercent: s.prepaid_rebate_percent,
			lowBalanceDays: s.low_balance_days
		},
		meter: insights.meter.household(user.id).meter,
		timezone: s.timezone
	};
};

/** The meter's three forms share one shape: the service's verdict, or what was done. */
async function meterAction(
	event: Parameters<Actions[string]>[0],
	action: 'meter' | 'reading' | 'replace',
	done: string
) {
	const user = requireUser(event);
	const fields = Object.fromEntries(await event.request.formData());
	const { meter } = appContext().insights;
	const result =
		action === 'meter'
			? meter.save(user.id, fields)
			: action === 'reading'
				? meter.addReading(user.id, fields)
				: meter.replace(user.id, fields);
	if (!result.ok)
		return fail(400, { action, field: result.field, message: result.say(event.locals.locale) });
	return { action, done };
}

export const actions: Actions = {
	meter: (event) => meterAction(event, 'meter', m.tf_meter_saved()),
	reading: (event) => meterAction(event, 'reading', m.tf_reading_added()),
	replace: (event) => meterAction(event, 'replace', m.tf_new_meter()),
	save: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const currency = appContext().settings.forUser(user.id).currency;
		const result = appContext().insights.tariffs.save(user.id, tariffFromForm(form, currency));
		if (!result.ok) return fail(400, { action: 'save', message: result.say(event.locals.locale) });
		return {
			action: 'save',
			done: m.tf_saved_version({
				name: tariffName(result.tariff),
				date: formatDateKey(result.tariff.validFrom)
			})
		};
	},
	remove: async (event) => {
		const user = requireUser(event);
		const validFrom = String((await event.request.formData()).get('validFrom') ?? '');
		if (!appContext().insights.tariffs.remove(user.id, validFrom)) {
			return fail(404, { action: 'remove', message: m.tf_no_version() });
		}
		return { action: 'remove', done: m.tf_removed({ date: formatDateKey(validFrom) }) };
	},
	billing: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const { settings } = appContext();
		try {
			settings.setForUser(user.id, 'currency', String(form.get('currency') ?? '').toUpperCase());
			settings.setForUser(user.id, 'locale', String(form.get('locale') ?? 'en'));
			settings.setForUser(user.id, 'billing_cycle_day', Number(form.get('cycleDay')));
			settings.setForUser(user.id, 'prepaid_rebate_percent', Number(form.get('rebatePercent')));
			settings.setForUser(user.id, 'low_balance_days', Number(form.get('lowBalanceDays')));
		} catch {
			return fail(400, {
				action: 'billing',
				message:
					'Currency is three letters; the cycle day is 1–28; the rebate 0–20 %; the warning 1–30 days.'
			});
		}
		return { action: 'billing', done: m.saved() };
	}
};
