import * as m from '$i18n/messages';
import { formatCount } from '$lib/format';
import { fail } from '@sveltejs/kit';
import { appContext } from '$lib/server/app';
import { requireUser } from '$lib/server/guards';
import { RULES } from '$server/alerts/rules';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	const app = appContext();
	return {
		publicKey: app.push.publicKey(),
		subscriptions: app.push.list(user.id),
		preferences: app.push.preferences(user.id),
		rules: RULES.map((r) => ({ rule: r })),
		timezone: app.settings.forUser(user.id).timezone
	};
};

const minutes = (hhmm: FormDataEntryValue | null): number | null => {
	const m = /^(\d{2}):(\d{2})$/.exec(String(hhmm ?? ''));
	return m ? Number(m[1]) * 60 + Number(m[2]) : null;
};

export const actions: Actions = {
	preferences: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const quietOn = form.get('quiet') === 'on';
		const start = minutes(form.get('quietStart'));
		const end = minutes(form.get('quietEnd'));
		if (quietOn && (start === null || end === null))
			return fail(400, { action: 'preferences', message: m.nt_quiet_needs() });
		const result = appContext().push.setPreferences(user.id, {
			severities: form.getAll('severity').map(String),
			rules: form.getAll('rule').map(String),
			quiet: quietOn ? { start, end } : null,
			criticalInQuiet: form.get('criticalInQuiet') === 'on'
		});
		if (!result.ok)
			// Only a stale or hand-made form sends values outside the page's own check boxes.
			return fail(400, { action: 'preferences', message: m.nt_invalid() });
		return { action: 'preferences', done: m.saved() };
	},
	remove: async (event) => {
		const user = requireUser(event);
		const id = Number((await event.request.formData()).get('id'));
		if (!appContext().push.remove(user.id, id))
			return fail(404, { action: 'remove', message: m.nt_not_listed() });
		return { action: 'remove', done: m.nt_removed() };
	},
	test: (event) => {
		const user = requireUser(event);
		const n = appContext().push.sendTest(user.id);
		if (n === 0)
			return fail(400, {
				action: 'test',
				message: m.nt_no_browser()
			});
		return { action: 'test', done: m.nt_test_sent({ count: n, n: formatCount(n) }) };
	}
};
