import * as m from '$i18n/messages';
import { formatCount } from '$lib/format';
import { error, fail, redirect } from '@sveltejs/kit';
import { appContext } from '$lib/server/app';
import { deviceInputFailure, firmwareSnippet } from '$lib/server/device-forms';
import { idParam, requireUser } from '$lib/server/guards';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** The signed-in user's device, or 404 — the same for someone else's and a missing one. */
function ownedDevice(event: RequestEvent | Parameters<PageServerLoad>[0]) {
	const user = requireUser(event);
	const device = appContext().devices.owned(idParam(event.params.id), user.id);
	if (!device) error(404, 'No such device');
	return { user, device };
}

/** A plug added from the broker: read and switched through MQTT, so it has no token and no meter bus. */
function plugOf(deviceId: number) {
	const plug = appContext().plugs.ofDevice(deviceId);
	return plug ? { family: plug.family, key: plug.key } : null;
}

export const load: PageServerLoad = (event) => {
	const { user, device } = ownedDevice(event);
	const { id, name, portCount, isDemo, lastSeenAt } = device;
	return {
		device: { id, name, portCount, isDemo, lastSeenAt },
		ports: appContext().devices.ports(id),
		health: appContext().deviceHealth.get(id),
		meterCommands: appContext().relays.meterCommands(id),
		timezone: appContext().settings.forUser(user.id).timezone,
		plug: plugOf(id)
	};
};

export const actions: Actions = {
	rename: async (event) => {
		const { user, device } = ownedDevice(event);
		const form = await event.request.formData();
		try {
			appContext().devices.rename(device.id, user.id, String(form.get('name') ?? ''));
			return { saved: 'name' };
		} catch (err) {
			return deviceInputFailure(err);
		}
	},
	labels: async (event) => {
		const { device } = ownedDevice(event);
		const form = await event.request.formData();
		try {
			for (let port = 1; port <= device.portCount; port++) {
				const value = form.get(`label_${port}`);
				if (typeof value === 'string') appContext().devices.labelPort(device.id, port, value);
			}
			return { saved: 'labels' };
		} catch (err) {
			return deviceInputFailure(err);
		}
	},
	address: async (event) => {
		const { user, device } = ownedDevice(event);
		const port = Number((await event.request.formData()).get('port'));
		if (plugOf(device.id)) return fail(400, { field: 'port', message: m.dd_plug_no_bus() });
		const out = appContext().relays.userMeterCommand(device.id, port, 'assign_address', user.id);
		if (!out.ok && out.reason === 'port') {
			return fail(400, {
				field: 'port',
				message: m.dd_choose_port({ n: formatCount(device.portCount) })
			});
		}
		if (!out.ok) {
			return fail(409, {
				field: 'port',
				message: m.dd_busy()
			});
		}
		return { addressing: out.command.id };
	},
	rotate: (event) => {
		const { user, device } = ownedDevice(event);
		if (plugOf(device.id)) return fail(400, { field: 'token', message: m.dd_plug_no_token() });
		const token = appContext().devices.rotateToken(device.id, user.id);
		if (!token) error(404, 'No such device');
		return { rotated: { token, ...firmwareSnippet(event.url.origin, token) } };
	},
	remove: async (event) => {
		const { user, device } = ownedDevice(event);
		const form = await event.request.formData();
		if (form.get('confirm') !== device.name) {
			return fail(400, { field: 'confirm', message: m.dd_confirm_name({ name: device.name }) });
		}
		appContext().removeDevice(device.id, user.id);
		redirect(303, '/devices');
	}
};
