import type { Db } from './connection';

export interface Checkpointer {
	stop(): Promise<void>;
}

/**
 * WAL checkpoints between requests, not inside a commit. SQLite's automatic checkpoint runs
 * inside whichever commit crosses its threshold, so the devices answered after that commit
 * wait while pages are copied and fsynced. Here a timer runs a PASSIVE checkpoint (it never
 * waits for readers or writers) every second instead.
 *
 * It runs on the event loop. It used to run in a worker thread, whose second V8 isolate
 * cost ~10 MB of RSS for a job that takes ~2 ms a second at 1,000 readings/s and ~20 ms at
 * 60,000 (docs/decisions.md).
 */
export function startCheckpointer(db: Db, path: string, everyMs = 1000): Checkpointer {
	if (path === ':memory:') return { stop: async () => {} };
	db.pragma('wal_autocheckpoint = 0');
	const tick = () => {
		try {
			db.pragma('wal_checkpoint(PASSIVE)');
		} catch (err) {
			// Should a checkpoint fail (an I/O error), SQLite's own checkpointing takes over.
			clearInterval(timer);
			db.pragma('wal_autocheckpoint = 1000');
			console.error('WAL checkpoint failed; falling back to automatic checkpoints', err);
		}
	};
	const timer = setInterval(tick, everyMs);
	timer.unref();
	return {
		async stop() {
			clearInterval(timer);
			if (db.open) tick();
		}
	};
}
