import type { Db } from '../db/connection';

export interface SettingRow {
	key: string;
	value: string;
}

/** SQL for the households' settings (user_settings) and the instance's own (settings). */
export function createSettingsRepository(db: Db) {
	const selectUser = db.prepare(`SELECT key, value FROM user_settings WHERE user_id = ?`);
	const upsertUser = db.prepare(
		`INSERT INTO user_settings (user_id, key, value, updated_at) VALUES (?, ?, ?, ?)
		 ON CONFLICT (user_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`
	);
	const selectInstance = db.prepare(`SELECT key, value FROM settings`);
	const upsertInstance = db.prepare(
		`INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
		 ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`
	);

	return {
		userRows: (userId: number) => selectUser.all(userId) as SettingRow[],
		/** `value` is the setting's JSON text. */
		upsertUser: (userId: number, key: string, value: string, now: number) => {
			upsertUser.run(userId, key, value, now);
		},
		instanceRows: () => selectInstance.all() as SettingRow[],
		upsertInstance: (key: string, value: string, now: number) => {
			upsertInstance.run(key, value, now);
		}
	};
}

export type SettingsRepository = ReturnType<typeof createSettingsRepository>;
