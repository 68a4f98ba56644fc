import type { Db } from '../db/connection';

export interface PortRow {
	device_id: number;
	port: number;
	label: string | null;
	last_ts: number | null;
	voltage: number | null;
	current: number | null;
	power: number | null;
	pf: number | null;
	relay: number | null;
	day_mj: number | null;
	day_runtime: number | null;
	day_peak: number | null;
	month_mj: number | null;
}

export interface DeviceRow {
	id: number;
	name: string;
	is_demo: number;
	last_seen_at: number | null;
	offline_since: number | null;
}

/** Calendar keys of the household's local day, month and billing-month start. */
export interface DayKeys {
	day: string;
	month: string;
	from: string;
}

/** SQL for what the dashboard shows: each port's newest reading beside its day and month energy. */
export function createDashboardRepository(db: Db) {
	// "This month" is the billing month the bill prices: the calendar month's rollup when it
	// starts on the 1st, else the days since the cycle day (a few dozen rows per port).
	const portsSql = (calendar: boolean) => `
		SELECT p.device_id, p.port, p.label, p.last_ts, p.voltage, p.current, p.power, p.pf, p.relay,
		       d.energy_mj AS day_mj, d.runtime_ms AS day_runtime, d.peak_w AS day_peak,
		       ${
							calendar
								? 'm.energy_mj'
								: `(SELECT SUM(x.energy_mj) FROM energy_daily x
		          WHERE x.device_id = p.device_id AND x.port = p.port AND x.day >= @from AND x.day <= @day)`
						} AS month_mj
		FROM ports p
		LEFT JOIN energy_daily d ON d.device_id = p.device_id AND d.port = p.port AND d.day = @day
		${calendar ? 'LEFT JOIN energy_monthly m ON m.device_id = p.device_id AND m.port = p.port AND m.month = @month' : ''}`;
	const statements = (calendar: boolean) => ({
		device: db.prepare(`${portsSql(calendar)} WHERE p.device_id = @device ORDER BY p.port`),
		owned: db.prepare(
			`${portsSql(calendar)} JOIN devices dv ON dv.id = p.device_id WHERE dv.owner_id = @owner ORDER BY p.device_id, p.port`
		)
	});
	const byCalendar = statements(true);
	const byCycle = statements(false);
	// A strip is offline exactly while its DEVICE_OFFLINE alert is open: the card and the
	// alert follow one rule and change at the same moment.
	const devices = db.prepare(
		`SELECT d.id, d.name, d.is_demo, d.last_seen_at, a.opened_at AS offline_since
		 FROM devices d
		 LEFT JOIN alerts a ON a.device_id = d.id AND a.rule = 'DEVICE_OFFLINE' AND a.cleared_at IS NULL
		 WHERE d.owner_id = ? ORDER BY d.is_demo, d.id`
	);

	return {
		devicePorts: (k: DayKeys & { device: number }) =>
			(k.from.endsWith('-01') ? byCalendar : byCycle).device.all(k) as PortRow[],
		ownedPorts: (k: DayKeys & { owner: number }) =>
			(k.from.endsWith('-01') ? byCalendar : byCycle).owned.all(k) as PortRow[],
		devices: (ownerId: number) => devices.all(ownerId) as DeviceRow[]
	};
}

export type DashboardRepository = ReturnType<typeof createDashboardRepository>;
