import type { Clock } from '../clock';
import type { Db } from '../db/connection';
import { createDevicesRepository } from '../devices/devices.repository';
import { bareRate, monthCost, type PortPrice } from '../billing/port-price';
import { bucketStart, mjToKwh } from '../energy/units';
import type { Settings, SettingsService } from '../settings/settings.service';
import { billingMonthStart, localDayKey } from '../time/calendar-keys';
import { createDashboardRepository, type PortRow } from './dashboard.repository';

export interface EnergyCost {
	kwh: number;
	cost: number;
}

export interface PortLive {
	deviceId: number;
	port: number;
	label: string | null;
	/** When the newest reading was measured (null: never). */
	ts: number | null;
	voltage: number | null;
	current: number | null;
	power: number | null;
	pf: number | null;
	relay: boolean | null;
	today: EnergyCost & { runtimeMin: number; peakW: number | null };
	month: EnergyCost;
}

export interface DeviceLive {
	id: number;
	name: string;
	isDemo: boolean;
	lastSeenAt: number | null;
	/** When the server marked the strip offline (its "Strip offline" alert is open), else null. */
	offlineSince: number | null;
	ports: PortLive[];
}

export interface Dashboard {
	devices: DeviceLive[];
	totals: { today: EnergyCost; month: EnergyCost; powerW: number };
	currency: string;
	rate: number;
	timezone: string;
	offlineAfterMs: number;
	serverTime: number;
}

/** Each port's price for a household (null: no household, the instance's defaults). */
export type PortPrices = (userId: number | null) => (deviceId: number, port: number) => PortPrice;

/** The flat rate of the settings, for a dashboard without the pricing module (tests). */
export const flatPrices =
	(settings: SettingsService): PortPrices =>
	(userId) => {
		const price = bareRate(
			(userId === null ? settings.defaults() : settings.forUser(userId)).electricity_rate
		);
		return () => price;
	};

/** Reads what the dashboard shows: the newest readings and today's and this month's energy. */
export function createDashboardService(
	db: Db,
	settings: SettingsService,
	clock: Clock,
	pricesOf: PortPrices = flatPrices(settings)
) {
	const repo = createDashboardRepository(db);
	const devicesRepo = createDevicesRepository(db);

	function keys(s: Settings) {
		// Keyed on the bucket so the calendar-key cache stays small.
		const day = localDayKey(bucketStart(clock.now()), s.timezone);
		return { day, month: day.slice(0, 7), from: billingMonthStart(day, s.billing_cycle_day) };
	}

	function toPort(r: PortRow, prices: (deviceId: number, port: number) => PortPrice): PortLive {
		const price = prices(r.device_id, r.port);
		const dayKwh = mjToKwh(r.day_mj ?? 0);
		const monthKwh = mjToKwh(r.month_mj ?? 0);
		return {
			deviceId: r.device_id,
			port: r.port,
			label: r.label,
			ts: r.last_ts,
			voltage: r.voltage,
			current: r.current,
			power: r.power,
			pf: r.pf,
			relay: r.relay === null ? null : r.relay === 1,
			today: {
				kwh: dayKwh,
				cost: dayKwh * price.rate,
				runtimeMin: (r.day_runtime ?? 0) / 60_000,
				peakW: r.day_peak
			},
			month: { kwh: monthKwh, cost: monthCost(price, monthKwh) }
		};
	}

	return {
		/** What one user sees: their own devices only. */
		get(userId: number): Dashboard {
			const s = settings.forUser(userId);
			const { day, month, from } = keys(s);
			const prices = pricesOf(userId);
			const ports = repo
				.ownedPorts({ day, month, from, owner: userId })
				.map((r) => toPort(r, prices));
			const list = repo.devices(userId).map((d) => ({
				id: d.id,
				name: d.name,
				isDemo: d.is_demo === 1,
				lastSeenAt: d.last_seen_at,
				offlineSince: d.offline_since,
				ports: ports.filter((p) => p.deviceId === d.id)
			}));
			const now = clock.now();
			const offlineAfterMs = s.offline_after_s * 1000;
			const sum = (f: (p: PortLive) => number) => ports.reduce((a, p) => a + f(p), 0);
			const monthKwh = sum((p) => p.month.kwh);
			return {
				devices: list,
				totals: {
					today: { kwh: sum((p) => p.today.kwh), cost: sum((p) => p.today.cost) },
					month: { kwh: sum((p) => p.month.kwh), cost: sum((p) => p.month.cost) },
					powerW: sum((p) => (p.ts !== null && now - p.ts < offlineAfterMs ? (p.power ?? 0) : 0))
				},
				currency: s.currency,
				// The household's average price this month (what the note under the cards says).
				rate: monthKwh > 0 ? sum((p) => p.month.cost) / monthKwh : prices(0, 0).rate,
				timezone: s.timezone,
				offlineAfterMs,
				serverTime: now
			};
		},
		/** The household's local day ('YYYY-MM-DD') that a device's "today" figures belong to. */
		dayOf(deviceId: number): string {
			return keys(settings.forDevice(deviceId)).day;
		},
		devicePorts(deviceId: number): PortLive[] {
			const { day, month, from } = keys(settings.forDevice(deviceId));
			const prices = pricesOf(devicesRepo.ownerOf(deviceId));
			return repo.devicePorts({ day, month, from, device: deviceId }).map((r) => toPort(r, prices));
		},
		/** Each port's price for a household, as the dashboard charges it. */
		prices: (userId: number) => pricesOf(userId)
		/** Plugs in the pricing module's prices (see server/insights.ts). */
	};
}

export type DashboardService = ReturnType<typeof createDashboardService>;
