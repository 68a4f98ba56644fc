import type { Db } from '../db/connection';

export interface DeviceRecord {
	id: number;
	name: string;
	portCount: number;
	isDemo: boolean;
	createdAt: number;
	lastSeenAt: number | null;
	ownerId: number | null;
}

export interface PortRecord {
	port: number;
	label: string | null;
}

interface DeviceRow {
	id: number;
	name: string;
	port_count: number;
	is_demo: number;
	created_at: number;
	last_seen_at: number | null;
	owner_id: number | null;
}

const toDevice = (r: DeviceRow): DeviceRecord => ({
	id: r.id,
	name: r.name,
	portCount: r.port_count,
	isDemo: r.is_demo === 1,
	createdAt: r.created_at,
	lastSeenAt: r.last_seen_at,
	ownerId: r.owner_id
});

const COLUMNS = 'id, name, port_count, is_demo, created_at, last_seen_at, owner_id';

/** SQL for devices and their ports. Every read that a user triggers is scoped by owner. */
export function createDevicesRepository(db: Db) {
	const insert = db
		.prepare(
			`INSERT INTO devices (name, port_count, token_hash, is_demo, created_at, owner_id) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`
		)
		.pluck();
	const insertPort = db.prepare(`INSERT INTO ports (device_id, port) VALUES (?, ?)`);
	const label = db.prepare(`UPDATE ports SET label = ? WHERE device_id = ? AND port = ?`);
	const byHash = db.prepare(`SELECT ${COLUMNS} FROM devices WHERE token_hash = ?`);
	const byId = db.prepare(`SELECT ${COLUMNS} FROM devices WHERE id = ?`);
	const owned = db.prepare(`SELECT ${COLUMNS} FROM devices WHERE id = ? AND owner_id = ?`);
	const all = db.prepare(`SELECT ${COLUMNS} FROM devices ORDER BY id`);
	const ofOwner = db.prepare(
		`SELECT ${COLUMNS} FROM devices WHERE owner_id = ? ORDER BY is_demo, id`
	);
	const portsOf = db.prepare(`SELECT port, label FROM ports WHERE device_id = ? ORDER BY port`);
	const count = db.prepare(`SELECT count(*) FROM devices`).pluck();
	const countOwned = db.prepare(`SELECT count(*) FROM devices WHERE owner_id = ?`).pluck();
	const rename = db.prepare(`UPDATE devices SET name = ? WHERE id = ? AND owner_id = ?`);
	const setHash = db.prepare(`UPDATE devices SET token_hash = ? WHERE id = ? AND owner_id = ?`);
	const remove = db.prepare(`DELETE FROM devices WHERE id = ? AND owner_id = ?`);
	const seen = db.prepare(
		`UPDATE devices SET last_seen_at = max(ifnull(last_seen_at, 0), ?) WHERE id = ?`
	);
	const dropped = db.prepare(`UPDATE devices SET dropped_frames = dropped_frames + ? WHERE id = ?`);
	const ownerOf = db.prepare(`SELECT owner_id FROM devices WHERE id = ?`).pluck();
	const ownedPorts = db.prepare(
		`SELECT p.device_id AS deviceId, p.port, d.owner_id AS ownerId
		 FROM ports p JOIN devices d ON d.id = p.device_id WHERE d.owner_id IS NOT NULL`
	);

	return {
		create: db.transaction(
			(
				name: string,
				portCount: number,
				tokenHash: string,
				isDemo: boolean,
				now: number,
				ownerId: number | null
			) => {
				const id = Number(insert.get(name, portCount, tokenHash, isDemo ? 1 : 0, now, ownerId));
				for (let p = 1; p <= portCount; p++) insertPort.run(id, p);
				return id;
			}
		),
		findByTokenHash: (hash: string): DeviceRecord | null => {
			const r = byHash.get(hash) as DeviceRow | undefined;
			return r ? toDevice(r) : null;
		},
		findById: (id: number): DeviceRecord | null => {
			const r = byId.get(id) as DeviceRow | undefined;
			return r ? toDevice(r) : null;
		},
		findOwned: (id: number, ownerId: number): DeviceRecord | null => {
			const r = owned.get(id, ownerId) as DeviceRow | undefined;
			return r ? toDevice(r) : null;
		},
		listAll: (): DeviceRecord[] => (all.all() as DeviceRow[]).map(toDevice),
		listOwned: (ownerId: number): DeviceRecord[] =>
			(ofOwner.all(ownerId) as DeviceRow[]).map(toDevice),
		ports: (deviceId: number): PortRecord[] => portsOf.all(deviceId) as PortRecord[],
		count: (): number => count.get() as number,
		countOwned: (ownerId: number): number => countOwned.get(ownerId) as number,
		rename: (id: number, ownerId: number, name: string) =>
			rename.run(name, id, ownerId).changes === 1,
		setTokenHash: (id: number, ownerId: number, hash: string) =>
			setHash.run(hash, id, ownerId).changes === 1,
		remove: (id: number, ownerId: number) => remove.run(id, ownerId).changes === 1,
		setPortLabel: (id: number, port: number, text: string | null) =>
			label.run(text, id, port).changes === 1,
		markSeen: db.transaction((seenAt: ReadonlyMap<number, number>) => {
			for (const [id, at] of seenAt) seen.run(at, id);
		}),
		addDropped: (id: number, frames: number) => dropped.run(frames, id),
		/** The account a device belongs to; null when unclaimed or unknown. */
		ownerOf: (id: number): number | null => (ownerOf.get(id) as number | null | undefined) ?? null,
		/** Every port of every claimed device, with its owner. */
		ownedPorts: () => ownedPorts.all() as { deviceId: number; port: number; ownerId: number }[]
	};
}

export type DevicesRepository = ReturnType<typeof createDevicesRepository>;
