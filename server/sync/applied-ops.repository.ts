import type { Db } from '../db/connection';

/** SQL for the ids of offline ops already applied, so a replayed op applies nothing twice. */
export function createAppliedOpsRepository(db: Db) {
	const record = db.prepare(
		`INSERT OR IGNORE INTO applied_ops (user_id, op_id, applied_at) VALUES (?, ?, ?)`
	);
	const purge = db.prepare(`DELETE FROM applied_ops WHERE applied_at < ?`);

	return {
		/** Records an op's id; false when it was already there. */
		record: (userId: number, opId: string, at: number) =>
			record.run(userId, opId, at).changes !== 0,
		/** Forgets ids applied before `before`; returns how many went. */
		purge: (before: number) => purge.run(before).changes
	};
}

export type AppliedOpsRepository = ReturnType<typeof createAppliedOpsRepository>;
