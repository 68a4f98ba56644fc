import { DatabaseUnavailableError } from './postgres/pg-database';

/**
 * Work from a timer (jobs, live flushes, the push pump) has no request to answer: a
 * failure is logged and the next run tries again. A database that is away (PostgreSQL
 * restarting) is expected and not logged each second.
 */
export function guarded(name: string, fn: () => void): () => void {
	return () => {
		try {
			fn();
		} catch (err) {
			if (err instanceof DatabaseUnavailableError) return;
			console.error(`${name} failed:`, err);
		}
	};
}

export const isUnavailable = (err: unknown): boolean => err instanceof DatabaseUnavailableError;
