import type { Clock } from '../clock';
import type { Db } from '../db/connection';
import { bareRate, monthCost, type PortPrice } from '../billing/port-price';
import { bucketStart, mjToKwh } from '../energy/units';
import type { Settings, SettingsService } from '../settings/settings.service';
import { billingMonthStart, localDayKey } from '../time/calendar-keys';

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

interface PortRow {
	device_id: number;
	port: number;
	label: string | null;
	last_ts: number | null;
	voltage: number | null;
	current: number | null;
	power: number | null;
	pf: number | null;
	relay: number | null;
	day_mj: number | null;
	day_runtime: number | null;
	day_peak: number | null;
	month_mj: number | null;
}

/** Reads what the dashboard shows: the newest readings and today's and this month's energy. */
export function createDashboardService(db: Db, settings: SettingsService, clock: Clock) {
	// "This month" is the billing month the bill prices: the calendar month's rollup when it
	// starts on the 1st, else the days since the cycle day (a few dozen rows per port).
	const portsSql = (calendar: boolean) => `
		SELECT p.device_id, p.port, p.label, p.last_ts, p.voltage, p.current, p.power, p.pf, p.relay,
		       d.energy_mj AS day_mj, d.runtime_ms AS day_runtime, d.peak_w AS day_peak,
		       ${
							calendar
								? 'm.energy_mj'
								: `(SELECT SUM(x.energy_mj) FROM energy_daily x
		          WHERE x.device_id = p.device_id AND x.port = p.port AND x.day >= @from AND x.day <= @day)`
						} AS month_mj
		FROM ports p
		LEFT JOIN energy_daily d ON d.device_id = p.device_id AND d.port = p.port AND d.day = @day
		${calendar ? 'LEFT JOIN energy_monthly m ON m.device_id = p.device_id AND m.port = p.port AND m.month = @month' : ''}`;
	const statements = (calendar: boolean) => ({
		device: db.prepare(`${portsSql(calendar)} WHERE p.device_id = @device ORDER BY p.port`),
		owned: db.prepare(
			`${portsSql(calendar)} JOIN devices dv ON dv.id = p.device_id WHERE dv.owner_id = @owner ORDER BY p.device_id, p.port`
		)
	});
	const byCalendar = statements(true);
	const byCycle = statements(false);
	const devicePorts = {
		all: (k: { day: string; month: string; from: string; device: number }) =>
			(k.from.endsWith('-01') ? byCalendar : byCycle).device.all(k)
	};
	const ownedPorts = {
		all: (k: { day: string; month: string; from: string; owner: number }) =>
			(k.from.endsWith('-01') ? byCalendar : byCycle).owned.all(k)
	};
	// A strip is offline exactly while its DEVICE_OFFLINE alert is open: the card and the
	// alert follow one rule and change at the same moment.
	const devices = db.prepare(
		`SELECT d.id, d.name, d.is_demo, d.last_seen_at, a.opened_at AS offline_since
		 FROM devices d
		 LEFT JOIN alerts a ON a.device_id = d.id AND a.rule = 'DEVICE_OFFLINE' AND a.cleared_at IS NULL
		 WHERE d.owner_id = ? ORDER BY d.is_demo, d.id`
	);
	const ownerOf = db.prepare(`SELECT owner_id FROM devices WHERE id = ?`).pluck();
	// Each port's price: the flat setting until the pricing module is plugged in (usePrices),
	// then each port's share of the household bill this billing month (billing/port-price).
	let pricesOf: (userId: number | null) => (deviceId: number, port: number) => PortPrice = (
		userId
	) => {
		const price = bareRate(
			(userId === null ? settings.defaults() : settings.forUser(userId)).electricity_rate
		);
		return () => price;
	};

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
			const ports = (ownedPorts.all({ day, month, from, owner: userId }) as PortRow[]).map((r) =>
				toPort(r, prices)
			);
			const list = (
				devices.all(userId) as {
					id: number;
					name: string;
					is_demo: number;
					last_seen_at: number | null;
					offline_since: number | null;
				}[]
			).map((d) => ({
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
			const prices = pricesOf((ownerOf.get(deviceId) as number | null | undefined) ?? null);
			return (devicePorts.all({ day, month, from, device: deviceId }) as PortRow[]).map((r) =>
				toPort(r, prices)
			);
		},
		/** Each port's price for a household, as the dashboard charges it. */
		prices: (userId: number) => pricesOf(userId),
		/** Plugs in the pricing module's prices (see server/insights.ts). */
		usePrices(fn: (userId: number | null) => (deviceId: number, port: number) => PortPrice): void {
			pricesOf = fn;
		}
	};
}

export type DashboardService = ReturnType<typeof createDashboardService>;
