import { readable, type Readable } from 'svelte/store';
import { keepEqual } from './keep-equal';
import type { LocalDb } from './local-db';

/**
 * What a page shows from the local database: read again whenever a table it reads
 * changes (Dexie's liveQuery), null until the first read. `database` gives the database
 * once it is loaded (Dexie is not in the first-load JavaScript). Two things keep a phone
 * responsive while the live socket and the sync write to those tables:
 * - a new result keeps the identity of every part equal to the last one (`keepEqual`), so
 *   Svelte re-renders only what changed, and a read that found nothing new re-renders
 *   nothing;
 * - it reaches the page in a task of its own, not inside the database's callback, so
 *   reading and rendering are two short tasks for the phone rather than one long one.
 */
export function localView<T>(
	database: () => Promise<LocalDb>,
	query: (db: LocalDb) => Promise<T>
): Readable<T | null> {
	return readable<T | null>(null, (set) => {
		let stopped = false;
		let subscription: { unsubscribe(): void } | null = null;
		let shown: T | null = null;
		let latest: T | null = null;
		let timer: ReturnType<typeof setTimeout> | null = null;
		const deliver = () => {
			timer = null;
			const next = keepEqual(shown, latest);
			if (next !== shown) set((shown = next));
		};
		// Dexie's chunk downloads meanwhile; it runs only once the database is opened.
		void Promise.all([database(), import('dexie')]).then(([db, { liveQuery }]) => {
			if (stopped) return;
			subscription = liveQuery(() => query(db)).subscribe({
				next: (value) => {
					latest = value;
					// Results that arrive before the page got the last one are delivered once.
					timer ??= setTimeout(deliver, 0);
				},
				// A failed read leaves what is shown (the server's render, or the last read).
				error: (err: unknown) => console.error('local database read failed', err)
			});
		});
		return () => {
			stopped = true;
			subscription?.unsubscribe();
			if (timer) clearTimeout(timer);
		};
	});
}
