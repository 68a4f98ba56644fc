import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';

const DAY_MS = 86_400_000;
const BUCKET_MS = 900_000;
const DHAKA_MS = 6 * 3_600_000; // Asia/Dhaka has no DST: local day keys by a fixed offset

export interface LargeAccountOptions {
	strips: number;
	/** days of daily and monthly rollups back from `now` */
	days: number;
	/** days of 15-minute buckets back from `now` (a year of them is ~7 M rows for 50 strips) */
	bucketDays: number;
	/** minutes of raw readings back from `now`, one every `readingStepMs` */
	readingMinutes: number;
	readingStepMs: number;
}

const dayKey = (ms: number) => new Date(ms + DHAKA_MS).toISOString().slice(0, 10);

/**
 * The largest account the server allows, straight into its database file: `strips` 4-port
 * strips with long names and labels, energy on every port for every day, and the last hour's
 * readings. What it stores is shaped like the ledger's rows; the figures are made up.
 */
export function seedLargeAccount(
	dbPath: string,
	email: string,
	now: number,
	o: LargeAccountOptions
): void {
	const db = new Database(dbPath);
	db.pragma('busy_timeout = 5000');
	try {
		const owner = db.prepare(`SELECT id FROM users WHERE email = ?`).pluck().get(email) as number;
		const device = db.prepare(
			`INSERT INTO devices (name, port_count, token_hash, created_at, owner_id) VALUES (?, 4, ?, ?, ?)`
		);
		const port = db.prepare(`INSERT INTO ports (device_id, port, label) VALUES (?, ?, ?)`);
		const daily = db.prepare(
			`INSERT INTO energy_daily (device_id, port, day, energy_mj, runtime_ms, peak_w) VALUES (?, ?, ?, ?, 3600000, 900)`
		);
		const monthly = db.prepare(
			`INSERT INTO energy_monthly (device_id, port, month, energy_mj, runtime_ms, peak_w) VALUES (?, ?, ?, ?, 0, 900)
			 ON CONFLICT (device_id, port, month) DO UPDATE SET energy_mj = energy_mj + excluded.energy_mj`
		);
		const bucket = db.prepare(
			`INSERT INTO energy_buckets (device_id, port, start, energy_mj, runtime_ms, peak_w, samples) VALUES (?, ?, ?, ?, 900000, 400, 90)`
		);
		const reading = db.prepare(
			`INSERT INTO readings (device_id, port, ts, voltage, current, power, received_at) VALUES (?, ?, ?, 230, 1.5, ?, ?)`
		);
		const ports: [number, number][] = [];
		db.transaction(() => {
			for (let s = 1; s <= o.strips; s++) {
				const id = Number(
					device.run(`Ground floor flat ${s} strip`, randomBytes(16).toString('hex'), now, owner)
						.lastInsertRowid
				);
				for (let p = 1; p <= 4; p++) {
					port.run(id, p, ['Refrigerator', 'Electric iron', 'Television', 'Phone charger'][p - 1]);
					ports.push([id, p]);
				}
			}
		})();
		const todayStart = Math.floor((now + DHAKA_MS) / DAY_MS) * DAY_MS - DHAKA_MS;
		db.transaction(() => {
			for (const [id, p] of ports)
				for (let d = 0; d < o.days; d++) {
					const key = dayKey(todayStart - d * DAY_MS);
					const mj = 1_000_000_000 + ((id * 7 + p * 13 + d * 31) % 97) * 37_000_000;
					daily.run(id, p, key, mj);
					monthly.run(id, p, key.slice(0, 7), mj);
				}
		})();
		const firstBucket = todayStart - (o.bucketDays - 1) * DAY_MS;
		for (const [id, p] of ports)
			db.transaction(() => {
				for (let t = firstBucket; t < now; t += BUCKET_MS)
					bucket.run(id, p, t, 10_000_000 + ((t / BUCKET_MS + id + p) % 50) * 1_000_000);
			})();
		db.transaction(() => {
			for (const [id, p] of ports)
				for (let t = now - o.readingMinutes * 60_000; t < now; t += o.readingStepMs)
					reading.run(id, p, t, 100 + ((t / 10_000 + p) % 400), t);
		})();
	} finally {
		db.close();
	}
}
