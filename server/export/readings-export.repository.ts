import type { Db } from '../db/connection';

/** A row in column order (statements run in raw mode: arrays, not objects, per row). */
export type RawRow = [
	deviceId: number,
	device: string,
	port: number,
	ts: number,
	voltage: number,
	current: number,
	power: number,
	pf: number | null,
	energyWh: number | null,
	relay: number | null
];

/** SQL an export reads: the owner's ports, then each port's readings a page at a time. */
export function createReadingsExportRepository(db: Db) {
	const ports = db.prepare(
		`SELECT d.id, d.name, p.port FROM devices d JOIN ports p ON p.device_id = d.id
				 WHERE d.owner_id = ? ORDER BY d.id, p.port`
	);
	// Keyset pagination through the primary key (device_id, port, ts): rows come out in key
	// order without a sort, and a page starts where the last one ended, whatever was written
	// or deleted in between.
	const page = db
		.prepare(
			`SELECT device_id, ? AS device, port, ts, voltage, current, power, pf, energy_wh, relay
			 FROM readings WHERE device_id = ? AND port = ? AND ts > ? AND ts < ? ORDER BY ts LIMIT ?`
		)
		.raw(true);

	return {
		ports: (ownerId: number) => ports.all(ownerId) as { id: number; name: string; port: number }[],
		/** Up to `limit` rows of one port after `after` and before `end`; `device` fills column 2. */
		page: (
			device: string,
			deviceId: number,
			port: number,
			after: number,
			end: number,
			limit: number
		) => page.all(device, deviceId, port, after, end, limit) as RawRow[]
	};
}
