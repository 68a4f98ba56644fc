import { isBusy, isSqlite, withoutBusyWait, type Db } from './connection';

interface Job<T> {
	work: () => T;
	resolve: (value: T) => void;
	reject: (err: unknown) => void;
}

export interface GroupCommit {
	/**
	 * Runs `work` inside a transaction shared with the other writes of this event-loop turn
	 * and resolves after that transaction has committed. `work` must be atomic on its own
	 * (a better-sqlite3 transaction function, which nests as a savepoint), so one failing
	 * job rolls back alone.
	 */
	run<T>(work: () => T): Promise<T>;
}

const BUSY_RETRY_MS = 2;

/**
 * Group commit. A commit writes every dirty page to the WAL, which costs far more than the
 * few rows one device request changes; requests that arrive together share one commit
 * and each is answered only after it, so nothing acknowledged can be lost.
 */
export function createGroupCommit(
	db: Db,
	options: { maxJobs?: number; onAbort?: () => void; busyWaitMs?: number } = {}
): GroupCommit {
	const maxJobs = options.maxJobs ?? 256;
	const queue: Job<unknown>[] = [];
	let scheduled = false;

	const runAll = db.transaction((jobs: Job<unknown>[]) => {
		const outcomes: ({ ok: true; value: unknown } | { ok: false; err: unknown })[] = [];
		for (const job of jobs) {
			try {
				outcomes.push({ ok: true, value: job.work() });
			} catch (err) {
				outcomes.push({ ok: false, err });
			}
		}
		return outcomes;
	});

	// SQLite: the transaction begins by taking the write lock, and finds it taken at once
	// rather than sleeping in SQLite's busy wait with the event loop stopped. Another
	// connection holds it for a while: the reads worker cutting the WAL (tens to hundreds of
	// ms on a disk that discards freed blocks), a backup.
	const noWait = isSqlite(db) ? withoutBusyWait(db) : null;
	const begin = noWait
		? (jobs: Job<unknown>[]) =>
				noWait.run(() => (runAll as unknown as { immediate: typeof runAll }).immediate(jobs))
		: runAll;
	// As long as the connection's busy timeout: past it the writes fail, as they did waiting.
	const busyWaitMs = options.busyWaitMs ?? noWait?.waitMs ?? 0;
	let busySince: number | null = null;

	function flush(): void {
		scheduled = false;
		while (queue.length) {
			const jobs = queue.splice(0, maxJobs);
			let outcomes;
			try {
				outcomes = begin(jobs);
				busySince = null;
			} catch (err) {
				const now = Date.now();
				if (isBusy(err) && now - (busySince ??= now) < busyWaitMs) {
					// None of them ran: they go first at the next try.
					queue.unshift(...jobs);
					scheduled = true;
					setTimeout(flush, BUSY_RETRY_MS);
					return;
				}
				busySince = null;
				options.onAbort?.();
				for (const job of jobs) job.reject(err);
				continue;
			}
			outcomes.forEach((o, i) => (o.ok ? jobs[i]!.resolve(o.value) : jobs[i]!.reject(o.err)));
		}
	}

	return {
		run<T>(work: () => T): Promise<T> {
			return new Promise<T>((resolve, reject) => {
				queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
				if (!scheduled) {
					scheduled = true;
					setImmediate(flush);
				}
			});
		}
	};
}
