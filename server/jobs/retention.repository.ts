import type { Db } from '../db/connection';

/** SQL that trims raw readings port by port; the batching and yielding live in the job. */
export function createRetentionRepository(db: Db) {
	const ports = db.prepare(`SELECT device_id, port FROM ports`);
	// The newest ts of the next batch: the batch-th oldest row below the cutoff.
	const bound = db
		.prepare(
			`SELECT ts FROM readings WHERE device_id = ? AND port = ? AND ts < ? ORDER BY ts LIMIT 1 OFFSET ?`
		)
		.pluck();
	const remove = db.prepare(`DELETE FROM readings WHERE device_id = ? AND port = ? AND ts <= ?`);
	const removeRest = db.prepare(`DELETE FROM readings WHERE device_id = ? AND port = ? AND ts < ?`);

	return {
		ports: () => ports.all() as { device_id: number; port: number }[],
		/** The ts of the `offset`-th oldest reading below `cutoff`, if there are that many. */
		batchBound: (deviceId: number, port: number, cutoff: number, offset: number) =>
			bound.get(deviceId, port, cutoff, offset) as number | undefined,
		/** Deletes readings at or before `upTo`; returns how many went. */
		removeThrough: (deviceId: number, port: number, upTo: number) =>
			remove.run(deviceId, port, upTo).changes,
		/** Deletes every reading before `cutoff`; returns how many went. */
		removeBefore: (deviceId: number, port: number, cutoff: number) =>
			removeRest.run(deviceId, port, cutoff).changes
	};
}

export type RetentionRepository = ReturnType<typeof createRetentionRepository>;
