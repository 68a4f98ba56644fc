import { z } from 'zod';
import type { Clock } from '../clock';
import { isTimeZone } from '../config';
import type { Db } from '../db/connection';

/** Household settings, stored as JSON values; defaults apply until a value is saved. */
const schemas = {
	timezone: z.string().refine(isTimeZone, 'must be an IANA time zone'),
	currency: z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter currency code'),
	/** Flat energy rate per kWh until the tariff engine takes over. */
	electricity_rate: z.number().min(0).max(1000),
	retention_days: z.number().int().min(1).max(3650),
	/** A port with no reading for this long is shown offline. */
	offline_after_s: z.number().int().min(10).max(86_400),
	standby_w: z.number().min(0).max(100),
	max_gap_s: z.number().int().min(10).max(3600)
} as const;

export type SettingKey = keyof typeof schemas;
export type Settings = { [K in SettingKey]: z.output<(typeof schemas)[K]> };

export function createSettingsService(db: Db, clock: Clock, defaults: Partial<Settings> = {}) {
	const base: Settings = {
		timezone: 'Asia/Dhaka',
		currency: 'BDT',
		electricity_rate: 8.0,
		retention_days: 30,
		offline_after_s: 60,
		standby_w: 5,
		max_gap_s: 300,
		...defaults
	};
	const select = db.prepare(`SELECT key, value FROM settings`);
	const upsert = db.prepare(
		`INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
		 ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`
	);
	let current = load();

	function load(): Settings {
		const out: Record<string, unknown> = { ...base };
		for (const row of select.all() as { key: string; value: string }[]) {
			if (!(row.key in schemas)) continue;
			const parsed = schemas[row.key as SettingKey].safeParse(JSON.parse(row.value));
			if (parsed.success) out[row.key] = parsed.data;
		}
		return Object.freeze(out) as Settings;
	}

	return {
		get: (): Settings => current,
		set<K extends SettingKey>(key: K, value: unknown): Settings[K] {
			const parsed = schemas[key].parse(value) as Settings[K];
			upsert.run(key, JSON.stringify(parsed), clock.now());
			current = load();
			return parsed;
		}
	};
}

export type SettingsService = ReturnType<typeof createSettingsService>;
