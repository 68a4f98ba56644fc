import type { Db } from '../db/connection';

/** Addresses an account has authenticated from, looked up by the e-mail typed at log-in. */
export function createLoginAddressesRepository(db: Db) {
	const upsert = db.prepare(
		`INSERT INTO login_addresses (user_id, address, last_seen_at) VALUES (?, ?, ?)
		 ON CONFLICT (user_id, address) DO UPDATE SET last_seen_at = excluded.last_seen_at`
	);
	const known = db
		.prepare(
			`SELECT 1 FROM login_addresses a JOIN users u ON u.id = a.user_id
			 WHERE u.email = ? AND a.address = ?`
		)
		.pluck();
	return {
		remember: (userId: number, address: string, now: number) =>
			void upsert.run(userId, address, now),
		isKnown: (email: string, address: string): boolean => known.get(email, address) === 1
	};
}

export type LoginAddressesRepository = ReturnType<typeof createLoginAddressesRepository>;
