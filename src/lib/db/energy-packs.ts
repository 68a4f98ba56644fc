import type { Table } from 'dexie';
import type { SyncEnergy } from '$server/sync/sync.types';
import type { LocalDb } from './local-db';

/**
 * Energy series are stored packed: one IndexedDB record per port and period holding all of
 * its rows, sorted by key — the 15-minute buckets of one UTC day, the days of one month, the
 * months of one year. A first sync of a year-old household is about 1,600 daily rows per
 * strip; stored one record each, writing them took the main thread a quarter of a second
 * per few hundred rows on a throttled phone profile (IndexedDB's cost is per record, not per
 * byte). Packed, the same sync is a few dozen records.
 */
export type EnergyKind = 'buckets' | 'daily' | 'monthly';

export type EnergyRow = Omit<SyncEnergy, 'deviceId' | 'port'>;

export interface EnergyPack {
	deviceId: number;
	port: number;
	/** UTC day 'YYYY-MM-DD' (buckets), 'YYYY-MM' (days), 'YYYY' (months). */
	period: string;
	/** Sorted by key; one row per key. */
	rows: EnergyRow[];
}

/** Which pack a row belongs in. */
export function periodOf(kind: EnergyKind, key: number | string): string {
	if (kind === 'buckets') return new Date(key as number).toISOString().slice(0, 10);
	return String(key).slice(0, kind === 'daily' ? 7 : 4);
}

export function packs(db: LocalDb, kind: EnergyKind): Table<EnergyPack, [number, number, string]> {
	return kind === 'buckets' ? db.bucketPacks : kind === 'daily' ? db.dailyPacks : db.monthlyPacks;
}

const byKey = (a: EnergyRow, b: EnergyRow) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** Rows grouped by the pack they belong in, and merged over that pack's old rows. */
export function packRows(
	kind: EnergyKind,
	rows: SyncEnergy[],
	old: (id: [number, number, string]) => EnergyPack | undefined = () => undefined
): EnergyPack[] {
	const groups = new Map<string, SyncEnergy[]>();
	for (const r of rows) {
		const k = `${r.deviceId}|${r.port}|${periodOf(kind, r.key)}`;
		let g = groups.get(k);
		if (!g) groups.set(k, (g = []));
		g.push(r);
	}
	return [...groups.values()].map((g) => {
		const { deviceId, port } = g[0]!;
		const period = periodOf(kind, g[0]!.key);
		const merged = new Map<number | string, EnergyRow>();
		for (const r of old([deviceId, port, period])?.rows ?? []) merged.set(r.key, r);
		for (const { deviceId: _d, port: _p, ...r } of g) merged.set(r.key, r);
		return { deviceId, port, period, rows: [...merged.values()].sort(byKey) };
	});
}

/** Merges rows into their packs (a row with the same key replaces the old one). */
export async function putEnergy(db: LocalDb, kind: EnergyKind, rows: SyncEnergy[]): Promise<void> {
	if (rows.length === 0) return;
	const ids = new Map<string, [number, number, string]>();
	for (const r of rows) {
		const period = periodOf(kind, r.key);
		ids.set(`${r.deviceId}|${r.port}|${period}`, [r.deviceId, r.port, period]);
	}
	const table = packs(db, kind);
	const existing = new Map<string, EnergyPack>();
	for (const p of await table.bulkGet([...ids.values()])) {
		if (p) existing.set(`${p.deviceId}|${p.port}|${p.period}`, p);
	}
	await table.bulkPut(
		packRows(kind, rows, ([d, p, period]) => existing.get(`${d}|${p}|${period}`))
	);
}

/** The rows of every port with exactly this key (today's day, this month…). */
export async function energyAt(
	db: LocalDb,
	kind: EnergyKind,
	key: number | string
): Promise<SyncEnergy[]> {
	return rowsAt(await packs(db, kind).where('period').equals(periodOf(kind, key)).toArray(), key);
}

/** From packs already read: the rows with exactly this key. */
export function rowsAt(list: EnergyPack[], key: number | string): SyncEnergy[] {
	const found: SyncEnergy[] = [];
	for (const p of list) {
		const r = p.rows.find((x) => x.key === key);
		if (r) found.push({ deviceId: p.deviceId, port: p.port, ...r });
	}
	return found;
}

/** From daily packs already read: each port's energy over the local days [from, to]. */
export function sumDays(list: EnergyPack[], from: string, to: string): SyncEnergy[] {
	const sums = new Map<string, SyncEnergy>();
	for (const p of list) {
		for (const r of p.rows) {
			if (String(r.key) < from || String(r.key) > to) continue;
			const k = `${p.deviceId}:${p.port}`;
			const s = sums.get(k);
			if (s) s.energyMj += r.energyMj;
			else
				sums.set(k, {
					deviceId: p.deviceId,
					port: p.port,
					key: from,
					energyMj: r.energyMj,
					runtimeMs: 0,
					peakW: null
				});
		}
	}
	return [...sums.values()];
}

/** Every row, unpacked, ordered by device, port and key. */
export async function allEnergy(db: LocalDb, kind: EnergyKind): Promise<SyncEnergy[]> {
	return (await packs(db, kind).toArray()).flatMap((p) =>
		p.rows.map((r) => ({ deviceId: p.deviceId, port: p.port, ...r }))
	);
}

/** Drops rows with a key below `key`: whole packs of earlier periods, and the edge of one. */
export async function pruneEnergy(
	db: LocalDb,
	kind: EnergyKind,
	key: number | string
): Promise<void> {
	const table = packs(db, kind);
	const period = periodOf(kind, key);
	await table.where('period').below(period).delete();
	const edge = await table.where('period').equals(period).toArray();
	const trimmed = edge
		.map((p) => ({ ...p, rows: p.rows.filter((r) => r.key >= key) }))
		.filter((p, i) => p.rows.length !== edge[i]!.rows.length);
	await table.bulkPut(trimmed.filter((p) => p.rows.length > 0));
	await table.bulkDelete(
		trimmed.filter((p) => p.rows.length === 0).map((p) => [p.deviceId, p.port, p.period])
	);
}
