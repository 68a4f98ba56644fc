import { redirect } from '@sveltejs/kit';
import { signUpAction } from '$lib/server/auth-actions';
import { appContext } from '$lib/server/app';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (locals.user) redirect(303, '/');
	const app = appContext();
	return { signupOpen: app.config.SIGNUP !== 'closed' && app.settings.instance().signup_open };
};

export const actions: Actions = { default: signUpAction };
