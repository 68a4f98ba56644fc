import { portDisplayName } from '$server/devices/port-name';
import { lang } from '$lib/i18n';
import { mjToKwh } from '$server/energy/units';
import type { Series } from '$server/history/history.service';
import { SYNC_WINDOW } from '$server/sync/sync.types';
import { packs } from './energy-packs';
import type { LocalDb } from './local-db';
import { getMeta } from './meta';

const DAY = 86_400_000;

/**
 * Energy bars of a week or a month (days) or a year (months) from the local database, in the shape
 * the server's history page draws: the same ports in the same order, 0 kWh where a port has
 * no row. `labels` are the period's days or months, as the server's page data lists them.
 * Null before a first sync, and for days older than the phone keeps (the server has them).
 */
export async function readEnergyBars(
	db: LocalDb,
	kind: 'daily' | 'monthly',
	labels: string[]
): Promise<Series | null> {
	const first = labels[0];
	if (!first) return null;
	// A week can straddle two months: read the pack of each.
	const periods = [...new Set(labels.map((l) => l.slice(0, kind === 'daily' ? 7 : 4)))];
	const [synced, devices, ports, rows] = await Promise.all([
		getMeta<number>(db, 'syncedAt'),
		db.devices.toArray(),
		db.ports.toArray(),
		packs(db, kind).where('period').anyOf(periods).toArray()
	]);
	if (synced === undefined) return null;
	const kept = new Date(synced - SYNC_WINDOW.dailyDays * DAY).toISOString().slice(0, 10);
	if (kind === 'daily' && first < kept) return null;

	const list = devices
		.sort((a, b) => Number(a.isDemo) - Number(b.isDemo) || a.id - b.id)
		.flatMap((d) =>
			ports
				.filter((p) => p.deviceId === d.id)
				.sort((a, b) => a.port - b.port)
				.map((p) => ({
					key: `${d.id}:${p.port}`,
					name: portDisplayName(d.name, p.label, p.port, lang.current)
				}))
		);
	const col = new Map(list.map((p, i) => [p.key, i]));
	const index = new Map(labels.map((l, i) => [l, i]));
	const values = list.map(() => labels.map(() => 0 as number | null));
	for (const pack of rows) {
		const c = col.get(`${pack.deviceId}:${pack.port}`);
		if (c === undefined) continue;
		for (const r of pack.rows) {
			const i = index.get(r.key as string);
			if (i !== undefined) values[c]![i] = mjToKwh(r.energyMj);
		}
	}
	return { ports: list, x: labels.map((_, i) => i), labels, values, unit: 'kWh' };
}
