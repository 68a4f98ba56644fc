import { statSync } from 'node:fs';
import { withoutBusyWait, type SqliteDb } from './connection';

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
 * a long reader had let it grow (to a gigabyte), it stayed that size. And under a large
 * household's reads it is seldom reused from its start (some read is always on an older
 * snapshot), so it grows as long as writes come. So when the file is over `truncateAbove`
 * and every frame is in the database, a TRUNCATE checkpoint empties it. It runs with no busy
 * wait: a reader still in the WAL makes it give up until the next tick instead of holding
 * the event loop. A cut holds the write lock while the file's blocks are freed (~1 ms a MB
 * here, more under load); the group commit waits for it off the event loop, so only the
 * answers to writes wait, and a smaller bound makes that wait shorter, not more in all.
 */
export function startCheckpointer(
	db: SqliteDb,
	path: string,
	{ everyMs = 1000, truncateAbove = 4 * 1024 * 1024, ...hooks }: CheckpointOptions = {}
): Checkpointer {
	if (path === ':memory:') return { stop: async () => {} };
	db.pragma('wal_autocheckpoint = 0');
	const noWait = withoutBusyWait(db);
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
				noWait.run(() => db.pragma('wal_checkpoint(TRUNCATE)'));
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
