import type { Db } from '../db/connection';

export interface OverloadAlert {
	id: number;
	deviceId: number;
	port: number | null;
	rule: 'OVERLOAD';
	severity: 'CRITICAL';
	message: string;
	openedAt: number;
}

/**
 * Raises the OVERLOAD alert in the shared `alerts` table. Alerts are states (DESIGN.md
 * invariant 4): while one is open for the device and port, a new trip refreshes it rather
 * than opening another (the alerts_one_open index). It is cleared when someone switches
 * the port back on; acknowledging is the alerts engine's.
 */
export function createOverloadAlerts(db: Db) {
	const open = db.prepare(
		`INSERT INTO alerts (device_id, port, rule, severity, message, opened_at, updated_at)
		 VALUES (?, ?, 'OVERLOAD', 'CRITICAL', ?, ?, ?) ON CONFLICT DO NOTHING`
	);
	const refresh = db.prepare(
		`UPDATE alerts SET message = ?, updated_at = ?
		 WHERE rule = 'OVERLOAD' AND device_id = ? AND ifnull(port, 0) = ? AND cleared_at IS NULL`
	);
	const clear = db.prepare(
		`UPDATE alerts SET cleared_at = ?, updated_at = ?
		 WHERE rule = 'OVERLOAD' AND device_id = ? AND ifnull(port, 0) = ? AND cleared_at IS NULL`
	);

	return {
		/** Returns the new alert, or null when one was already open (and is now refreshed). */
		raise(
			deviceId: number,
			port: number | null,
			message: string,
			at: number
		): OverloadAlert | null {
			const r = open.run(deviceId, port, message, at, at);
			if (r.changes === 0) {
				refresh.run(message, at, deviceId, port ?? 0);
				return null;
			}
			const id = Number(r.lastInsertRowid);
			return { id, deviceId, port, rule: 'OVERLOAD', severity: 'CRITICAL', message, openedAt: at };
		},
		clear(deviceId: number, port: number, at: number): boolean {
			return clear.run(at, at, deviceId, port).changes > 0;
		}
	};
}
