import type { Db } from '../db/connection';
import { DEFAULT_THRESHOLDS, type Thresholds } from './rules';

interface Row {
	high_usage_w: number | null;
	daily_cost: number | null;
	peak_w: number | null;
}

/** A port's thresholds as stored: null means the default. */
export type StoredThresholds = { [K in keyof Thresholds]: number | null };

const stored = (r: Row | undefined): StoredThresholds => ({
	highUsageW: r?.high_usage_w ?? null,
	dailyCost: r?.daily_cost ?? null,
	peakW: r?.peak_w ?? null
});

/** Per-port alert thresholds, cached: the ingest path reads them for every reading. */
export function createThresholds(db: Db) {
	const get = db.prepare(
		`SELECT high_usage_w, daily_cost, peak_w FROM alert_thresholds WHERE device_id = ? AND port = ?`
	);
	const upsert = db.prepare(
		`INSERT INTO alert_thresholds (device_id, port, high_usage_w, daily_cost, peak_w) VALUES (?, ?, ?, ?, ?)
		 ON CONFLICT (device_id, port) DO UPDATE SET high_usage_w = excluded.high_usage_w,
		   daily_cost = excluded.daily_cost, peak_w = excluded.peak_w`
	);
	const cache = new Map<string, Thresholds & { highUsageSet: boolean }>();

	return {
		/** The thresholds in force; `highUsageSet` says whether the household chose the watts. */
		of(deviceId: number, port: number): Thresholds & { highUsageSet: boolean } {
			const key = `${deviceId}:${port}`;
			let t = cache.get(key);
			if (!t) {
				const r = stored(get.get(deviceId, port) as Row | undefined);
				t = {
					highUsageW: r.highUsageW ?? DEFAULT_THRESHOLDS.highUsageW,
					highUsageSet: r.highUsageW !== null,
					dailyCost: r.dailyCost ?? DEFAULT_THRESHOLDS.dailyCost,
					peakW: r.peakW ?? DEFAULT_THRESHOLDS.peakW
				};
				cache.set(key, t);
			}
			return t;
		},
		/** What the household set, null where it kept the default. */
		stored: (deviceId: number, port: number): StoredThresholds =>
			stored(get.get(deviceId, port) as Row | undefined),
		/** The caller checks ownership; null keeps the default. */
		set(deviceId: number, port: number, t: StoredThresholds): void {
			upsert.run(deviceId, port, t.highUsageW, t.dailyCost, t.peakW);
			cache.delete(`${deviceId}:${port}`);
		}
	};
}

export type ThresholdsStore = ReturnType<typeof createThresholds>;
