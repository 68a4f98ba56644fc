import * as m from '$i18n/messages';
import { error, fail } from '@sveltejs/kit';
import { appContext } from '$lib/server/app';
import { idParam, requireUser } from '$lib/server/guards';
import { parseWeekdays, protectionFailure } from '$lib/server/relay-forms';
import { parseMinute } from '$server/relays/schedule-time';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** The signed-in user's device and a port of it, or 404 for anything else. */
function ownedPort(event: RequestEvent | Parameters<PageServerLoad>[0]) {
	const user = requireUser(event);
	const device = appContext().devices.owned(idParam(event.params.id), user.id);
	const port = Number(event.params.port);
	if (!device || !Number.isInteger(port) || port < 1 || port > device.portCount) {
		error(404, 'No such port');
	}
	return { user, device, port };
}

export const load: PageServerLoad = (event) => {
	const { user, device, port } = ownedPort(event);
	const { relays, devices, settings } = appContext();
	return {
		device: { id: device.id, name: device.name },
		port,
		label: devices.ports(device.id).find((p) => p.port === port)?.label ?? null,
		control: relays.controls(device.id).find((c) => c.port === port)!,
		strip: relays.protection.get(device.id, 0),
		schedules: relays.schedules.schedulesOf(device.id, port),
		timers: relays.schedules.timersOf(device.id, port),
		audit: relays.relays.audit(device.id, port, 50),
		resets: relays
			.meterCommands(device.id)
			.filter((c) => c.port === port && c.action === 'reset_energy'),
		timezone: settings.forUser(user.id).timezone,
		live: portLive(user.id, device.id, port)
	};
};

/**
 * The port as the dashboard shows it (the same figures and prices), whether its strip is
 * offline, and its power over the last 24 hours for the chart.
 */
function portLive(userId: number, deviceId: number, port: number) {
	const { dashboard, insights } = appContext();
	const view = dashboard.get(userId);
	const strip = view.devices.find((d) => d.id === deviceId)!;
	return {
		port: strip.ports.find((p) => p.port === port)!,
		offlineSince: strip.offlineSince,
		offlineAfterMs: view.offlineAfterMs,
		currency: view.currency,
		serverTime: view.serverTime,
		chart: insights.history.portPower(userId, deviceId, port),
		timezone: appContext().settings.forUser(userId).timezone
	};
}

const text = (form: FormData, key: string) => String(form.get(key) ?? '').trim();

export const actions: Actions = {
	resetEnergy: (event) => {
		const { user, device, port } = ownedPort(event);
		const out = appContext().relays.userMeterCommand(device.id, port, 'reset_energy', user.id);
		if (!out.ok) {
			return fail(409, {
				field: 'reset',
				message: m.dd_busy()
			});
		}
		return { resetting: out.command.id };
	},
	protect: async (event) => {
		const { device, port } = ownedPort(event);
		const form = await event.request.formData();
		const limit = text(form, 'max_power_w');
		return protectionFailure(() =>
			appContext().relays.protection.update(device.id, port, {
				critical: form.get('critical') === 'on',
				maxPowerW: limit === '' ? null : Number(limit),
				holdS: Number(text(form, 'hold_s') || 10)
			})
		);
	},
	strip: async (event) => {
		const { device } = ownedPort(event);
		const form = await event.request.formData();
		const limit = text(form, 'max_power_w');
		return protectionFailure(
			() =>
				appContext().relays.protection.update(device.id, 0, {
					maxPowerW: limit === '' ? null : Number(limit),
					holdS: Number(text(form, 'hold_s') || 10)
				}),
			'strip'
		);
	},
	schedule: async (event) => {
		const { user, device, port } = ownedPort(event);
		const form = await event.request.formData();
		const minuteOfDay = parseMinute(text(form, 'time'));
		if (minuteOfDay === null) return fail(400, { field: 'time', message: m.pp_err_time() });
		const weekdays = parseWeekdays(form.getAll('weekday'));
		if (!weekdays) return fail(400, { field: 'weekday', message: m.pp_err_days() });
		const on = text(form, 'action') === 'on';
		appContext().relays.schedules.addSchedule(
			{ deviceId: device.id, port, on, minuteOfDay, weekdays },
			user.id
		);
		return { saved: 'schedule' };
	},
	unschedule: async (event) => {
		const { device } = ownedPort(event);
		const id = Number((await event.request.formData()).get('id'));
		if (!appContext().relays.schedules.removeSchedule(id, device.id))
			error(404, 'No such schedule');
		return { saved: 'schedule' };
	},
	timer: async (event) => {
		const { user, device, port } = ownedPort(event);
		const form = await event.request.formData();
		const minutes = Number(text(form, 'minutes'));
		if (!Number.isInteger(minutes) || minutes < 1 || minutes > 7 * 24 * 60) {
			return fail(400, { field: 'minutes', message: m.pp_err_timer() });
		}
		const on = text(form, 'action') === 'on';
		appContext().relays.schedules.addTimer(device.id, port, on, minutes * 60_000, user.id);
		return { saved: 'timer' };
	},
	untimer: async (event) => {
		const { device } = ownedPort(event);
		const id = Number((await event.request.formData()).get('id'));
		if (!appContext().relays.schedules.removeTimer(id, device.id)) error(404, 'No such timer');
		return { saved: 'timer' };
	}
};
