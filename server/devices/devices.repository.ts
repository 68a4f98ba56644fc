import type { Db } from '../db/connection';

export interface DeviceRecord {
	id: number;
	name: string;
	portCount: number;
	isDemo: boolean;
	createdAt: number;
	lastSeenAt: number | null;
}

interface DeviceRow {
	id: number;
	name: string;
	port_count: number;
	is_demo: number;
	created_at: number;
	last_seen_at: number | null;
}

const toDevice = (r: DeviceRow): DeviceRecord => ({
	id: r.id,
	name: r.name,
	portCount: r.port_count,
	isDemo: r.is_demo === 1,
	createdAt: r.created_at,
	lastSeenAt: r.last_seen_at
});

const COLUMNS = 'id, name, port_count, is_demo, created_at, last_seen_at';

export function createDevicesRepository(db: Db) {
	const insert = db.prepare(
		`INSERT INTO devices (name, port_count, token_hash, is_demo, created_at) VALUES (?, ?, ?, ?, ?)`
	);
	const insertPort = db.prepare(`INSERT INTO ports (device_id, port) VALUES (?, ?)`);
	const label = db.prepare(`UPDATE ports SET label = ? WHERE device_id = ? AND port = ?`);
	const byHash = db.prepare(`SELECT ${COLUMNS} FROM devices WHERE token_hash = ?`);
	const byId = db.prepare(`SELECT ${COLUMNS} FROM devices WHERE id = ?`);
	const all = db.prepare(`SELECT ${COLUMNS} FROM devices ORDER BY id`);
	const count = db.prepare(`SELECT count(*) AS n FROM devices`);
	const seen = db.prepare(
		`UPDATE devices SET last_seen_at = max(ifnull(last_seen_at, 0), ?) WHERE id = ?`
	);
	const dropped = db.prepare(`UPDATE devices SET dropped_frames = dropped_frames + ? WHERE id = ?`);

	return {
		create: db.transaction(
			(name: string, portCount: number, tokenHash: string, isDemo: boolean, now: number) => {
				const id = Number(
					insert.run(name, portCount, tokenHash, isDemo ? 1 : 0, now).lastInsertRowid
				);
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
		list: (): DeviceRecord[] => (all.all() as DeviceRow[]).map(toDevice),
		count: (): number => (count.get() as { n: number }).n,
		markSeen: db.transaction((seenAt: ReadonlyMap<number, number>) => {
			for (const [id, at] of seenAt) seen.run(at, id);
		}),
		setPortLabel: (id: number, port: number, text: string | null) =>
			label.run(text, id, port).changes === 1,
		addDropped: (id: number, frames: number) => dropped.run(frames, id)
	};
}

export type DevicesRepository = ReturnType<typeof createDevicesRepository>;
