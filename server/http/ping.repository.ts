import type { Db } from '../db/connection';

/** The one query `/health` runs: it touches no table, only proves the database answers. */
export function createPingRepository(db: Db) {
	const ping = db.prepare('SELECT 1 AS ok');
	return {
		/** Throws when the database cannot answer. */
		ping: () => {
			ping.get();
		}
	};
}

export type PingRepository = ReturnType<typeof createPingRepository>;
