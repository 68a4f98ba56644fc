import type { Db } from '../db/connection';

export interface UserRecord {
	id: number;
	email: string;
	isOwner: boolean;
	createdAt: number;
}

interface UserRow {
	id: number;
	email: string;
	password_hash: string;
	is_owner: number;
	created_at: number;
}

const toUser = (r: UserRow): UserRecord => ({
	id: r.id,
	email: r.email,
	isOwner: r.is_owner === 1,
	createdAt: r.created_at
});

export function createUsersRepository(db: Db) {
	const insert = db
		.prepare(
			`INSERT INTO users (email, password_hash, is_owner, is_demo, created_at, password_changed_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`
		)
		.pluck();
	const byEmail = db.prepare(`SELECT * FROM users WHERE email = ?`);
	const byId = db.prepare(`SELECT * FROM users WHERE id = ?`);
	const count = db.prepare(`SELECT count(*) FROM users`).pluck();
	const realCount = db.prepare(`SELECT count(*) FROM users WHERE is_demo = 0`).pluck();
	const claimOrphans = db.prepare(`UPDATE devices SET owner_id = ? WHERE owner_id IS NULL`);
	const setHash = db.prepare(
		`UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?`
	);
	const remove = db.prepare(`DELETE FROM users WHERE id = ?`);
	const ownedDevices = db.prepare(`SELECT id FROM devices WHERE owner_id = ?`).pluck();
	const ownerEmail = db
		.prepare(`SELECT email FROM users WHERE is_owner = 1 ORDER BY id LIMIT 1`)
		.pluck();

	return {
		/** The first real account owns the instance and adopts devices made before accounts. */
		create: db.transaction(
			(email: string, passwordHash: string, now: number, isDemo = false): UserRecord => {
				const first = !isDemo && (realCount.get() as number) === 0;
				const id = Number(insert.get(email, passwordHash, first ? 1 : 0, isDemo ? 1 : 0, now, now));
				if (first) claimOrphans.run(id);
				return toUser(byId.get(id) as UserRow);
			}
		),
		findByEmail(email: string): (UserRecord & { passwordHash: string }) | null {
			const r = byEmail.get(email) as UserRow | undefined;
			return r ? { ...toUser(r), passwordHash: r.password_hash } : null;
		},
		findById(id: number): (UserRecord & { passwordHash: string }) | null {
			const r = byId.get(id) as UserRow | undefined;
			return r ? { ...toUser(r), passwordHash: r.password_hash } : null;
		},
		count: () => count.get() as number,
		/** The instance owner's address, or null before anyone signed up. */
		ownerEmail: () => (ownerEmail.get() as string | undefined) ?? null,
		setPasswordHash: (id: number, hash: string, now: number) => setHash.run(hash, now, id),
		/** Devices, readings, energy, alerts and sessions go with the user (ON DELETE CASCADE). */
		/** Deletes the account and (by cascade) its devices: the ids of those devices. */
		remove: db.transaction((id: number): number[] => {
			const devices = ownedDevices.all(id) as number[];
			remove.run(id);
			return devices;
		})
	};
}

export type UsersRepository = ReturnType<typeof createUsersRepository>;
