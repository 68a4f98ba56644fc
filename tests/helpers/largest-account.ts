import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';

/** The largest account the defaults allow: MAX_DEVICES_PER_ACCOUNT strips of four ports. */
export const LARGEST = { strips: 50, ports: 4, days: 365 } as const;

const DAY = 86_400_000;
const BUCKET = 15 * 60_000;
const DHAKA = 6 * 3_600_000; // the default time zone: UTC+6, no DST
const dayKey = (ms: number) => new Date(ms + DHAKA).toISOString().slice(0, 10);
/** A port's mean power in a bucket: 50–1,010 W, varying bucket to bucket. */
const power15 = (start: number, offset: number) => 50 + ((start / BUCKET + offset) % 97) * 10;
const POWER_SQL = `(50 + ((start / ${BUCKET} + @offset) % 97) * 10)`;

export interface LargestAccount {
	devices: { id: number; token: string }[];
	/** Rows written, per table, for the report. */
	rows: Record<string, number>;
}

/**
 * Fills an account (already signed up, server stopped) with the most the defaults allow and
 * a year of history, written straight into the database: 50 strips × 4 ports, every
 * 15-minute bucket of the year with its daily and monthly rollups, the last two hours of raw
 * readings every 10 s, an alert a day per strip, a year of daily meter readings and monthly
 * recharges. Writing it through the device API would take hours; the pages and endpoints
 * only read what ingestion would have stored.
 */
export function fillLargestAccount(
	dbPath: string,
	email: string,
	now = Date.now(),
	size: { strips: number; ports: number; days: number } = LARGEST
): LargestAccount {
	const db = new Database(dbPath);
	// Bulk loading: no journal, and the secondary indexes built once at the end, not row by row.
	db.pragma('journal_mode = MEMORY');
	db.pragma('synchronous = OFF');
	db.pragma('cache_size = -200000');
	const indexes = db
		.prepare(
			`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
			 AND tbl_name IN ('energy_buckets', 'energy_daily', 'energy_monthly', 'readings', 'alerts')`
		)
		.all() as { name: string; sql: string }[];
	for (const { name } of indexes) db.exec(`DROP INDEX ${name}`);
	const rows: Record<string, number> = {};
	const count = (table: string, n = 1) => (rows[table] = (rows[table] ?? 0) + n);
	const { id: userId } = db.prepare(`SELECT id FROM users WHERE email = ?`).get(email) as {
		id: number;
	};
	const devices: LargestAccount['devices'] = [];
	const first = Math.floor((now - size.days * DAY) / BUCKET) * BUCKET;
	const insertDevice = db.prepare(
		`INSERT INTO devices (name, port_count, token_hash, created_at, last_seen_at, owner_id)
		 VALUES (?, ?, ?, ?, ?, ?)`
	);
	const insertPort = db.prepare(
		`INSERT INTO ports (device_id, port, label, last_ts, voltage, current, power, pf, energy_wh, relay)
		 VALUES (?, ?, ?, ?, 231.4, 0.87, 187.3, 0.93, 12345.6, 1)`
	);
	// A year of buckets is seven million rows: generated inside SQLite, one statement per
	// port, with the same power formula as the rollups below.
	const buckets = db.prepare(
		`WITH RECURSIVE t(start) AS (SELECT @first UNION ALL SELECT start + ${BUCKET} FROM t WHERE start + ${BUCKET} < @now)
		 INSERT INTO energy_buckets (device_id, port, start, energy_mj, runtime_ms, peak_w, samples, changed_at)
		 SELECT @id, @port, start, ${POWER_SQL} * 900000, 900000, ${POWER_SQL} + 3.5, 90, start + ${BUCKET} FROM t`
	);
	const daily = db.prepare(
		`INSERT INTO energy_daily (device_id, port, day, energy_mj, runtime_ms, peak_w, changed_at)
		 VALUES (?, ?, ?, ?, ?, ?, ?)`
	);
	const monthly = db.prepare(
		`INSERT INTO energy_monthly (device_id, port, month, energy_mj, runtime_ms, peak_w, changed_at)
		 VALUES (?, ?, ?, ?, ?, ?, ?)`
	);
	const reading = db.prepare(
		`INSERT INTO readings (device_id, port, ts, voltage, current, power, pf, energy_wh, relay, seq, received_at)
		 VALUES (?, ?, ?, 231.4, 0.87, ?, 0.93, ?, 1, ?, ?)`
	);
	const alert = db.prepare(
		`INSERT INTO alerts (device_id, port, rule, severity, message, opened_at, updated_at, cleared_at, acknowledged_at)
		 VALUES (?, ?, 'HIGH_USAGE', 'WARNING', ?, ?, ?, ?, NULL)`
	);
	db.transaction(() => {
		for (let s = 0; s < size.strips; s++) {
			const token = `mpd_${randomBytes(32).toString('base64url')}`;
			const hash = createHash('sha256').update(token).digest('hex');
			const name = `Strip ${String(s + 1).padStart(2, '0')} — living room shelf`;
			const id = Number(
				insertDevice.run(name, size.ports, hash, first, now - 1000, userId).lastInsertRowid
			);
			count('devices');
			devices.push({ id, token });
			for (let port = 1; port <= size.ports; port++) {
				insertPort.run(id, port, `Port ${port} heater`, now - 1000);
				count('ports');
				buckets.run({ first, now, id, port, offset: port * 7 + s });
				const days = new Map<string, [number, number, number]>();
				for (let t = first; t < now; t += BUCKET) {
					const power = power15(t, port * 7 + s);
					const key = dayKey(t);
					const d = days.get(key) ?? [0, 0, 0];
					days.set(key, [d[0] + power * 900_000, d[1] + 900_000, Math.max(d[2], power + 3.5)]);
				}
				count('energy_buckets', Math.ceil((now - first) / BUCKET));
				const months = new Map<string, [number, number, number]>();
				for (const [key, [mj, runtime, peak]] of days) {
					daily.run(id, port, key, mj, runtime, peak, now - DAY);
					count('energy_daily');
					const m = months.get(key.slice(0, 7)) ?? [0, 0, 0];
					months.set(key.slice(0, 7), [m[0] + mj, m[1] + runtime, Math.max(m[2], peak)]);
				}
				for (const [key, [mj, runtime, peak]] of months) {
					monthly.run(id, port, key, mj, runtime, peak, now - DAY);
					count('energy_monthly');
				}
				for (let t = now - 2 * 3_600_000, seq = 0; t < now; t += 10_000, seq++) {
					reading.run(id, port, t, 100 + port, seq / 10, seq, t);
					count('readings');
				}
			}
			for (let day = 0; day < size.days; day++) {
				const at = now - (size.days - day) * DAY;
				alert.run(
					id,
					(day % size.ports) + 1,
					`${name}, port ${(day % size.ports) + 1}: drew over 1,000 W for 10 minutes`,
					at,
					at + 600_000,
					at + 600_000
				);
				count('alerts');
			}
		}
		const meter = Number(
			db
				.prepare(
					`INSERT INTO household_meters (user_id, kind, phase, sanctioned_load_kw, installed_at, updated_at)
					 VALUES (?, 'postpaid', 'single', 5, ?, ?)`
				)
				.run(userId, first, first).lastInsertRowid
		);
		const meterReading = db.prepare(
			`INSERT INTO meter_readings (meter_id, taken_at, kwh, created_at) VALUES (?, ?, ?, ?)`
		);
		for (let day = 0; day < size.days; day++) {
			const at = first + day * DAY + 12 * 3_600_000;
			meterReading.run(meter, at, 1000 + day * 140, at);
			count('meter_readings');
		}
	})();
	for (const { sql } of indexes) db.exec(sql);
	db.pragma('journal_mode = WAL');
	db.close();
	return { devices, rows };
}
