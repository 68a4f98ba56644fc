import * as m from '$i18n/messages';
import { fail, redirect } from '@sveltejs/kit';
import { appContext } from '$lib/server/app';
import { requireUser } from '$lib/server/guards';
import { clearSessionCookie, setSessionCookie } from '$lib/server/session-cookie';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	const app = appContext();
	return {
		email: user.email,
		isOwner: user.isOwner,
		signupOpen: app.settings.instance().signup_open,
		signupForcedClosed: app.config.SIGNUP === 'closed'
	};
};

const text = (form: FormData, name: string) => String(form.get(name) ?? '');

export const actions: Actions = {
	password: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const result = await appContext().auth.changePassword(
			user.id,
			text(form, 'current'),
			text(form, 'next'),
			event.locals.locale
		);
		if (!result.ok) return fail(400, { action: 'password', message: result.message });
		setSessionCookie(event, result.value.token, result.value.session.expiresAt);
		return { action: 'password', done: m.st_password_changed() };
	},
	everywhere: (event) => {
		const user = requireUser(event);
		appContext().auth.logOutEverywhere(user.id);
		// A lost phone is why people press this: it must stop ringing with their alerts too.
		appContext().push.removeAll(user.id);
		clearSessionCookie(event);
		event.locals.signedOut = true;
		redirect(303, '/login');
	},
	signup: async (event) => {
		const user = requireUser(event);
		if (!user.isOwner) return fail(403, { action: 'signup', message: m.st_owner_only() });
		const form = await event.request.formData();
		appContext().settings.setInstance('signup_open', form.get('open') === 'on');
		return { action: 'signup', done: m.saved() };
	},
	delete: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const result = await appContext().auth.deleteAccount(
			user.id,
			text(form, 'password'),
			event.locals.locale
		);
		if (!result.ok) return fail(400, { action: 'delete', message: result.message });
		clearSessionCookie(event);
		event.locals.signedOut = true;
		redirect(303, '/signup');
	}
};
