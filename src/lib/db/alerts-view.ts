import { localView } from './local-view';
import type { AlertView } from '$server/alerts/alert.types';
import type { LocalDb } from './local-db';
import { getMeta } from './meta';

/** The user's alerts as the local database has them, newest first; null before a sync. */
export async function readAlerts(db: LocalDb): Promise<AlertView[] | null> {
	if ((await getMeta<number>(db, 'syncedAt')) === undefined) return null;
	const [alerts, devices, ports] = await Promise.all([
		db.alerts.orderBy('openedAt').reverse().toArray(),
		db.devices.toArray(),
		db.ports.toArray()
	]);
	const names = new Map(devices.map((d) => [d.id, d.name]));
	// Rows a phone stored before alerts had a count and a price read as one time, unpriced.
	return alerts.map((a) => ({
		...a,
		lastAt: a.lastAt ?? a.openedAt,
		count: a.count ?? 1,
		costPaisa: a.costPaisa ?? null,
		costPer: a.costPer ?? null,
		currency: a.currency ?? null,
		rule: a.rule as AlertView['rule'],
		severity: a.severity as AlertView['severity'],
		deviceName: names.get(a.deviceId) ?? '',
		portLabel: ports.find((p) => p.deviceId === a.deviceId && p.port === a.port)?.label ?? null
	}));
}

export const alertsQuery = (database: () => Promise<LocalDb>) =>
	localView(database, (db) => readAlerts(db));
