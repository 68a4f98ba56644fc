import type { PortLive } from '../dashboard/dashboard.service';
import type { DeviceRecord, PortRecord } from '../devices/devices.repository';
import {
	AVAILABILITY_TOPIC,
	discoveryConfigs,
	parseCommandTopic,
	parseConfigTopic,
	portState,
	type HaDevice
} from './ha-discovery';
import type { RateLimitedLog } from './rate-limited-log';

export interface HaBridgeDeps {
	prefix: string;
	publish: (topic: string, payload: string, retain?: boolean) => boolean;
	/** Whether the household turned Home Assistant on (a setting, off by default). */
	enabled: (userId: number) => boolean;
	/** The same for a device's household, from cached settings (asked on every stored reading). */
	enabledForDevice: (deviceId: number) => boolean;
	currency: (userId: number) => string;
	devices: () => DeviceRecord[];
	device: (id: number) => DeviceRecord | null;
	ports: (deviceId: number) => PortRecord[];
	/** The ports' figures as the dashboard shows them. */
	figures: (deviceId: number) => PortLive[];
	isPlug: (deviceId: number) => boolean;
	/** A switch from Home Assistant, on the owner's behalf: the app's expiring-command path. */
	switchPort: (deviceId: number, port: number, on: boolean, userId: number) => string | null;
	log: RateLimitedLog;
}

/** Readings of one device within this window are published as one state per port. */
const COALESCE_MS = 1000;

/**
 * Home Assistant sees each port of the households that turned it on: discovery configs
 * (retained) when the bridge connects, when the setting or the devices change; a state per
 * port after readings are stored; and switches back through the app's own command path.
 * The broker's accounts are the security boundary: anyone who may publish to
 * `multiplug/+/+/set` may switch the ports of those households.
 */
export function createHaBridge(d: HaBridgeDeps) {
	const published = new Map<number, string[]>();
	const due = new Set<number>();
	let timer: NodeJS.Timeout | null = null;

	function publishDevice(device: DeviceRecord): void {
		if (device.ownerId === null) return;
		const ha: HaDevice = {
			id: device.id,
			name: device.name,
			model: d.isPlug(device.id) ? 'Metering plug' : 'Smart Multiplug strip',
			currency: d.currency(device.ownerId),
			ports: d.ports(device.id)
		};
		const configs = discoveryConfigs(d.prefix, ha);
		for (const c of configs) d.publish(c.topic, c.payload, true);
		published.set(
			device.id,
			configs.map((c) => c.topic)
		);
		publishStates(device.id);
	}

	function withdraw(deviceId: number): void {
		for (const topic of published.get(deviceId) ?? []) d.publish(topic, '', true);
		published.delete(deviceId);
	}

	function publishStates(deviceId: number): void {
		for (const p of d.figures(deviceId)) {
			const m = portState(p);
			d.publish(m.topic, m.payload, true);
		}
	}

	function flush(): void {
		timer = null;
		for (const id of [...due]) {
			due.delete(id);
			try {
				const device = d.device(id);
				if (device?.ownerId != null && d.enabled(device.ownerId)) publishStates(id);
			} catch (err) {
				d.log('state publish failed', err instanceof Error ? err.message : String(err));
			}
		}
	}

	return {
		/** Connected: the app is available, and every enabled household's configs are (re)sent. */
		connected(): void {
			d.publish(AVAILABILITY_TOPIC, 'online', true);
			for (const device of d.devices()) {
				if (device.ownerId !== null && d.enabled(device.ownerId)) publishDevice(device);
			}
		},
		/**
		 * Every minute: the states of every enabled household's ports (readings stored by
		 * other processes of a cluster reach Home Assistant this way), and every hour the
		 * configs again (a renamed device or port, a device added elsewhere).
		 */
		refresh(configsToo: boolean): void {
			for (const device of d.devices()) {
				if (device.ownerId === null || !d.enabled(device.ownerId)) continue;
				if (configsToo) publishDevice(device);
				else publishStates(device.id);
			}
		},
		/** A household turned it on or off. */
		accountChanged(userId: number): void {
			const on = d.enabled(userId);
			for (const device of d.devices()) {
				if (device.ownerId !== userId) continue;
				if (on) publishDevice(device);
				else withdraw(device.id);
			}
		},
		deviceAdded(deviceId: number): void {
			const device = d.device(deviceId);
			if (device?.ownerId != null && d.enabled(device.ownerId)) publishDevice(device);
		},
		deviceRemoved: withdraw,
		/** Readings were stored (after the commit): the ports' states follow shortly. */
		stored(deviceId: number): void {
			if (!d.enabledForDevice(deviceId)) return;
			due.add(deviceId);
			if (!timer) {
				timer = setTimeout(flush, COALESCE_MS);
				timer.unref();
			}
		},
		/**
		 * A retained discovery config the broker holds (sent on subscribing). One of the app's
		 * own for a device that is gone, or whose household turned Home Assistant off while
		 * the bridge was away or on another process, is cleared. False: not the app's.
		 */
		config(topic: string, payload: Buffer): boolean {
			const deviceId = parseConfigTopic(d.prefix, topic);
			if (deviceId === null) return false;
			// Empty: already cleared. Published by this bridge: current (removals withdraw it),
			// so the echo of every config sent costs no lookup.
			if (payload.length === 0 || published.has(deviceId)) return true;
			const device = d.device(deviceId);
			if (device?.ownerId == null || !d.enabled(device.ownerId)) {
				d.publish(topic, '', true);
			}
			return true;
		},
		/** A message on `multiplug/<device>/port<n>/set`. */
		command(topic: string, payload: string): boolean {
			const target = parseCommandTopic(topic);
			if (!target) return false;
			const on = payload === 'ON' ? true : payload === 'OFF' ? false : null;
			const device = d.device(target.deviceId);
			if (on === null || device?.ownerId == null || !d.enabled(device.ownerId)) {
				d.log('home assistant command refused', `${topic}: ${payload.slice(0, 20)}`);
				return false;
			}
			const refused = d.switchPort(device.id, target.port, on, device.ownerId);
			if (refused) d.log('home assistant command refused', `${topic}: ${refused}`);
			return refused === null;
		},
		close(): void {
			if (timer) clearTimeout(timer);
			timer = null;
			due.clear();
		}
	};
}

export type HaBridge = ReturnType<typeof createHaBridge>;
