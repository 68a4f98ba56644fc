import { redirect } from '@sveltejs/kit';
import { appContext } from '$lib/server/app';
import { clearSessionCookie } from '$lib/server/session-cookie';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: (event) => {
		if (event.locals.session) appContext().auth.logOut(event.locals.session.id);
		clearSessionCookie(event);
		event.locals.signedOut = true;
		redirect(303, '/login');
	}
};
