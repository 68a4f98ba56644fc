import type { Db } from '../db/connection';

export interface PowerBin {
	device_id: number;
	port: number;
	t: number;
	w: number;
}

/**
 * Raw readings averaged per time bin, for the live power chart. Joining through `ports`
 * fixes (device_id, port), so each port reads only its own range of the readings' primary
 * key: an hour of readings, never the rest of the month the table keeps.
 */
export function createHistoryRepository(db: Db) {
	const binned = db.prepare(
		// `%` keeps integers in SQLite (numbers bind as REAL, and `/` would divide as REAL).
		`SELECT r.device_id, r.port, r.ts - r.ts % @bin AS t, AVG(r.power) AS w
		 FROM devices d CROSS JOIN ports p ON p.device_id = d.id
		 CROSS JOIN readings r ON r.device_id = p.device_id AND r.port = p.port
		 WHERE d.owner_id = @owner AND r.ts >= @start AND r.ts < @end
		 GROUP BY r.device_id, r.port, r.ts - r.ts % @bin`
	);
	// One port's range of the primary key only: the port page's day of power.
	const portBinned = db.prepare(
		`SELECT r.device_id, r.port, r.ts - r.ts % @bin AS t, AVG(r.power) AS w
		 FROM readings r
		 WHERE r.device_id = @device AND r.port = @port AND r.ts >= @start AND r.ts < @end
		 GROUP BY r.device_id, r.port, r.ts - r.ts % @bin`
	);
	return {
		powerBins: (owner: number, start: number, end: number, bin: number) =>
			binned.all({ owner, start, end, bin }) as PowerBin[],
		portPowerBins: (device: number, port: number, start: number, end: number, bin: number) =>
			portBinned.all({ device, port, start, end, bin }) as PowerBin[]
	};
}

export type HistoryRepository = ReturnType<typeof createHistoryRepository>;
