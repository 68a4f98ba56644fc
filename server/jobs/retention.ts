/**
 * Raw readings are kept `retention_days` (default 30); buckets and rollups forever.
 * Deletion goes port by port in small batches through the primary key
 * (device_id, port, ts < cutoff), each batch its own short transaction, yielding to the
 * event loop between batches so ingestion never waits behind one long delete.
 */
import { setImmediate as yieldToIo } from 'node:timers/promises';
import type { Db } from '../db/connection';
import { createRetentionRepository } from './retention.repository';

export const RETENTION_BATCH = 5000;

export function createRetention(db: Db, batch = RETENTION_BATCH) {
	const repo = createRetentionRepository(db);

	return {
		/** Deletes raw readings measured before `cutoff`; resolves with how many went. */
		async run(cutoff: number): Promise<number> {
			let deleted = 0;
			for (const p of repo.ports()) {
				for (;;) {
					const upTo = repo.batchBound(p.device_id, p.port, cutoff, batch - 1);
					if (upTo === undefined) {
						deleted += repo.removeBefore(p.device_id, p.port, cutoff);
						break;
					}
					deleted += repo.removeThrough(p.device_id, p.port, upTo);
					await yieldToIo();
				}
				await yieldToIo();
			}
			return deleted;
		}
	};
}
