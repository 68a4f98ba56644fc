import type { SyncDevice } from '$server/sync/sync.types';
import type { LocalDb } from './local-db';
import { getMeta } from './meta';

/** The user's strips as the local database has them, demo last; null before a first sync. */
export async function readDevices(db: LocalDb): Promise<SyncDevice[] | null> {
	const [synced, devices] = await Promise.all([
		getMeta<number>(db, 'syncedAt'),
		db.devices.toArray()
	]);
	if (synced === undefined) return null;
	return devices.sort((a, b) => Number(a.isDemo) - Number(b.isDemo) || a.id - b.id);
}

/** One strip's port labels from the local database; null before a sync that has the strip. */
export async function readPortLabels(
	db: LocalDb,
	deviceId: number
): Promise<{ port: number; label: string | null }[] | null> {
	const ports = await db.ports.where('deviceId').equals(deviceId).toArray();
	if (ports.length === 0) return null;
	return ports.sort((a, b) => a.port - b.port).map(({ port, label }) => ({ port, label }));
}
