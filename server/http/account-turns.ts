/**
 * Turns for an account's page and /api requests: at most `atOnce` in progress, up to
 * `queued` waiting behind them in arrival order, beyond that refused. One account's
 * pile of heavy requests then holds at most `atOnce` of the event loop's turns, and
 * another household's request never waits behind it. Kept in this process's memory: in
 * a cluster each process counts its own.
 */
export interface AccountTurnsOptions {
	atOnce: number;
	queued: number;
}

export type Turn = { release: () => void } | { refused: true } | { aborted: true };

interface Waiter {
	grant: (release: () => void) => void;
}

export function createAccountTurns(o: AccountTurnsOptions) {
	const running = new Map<number, number>();
	const waiting = new Map<number, Waiter[]>();
	let waitingCount = 0;

	function releaser(account: number): () => void {
		let released = false;
		return () => {
			if (released) return;
			released = true;
			const queue = waiting.get(account);
			const next = queue?.shift();
			if (next) {
				waitingCount--;
				if (queue!.length === 0) waiting.delete(account);
				// The turn passes straight on: the running count stays the same.
				next.grant(releaser(account));
				return;
			}
			const n = (running.get(account) ?? 1) - 1;
			if (n > 0) running.set(account, n);
			else running.delete(account);
		};
	}

	return {
		/**
		 * Waits for one of the account's turns. `signal` aborting while it waits (the client
		 * went away) drops it from the queue: its work never starts.
		 */
		take(account: number, signal?: AbortSignal): Promise<Turn> {
			if (signal?.aborted) return Promise.resolve({ aborted: true });
			const n = running.get(account) ?? 0;
			if (n < o.atOnce) {
				running.set(account, n + 1);
				return Promise.resolve({ release: releaser(account) });
			}
			const queue = waiting.get(account) ?? [];
			if (queue.length >= o.queued) return Promise.resolve({ refused: true });
			return new Promise<Turn>((resolve) => {
				const onAbort = () => {
					const i = queue.indexOf(waiter);
					if (i < 0) return;
					queue.splice(i, 1);
					waitingCount--;
					if (queue.length === 0) waiting.delete(account);
					resolve({ aborted: true });
				};
				const waiter: Waiter = {
					grant: (release) => {
						signal?.removeEventListener('abort', onAbort);
						resolve({ release });
					}
				};
				queue.push(waiter);
				waiting.set(account, queue);
				waitingCount++;
				signal?.addEventListener('abort', onAbort, { once: true });
			});
		},
		/** Requests waiting for a turn, all accounts together (a metric). */
		waiting: () => waitingCount,
		/** Requests holding a turn now, all accounts together. */
		running: () => [...running.values()].reduce((a, b) => a + b, 0)
	};
}

export type AccountTurns = ReturnType<typeof createAccountTurns>;
