import { localView } from './local-view';
import type { DeviceLive, PortLive } from '$server/dashboard/dashboard.service';
import { monthCost, type PortPrice } from '$server/billing/port-price';
import { mjToKwh } from '$server/energy/units';
import type { Settings } from '$server/settings/settings.service';
import { billingMonthStart, localDayKey } from '$server/time/calendar-keys';
import { rowsAt, sumDays } from './energy-packs';
import type { LocalDb } from './local-db';

export interface LocalDashboard {
	devices: DeviceLive[];
	currency: string;
	rate: number;
	timezone: string;
	offlineAfterMs: number;
	syncedAt: number;
}

/**
 * The dashboard as the local database has it: the same shape the server renders, so the
 * first paint (from the server) and every later one (from IndexedDB) look alike.
 * Null until a first sync has filled the database.
 */
export async function readDashboard(db: LocalDb, now = Date.now()): Promise<LocalDashboard | null> {
	// One round trip for everything: on a start from the cache each one counts, so the day's
	// and month's packs are read for both UTC months (and years) the household's local date
	// can fall in (zones are at most 14 h from UTC), before the settings say which it is.
	const edges = [now - 14 * 3_600_000, now + 14 * 3_600_000].map((t) =>
		new Date(t).toISOString().slice(0, 7)
	);
	// A billing month that starts after the 1st began in the calendar month before.
	const dayPeriods = [
		...new Set([new Date(now - 32 * 86_400_000).toISOString().slice(0, 7), ...edges])
	];
	// In one read transaction: one snapshot of all five tables (a sync committing between two
	// of the reads cannot pair new ports with old energy), and one transaction for Dexie to
	// set up on each live update instead of five.
	const [[synced, stored], devices, ports, dayPacks, monthPacks, offline] = await db.transaction(
		'r',
		[db.meta, db.devices, db.ports, db.dailyPacks, db.monthlyPacks, db.alerts],
		() =>
			Promise.all([
				db.meta.bulkGet(['syncedAt', 'settings']),
				db.devices.toArray(),
				db.ports.toArray(),
				db.dailyPacks.where('period').anyOf(dayPeriods).toArray(),
				db.monthlyPacks
					.where('period')
					.anyOf(edges.map((m) => m.slice(0, 4)))
					.toArray(),
				// As the server's render: a strip is offline while its "Strip offline" alert is open.
				db.alerts.filter((a) => a.rule === 'DEVICE_OFFLINE' && a.clearedAt === null).toArray()
			])
	);
	const syncedAt = synced?.value as number | undefined;
	if (syncedAt === undefined) return null;
	const settings = (stored?.value ?? {}) as Partial<Settings>;
	const timezone = settings.timezone ?? 'Asia/Dhaka';
	const rate = settings.electricity_rate ?? 8;
	const day = localDayKey(now - (now % 900_000), timezone);
	const daily = rowsAt(dayPacks, day);
	const from = billingMonthStart(day, settings.billing_cycle_day ?? 1);
	// As the server's dashboard: the calendar month's rollup, else the days since the cycle day.
	const monthly = from.endsWith('-01')
		? rowsAt(monthPacks, day.slice(0, 7))
		: sumDays(dayPacks, from, day);
	const find = <T extends { deviceId: number; port: number }>(rows: T[], d: number, p: number) =>
		rows.find((r) => r.deviceId === d && r.port === p);

	const toPort = (p: (typeof ports)[number]): PortLive => {
		const today = find(daily, p.deviceId, p.port);
		const month = find(monthly, p.deviceId, p.port);
		const todayKwh = mjToKwh(today?.energyMj ?? 0);
		const monthKwh = mjToKwh(month?.energyMj ?? 0);
		const price: PortPrice = {
			rate: p.pricePerKwh ?? rate,
			kwh: p.priced?.kwh ?? 0,
			cost: p.priced?.cost ?? 0
		};
		return {
			deviceId: p.deviceId,
			port: p.port,
			label: p.label,
			ts: p.ts,
			voltage: p.voltage,
			current: p.current,
			power: p.power,
			pf: p.pf,
			relay: p.relay,
			today: {
				kwh: todayKwh,
				cost: todayKwh * price.rate,
				runtimeMin: (today?.runtimeMs ?? 0) / 60_000,
				peakW: today?.peakW ?? null
			},
			month: { kwh: monthKwh, cost: monthCost(price, monthKwh) }
		};
	};

	const list = devices
		.sort((a, b) => Number(a.isDemo) - Number(b.isDemo) || a.id - b.id)
		.map((d) => ({
			id: d.id,
			name: d.name,
			isDemo: d.isDemo,
			lastSeenAt: d.lastSeenAt,
			offlineSince: offline.find((a) => a.deviceId === d.id)?.openedAt ?? null,
			ports: ports
				.filter((p) => p.deviceId === d.id)
				.sort((a, b) => a.port - b.port)
				.map(toPort)
		}));
	const all = list.flatMap((d) => d.ports);
	const monthKwh = all.reduce((a, p) => a + p.month.kwh, 0);
	return {
		devices: list,
		currency: settings.currency ?? 'BDT',
		// The household's average price this month, as the server's render says it.
		rate: monthKwh > 0 ? all.reduce((a, p) => a + p.month.cost, 0) / monthKwh : rate,
		timezone,
		offlineAfterMs: (settings.offline_after_s ?? 60) * 1000,
		syncedAt
	};
}

export const dashboardQuery = (database: () => Promise<LocalDb>) =>
	localView(database, (db) => readDashboard(db));
