import type { Db } from '../db/connection';

/** What a strip reports about itself on an upload (docs/device-api.md, health). */
export interface DeviceHealth {
	/** the firmware's version */
	fw?: string;
	heap?: number;
	rssi?: number;
	reset?: string;
	uptime_s?: number;
	meters_online?: number[];
	meter_errors?: number;
	refused_readings?: number;
}

/** The newest health report per device; diagnostics, so it is simply overwritten. */
export function createHealthRepository(db: Db) {
	const put = db.prepare(
		`INSERT INTO device_health (device_id, at, body) VALUES (?, ?, ?)
		 ON CONFLICT (device_id) DO UPDATE SET at = excluded.at, body = excluded.body WHERE excluded.at >= device_health.at`
	);
	const get = db.prepare(`SELECT at, body FROM device_health WHERE device_id = ?`);
	return {
		put: (deviceId: number, at: number, health: DeviceHealth) =>
			put.run(deviceId, at, JSON.stringify(health)),
		get(deviceId: number): { at: number; health: DeviceHealth } | null {
			const row = get.get(deviceId) as { at: number; body: string } | undefined;
			return row ? { at: row.at, health: JSON.parse(row.body) as DeviceHealth } : null;
		}
	};
}

export type HealthRepository = ReturnType<typeof createHealthRepository>;
