import type { Db } from '../db/connection';
import type { PlugFamilyId } from '../plugs/plug-family';

/** A plug that is a device of an account. */
export interface OwnedPlug {
	family: PlugFamilyId;
	key: string;
	deviceId: number;
	ownerId: number;
	portCount: number;
}

/** A plug seen on the broker that nobody has added yet. */
export interface SightingRow {
	family: PlugFamilyId;
	key: string;
	ports: number[];
	model: string | null;
	name: string | null;
	lastSeenAt: number;
}

interface OwnedRow {
	family: PlugFamilyId;
	plug_key: string;
	device_id: number;
	owner_id: number;
	port_count: number;
}

interface SightingDbRow {
	family: PlugFamilyId;
	plug_key: string;
	ports: string;
	model: string | null;
	name: string | null;
	last_seen_at: number;
}

const toOwned = (r: OwnedRow): OwnedPlug => ({
	family: r.family,
	key: r.plug_key,
	deviceId: r.device_id,
	ownerId: r.owner_id,
	portCount: r.port_count
});

/** SQL for plugs (which plug is which device) and the plugs seen on the broker. */
export function createPlugsRepository(db: Db) {
	const OWNED = `SELECT p.family, p.plug_key, p.device_id, d.owner_id, d.port_count
		FROM plugs p JOIN devices d ON d.id = p.device_id WHERE d.owner_id IS NOT NULL`;
	const byKey = db.prepare(`${OWNED} AND p.family = ? AND p.plug_key = ?`);
	const byDevice = db.prepare(`${OWNED} AND p.device_id = ?`);
	const all = db.prepare(OWNED);
	const countOwned = db
		.prepare(
			`SELECT count(*) FROM plugs p JOIN devices d ON d.id = p.device_id WHERE d.owner_id = ?`
		)
		.pluck();
	const insert = db.prepare(
		`INSERT INTO plugs (family, plug_key, device_id, created_at) VALUES (?, ?, ?, ?)
		 ON CONFLICT (family, plug_key) DO NOTHING`
	);
	const unowned = db.prepare(
		`SELECT s.family, s.plug_key, s.ports, s.model, s.name, s.last_seen_at
		 FROM plug_sightings s LEFT JOIN plugs p ON p.family = s.family AND p.plug_key = s.plug_key
		 WHERE p.device_id IS NULL AND s.last_seen_at >= ?
		 ORDER BY s.last_seen_at DESC, s.family, s.plug_key LIMIT ?`
	);
	const sighting = db.prepare(
		`SELECT family, plug_key, ports, model, name, last_seen_at FROM plug_sightings
		 WHERE family = ? AND plug_key = ?`
	);
	const upsertSighting = db.prepare(
		`INSERT INTO plug_sightings (family, plug_key, ports, model, name, last_seen_at)
		 VALUES (?, ?, ?, ?, ?, ?)
		 ON CONFLICT (family, plug_key) DO UPDATE SET ports = excluded.ports,
		   model = excluded.model, name = excluded.name, last_seen_at = excluded.last_seen_at`
	);
	const countSightings = db.prepare(`SELECT count(*) FROM plug_sightings`).pluck();
	const pruneOldest = db.prepare(
		`DELETE FROM plug_sightings WHERE (family, plug_key) IN (
		   SELECT family, plug_key FROM plug_sightings
		   ORDER BY last_seen_at DESC, family, plug_key LIMIT ? OFFSET ?)`
	);

	const toSighting = (r: SightingDbRow): SightingRow => ({
		family: r.family,
		key: r.plug_key,
		ports: JSON.parse(r.ports) as number[],
		model: r.model,
		name: r.name,
		lastSeenAt: r.last_seen_at
	});

	return {
		owned(family: PlugFamilyId, key: string): OwnedPlug | null {
			const r = byKey.get(family, key) as OwnedRow | undefined;
			return r ? toOwned(r) : null;
		},
		ofDevice(deviceId: number): OwnedPlug | null {
			const r = byDevice.get(deviceId) as OwnedRow | undefined;
			return r ? toOwned(r) : null;
		},
		allOwned: (): OwnedPlug[] => (all.all() as OwnedRow[]).map(toOwned),
		countOwned: (ownerId: number): number => countOwned.get(ownerId) as number,
		/** False when the plug already is another device's. */
		insert: (family: PlugFamilyId, key: string, deviceId: number, now: number): boolean =>
			insert.run(family, key, deviceId, now).changes === 1,
		unowned: (since: number, limit: number): SightingRow[] =>
			(unowned.all(since, limit) as SightingDbRow[]).map(toSighting),
		sighting(family: PlugFamilyId, key: string): SightingRow | null {
			const r = sighting.get(family, key) as SightingDbRow | undefined;
			return r ? toSighting(r) : null;
		},
		saveSighting(s: SightingRow): void {
			upsertSighting.run(s.family, s.key, JSON.stringify(s.ports), s.model, s.name, s.lastSeenAt);
		},
		/** Keeps at most `max` sightings, dropping the longest unseen. */
		capSightings(max: number): void {
			const n = Number(countSightings.get());
			if (n > max) pruneOldest.run(n - max, max);
		}
	};
}

export type PlugsRepository = ReturnType<typeof createPlugsRepository>;
