import type { Db } from '../db/connection';

export interface TariffRow {
	id: number;
	valid_from: string;
	body: string;
	created_at: number;
}

/** SQL for a household's tariff versions; validation lives in the service. */
export function createTariffsRepository(db: Db) {
	const list = db.prepare(
		`SELECT id, valid_from, body, created_at FROM tariffs WHERE user_id = ? ORDER BY valid_from`
	);
	// Saving a version for a date that already has one replaces it: that is how a
	// version is edited (its bills are recomputed on the next read).
	const upsert = db.prepare(
		`INSERT INTO tariffs (user_id, valid_from, body, created_at) VALUES (?, ?, ?, ?)
		 ON CONFLICT (user_id, valid_from) DO UPDATE SET body = excluded.body, created_at = excluded.created_at`
	);
	const remove = db.prepare(`DELETE FROM tariffs WHERE user_id = ? AND valid_from = ?`);

	return {
		list: (userId: number) => list.all(userId) as TariffRow[],
		save: (userId: number, validFrom: string, body: string, now: number) =>
			upsert.run(userId, validFrom, body, now),
		remove: (userId: number, validFrom: string) => remove.run(userId, validFrom).changes > 0
	};
}

export type TariffsRepository = ReturnType<typeof createTariffsRepository>;
