import { redirect } from '@sveltejs/kit';
import { appContext } from '$lib/server/app';
import { clearSessionCookie } from '$lib/server/session-cookie';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async (event) => {
		const endpoint = (await event.request.formData().catch(() => null))?.get('push_endpoint');
		// This browser's notifications were the user's: they stop with the session here.
		if (event.locals.user && typeof endpoint === 'string' && endpoint)
			appContext().push.removeEndpoint(event.locals.user.id, endpoint);
		if (event.locals.session) appContext().auth.logOut(event.locals.session.id);
		clearSessionCookie(event);
		event.locals.signedOut = true;
		redirect(303, '/login');
	}
};
