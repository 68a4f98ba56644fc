import { fail } from '@sveltejs/kit';
import * as m from '$i18n/messages';
import { appContext } from '$lib/server/app';
import { deviceInputFailure, firmwareSnippet } from '$lib/server/device-forms';
import { requireUser } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	const app = appContext();
	const devices = app.devices.listOwned(user.id);
	return {
		// The broker's plugs and Home Assistant, when the server has a broker.
		broker: app.mqtt.on
			? {
					found: app.plugs.found().map(({ family, key, ports, name, model }) => ({
						family,
						key,
						ports: ports.length,
						name,
						model
					})),
					homeAssistant: app.settings.forUser(user.id).home_assistant,
					login: user.isOwner ? app.mqttEmbeddedLogin() : null
				}
			: null,
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
	},
	addPlug: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const family = String(form.get('family') ?? '');
		const key = String(form.get('key') ?? '');
		if (!family || !key) {
			return fail(400, { code: 'invalid', field: 'plug', message: m.plug_err_choose() });
		}
		try {
			const device = appContext().plugs.add(user.id, family, key);
			return { plugAdded: { id: device.id, name: device.name } };
		} catch (err) {
			return deviceInputFailure(err);
		}
	},
	homeAssistant: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const on = form.get('on');
		if (on !== 'true' && on !== 'false') {
			return fail(400, { code: 'invalid', field: 'on', message: m.plug_err_on_off() });
		}
		appContext().settings.setForUser(user.id, 'home_assistant', on === 'true');
		return { homeAssistant: on === 'true' };
	}
};
