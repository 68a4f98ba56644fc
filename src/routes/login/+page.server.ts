import { redirect } from '@sveltejs/kit';
import { logInAction, safeNext } from '$lib/server/auth-actions';
import { appContext } from '$lib/server/app';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
	const app = appContext();
	return { signupOpen: app.config.SIGNUP !== 'closed' && app.settings.instance().signup_open };
};

export const actions: Actions = { default: logInAction };
