import { statSync } from 'node:fs';
import type { SqliteDb } from './connection';

export interface Checkpointer {
	stop(): Promise<void>;
}

export interface CheckpointOptions {
	everyMs?: number;
	/** A WAL file over this size is emptied once every frame is in the database. */
	truncateAbove?: number;
	/** Skip this turn (another thread checkpoints meanwhile). */
	skip?: () => boolean;
	/** A checkpoint ran. */
	done?: () => void;
	/** A checkpoint failed and this checkpointer stopped; without it, SQLite's own takes over. */
	failed?: (err: unknown) => void;
}

/**
 * WAL checkpoints between requests, not inside a commit. SQLite's automatic checkpoint runs
 * inside whichever commit crosses its threshold, so the devices answered after that commit
 * wait while pages are copied and fsynced. Here a timer runs a PASSIVE checkpoint (it never
 * waits for readers or writers) every second instead.
 *
 * It runs on the event loop. It used to run in a worker thread, whose second V8 isolate
 * cost ~10 MB of RSS for a job that takes ~2 ms a second at 1,000 readings/s and ~20 ms at
 * 60,000 (docs/decisions.md). While the reads worker runs (a large household), that thread
 * checkpoints instead, on a connection of its own, and this one skips its turns.
 *
 * A PASSIVE checkpoint lets the WAL be reused from its start but never shrinks the file: once
 * a long reader had let it grow (to a gigabyte), it stayed that size. So when the file is
 * over `truncateAbove` and every frame is in the database, a TRUNCATE checkpoint empties it.
 * It runs with no busy wait: a reader still in the WAL makes it give up until the next tick
 * instead of holding the event loop. From the reads worker it still holds the main thread's
 * next commit, which waits in SQLite's busy handler (sleeps of 1, 2, 5, 10 ms…) until the
 * file is cut: under the heaviest allowed ingest the WAL passed 16 MB every ~5 s, and each
 * cut cost a commit 20-30 ms. At 64 MB it is a quarter as often.
 */
export function startCheckpointer(
	db: SqliteDb,
	path: string,
	{ everyMs = 1000, truncateAbove = 64 * 1024 * 1024, ...hooks }: CheckpointOptions = {}
): Checkpointer {
	if (path === ':memory:') return { stop: async () => {} };
	db.pragma('wal_autocheckpoint = 0');
	const walSize = () => {
		try {
			return statSync(`${path}-wal`).size;
		} catch {
			return 0;
		}
	};
	const tick = () => {
		if (hooks.skip?.()) return;
		try {
			const [r] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
			hooks.done?.();
			if (r && r.checkpointed === r.log && walSize() > truncateAbove) {
				const wait = db.pragma('busy_timeout', { simple: true }) as number;
				db.pragma('busy_timeout = 0');
				try {
					db.pragma('wal_checkpoint(TRUNCATE)');
				} finally {
					db.pragma(`busy_timeout = ${wait}`);
				}
			}
		} catch (err) {
			clearInterval(timer);
			if (hooks.failed) return hooks.failed(err);
			// Should a checkpoint fail (an I/O error), SQLite's own checkpointing takes over.
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
