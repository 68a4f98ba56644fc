import type { Db } from './connection';

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

/**
 * Group commit. A commit writes every dirty page to the WAL, which costs far more than the
 * few rows one device request changes; requests that arrive together share one commit
 * and each is answered only after it, so nothing acknowledged can be lost.
 */
export function createGroupCommit(
	db: Db,
	options: { maxJobs?: number; onAbort?: () => void } = {}
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

	function flush(): void {
		scheduled = false;
		while (queue.length) {
			const jobs = queue.splice(0, maxJobs);
			let outcomes;
			try {
				outcomes = runAll(jobs);
			} catch (err) {
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
