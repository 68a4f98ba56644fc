/**
 * Raw readings are kept `retention_days` (default 30); buckets and rollups forever.
 * Deletion goes port by port in small batches through the primary key
 * (device_id, port, ts < cutoff), each batch its own short transaction, yielding to the
 * event loop between batches so ingestion never waits behind one long delete.
 */
import { setImmediate as yieldToIo } from 'node:timers/promises';
import type { Db } from '../db/connection';

export const RETENTION_BATCH = 5000;

export function createRetention(db: Db, batch = RETENTION_BATCH) {
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
		/** Deletes raw readings measured before `cutoff`; resolves with how many went. */
		async run(cutoff: number): Promise<number> {
			let deleted = 0;
			for (const p of ports.all() as { device_id: number; port: number }[]) {
				for (;;) {
					const upTo = bound.get(p.device_id, p.port, cutoff, batch - 1) as number | undefined;
					if (upTo === undefined) {
						deleted += removeRest.run(p.device_id, p.port, cutoff).changes;
						break;
					}
					deleted += remove.run(p.device_id, p.port, upTo).changes;
					await yieldToIo();
				}
				await yieldToIo();
			}
			return deleted;
		}
	};
}
