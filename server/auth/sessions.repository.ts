import type { Db } from '../db/connection';

export interface SessionRow {
	id: string;
	secret_hash: Uint8Array;
	user_id: number;
	created_at: number;
	last_verified_at: number;
	expires_at: number;
}

export function createSessionsRepository(db: Db) {
	const insert = db.prepare(
		`INSERT INTO sessions (id, secret_hash, user_id, created_at, last_verified_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`
	);
	const byId = db.prepare(`SELECT * FROM sessions WHERE id = ?`);
	const touch = db.prepare(`UPDATE sessions SET last_verified_at = ?, expires_at = ? WHERE id = ?`);
	const remove = db.prepare(`DELETE FROM sessions WHERE id = ?`);
	const removeForUser = db.prepare(`DELETE FROM sessions WHERE user_id = ? RETURNING id`).pluck();
	const removeExpired = db.prepare(`DELETE FROM sessions WHERE expires_at <= ?`);

	return {
		insert: (s: SessionRow) =>
			insert.run(
				s.id,
				Buffer.from(s.secret_hash),
				s.user_id,
				s.created_at,
				s.last_verified_at,
				s.expires_at
			),
		find: (id: string) => (byId.get(id) as SessionRow | undefined) ?? null,
		touch: (id: string, at: number, expiresAt: number) => touch.run(at, expiresAt, id),
		remove: (id: string) => remove.run(id),
		/** Returns the ids removed, so their sockets can be dropped. */
		removeForUser: (userId: number) => removeForUser.all(userId) as string[],
		removeExpired: (now: number) => removeExpired.run(now).changes
	};
}

export type SessionsRepository = ReturnType<typeof createSessionsRepository>;
