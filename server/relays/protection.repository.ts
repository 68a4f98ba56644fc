import type { Db } from '../db/connection';

/** A port's switching settings; port 0 is the whole strip (its limit only). */
export interface Protection {
	critical: boolean;
	maxPowerW: number | null;
	holdS: number;
}

export const NO_PROTECTION: Protection = Object.freeze({
	critical: false,
	maxPowerW: null,
	holdS: 10
});

interface Row {
	device_id: number;
	port: number;
	critical: number;
	max_power_w: number | null;
	hold_s: number;
}

/** SQL for port_protection; the service keeps every row in memory (it is read on ingest). */
export function createProtectionRepository(db: Db) {
	const all = db.prepare(`SELECT * FROM port_protection`);
	const upsert = db.prepare(
		`INSERT INTO port_protection (device_id, port, critical, max_power_w, hold_s) VALUES (?, ?, ?, ?, ?)
		 ON CONFLICT (device_id, port) DO UPDATE SET critical = excluded.critical,
		   max_power_w = excluded.max_power_w, hold_s = excluded.hold_s`
	);
	return {
		all: () =>
			(all.all() as Row[]).map((r) => ({
				deviceId: r.device_id,
				port: r.port,
				value: { critical: r.critical === 1, maxPowerW: r.max_power_w, holdS: r.hold_s }
			})),
		save(deviceId: number, port: number, p: Protection): void {
			upsert.run(deviceId, port, p.critical ? 1 : 0, p.maxPowerW, p.holdS);
		}
	};
}

export type ProtectionRepository = ReturnType<typeof createProtectionRepository>;
