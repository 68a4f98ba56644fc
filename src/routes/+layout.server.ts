import { building } from '$app/environment';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => ({
	user: locals.user ? { email: locals.user.email, isOwner: locals.user.isOwner } : null,
	locale: locals.locale,
	/** A language chosen on this device after this render (offline) wins over it; 0 for a
	 *  prerendered page (the offline page), which follows the device. */
	renderedAt: building ? 0 : Date.now()
});
