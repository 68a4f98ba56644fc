import { appContext } from '$lib/server/app';
import { deviceInputFailure, firmwareSnippet } from '$lib/server/device-forms';
import { requireUser } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	const devices = appContext().devices.listOwned(user.id);
	return {
		devices: devices.map(({ id, name, portCount, isDemo, lastSeenAt }) => ({
			id,
			name,
			portCount,
			isDemo,
			lastSeenAt
		}))
	};
};

export const actions: Actions = {
	add: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		try {
			const { device, token } = appContext().addDevice(
				user.id,
				String(form.get('name') ?? ''),
				Number(form.get('ports') ?? 4)
			);
			return {
				created: {
					id: device.id,
					name: device.name,
					token,
					...firmwareSnippet(event.url.origin, token)
				}
			};
		} catch (err) {
			return deviceInputFailure(err);
		}
	}
};
