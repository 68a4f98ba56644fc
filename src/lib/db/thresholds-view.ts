import { portDisplayName } from '$server/devices/port-name';
import { lang } from '$lib/i18n';
import type { PortThresholds } from '$server/alerts/thresholds.service';
import type { Settings } from '$server/settings/settings.service';
import type { LocalDb } from './local-db';
import { getMeta } from './meta';

export interface LocalThresholds {
	ports: PortThresholds[];
	currency: string;
}

/**
 * Every port's alert thresholds as the local database has them (null: the default), named
 * and ordered as the server's page names them; null before a first sync.
 */
export async function readThresholds(db: LocalDb): Promise<LocalThresholds | null> {
	const [synced, settings, devices, ports, rows] = await Promise.all([
		getMeta<number>(db, 'syncedAt'),
		getMeta<Partial<Settings>>(db, 'settings'),
		db.devices.toArray(),
		db.ports.toArray(),
		db.thresholds.toArray()
	]);
	if (synced === undefined) return null;
	const set = new Map(rows.map((t) => [`${t.deviceId}:${t.port}`, t]));
	return {
		currency: settings?.currency ?? 'BDT',
		ports: devices
			.sort((a, b) => Number(a.isDemo) - Number(b.isDemo) || a.id - b.id)
			.flatMap((d) =>
				ports
					.filter((p) => p.deviceId === d.id)
					.sort((a, b) => a.port - b.port)
					.map((p) => {
						const t = set.get(`${d.id}:${p.port}`);
						return {
							deviceId: d.id,
							port: p.port,
							name: portDisplayName(d.name, p.label, p.port, lang.current),
							highUsageW: t?.highUsageW ?? null,
							dailyCost: t?.dailyCost ?? null,
							peakW: t?.peakW ?? null
						};
					})
			)
	};
}
