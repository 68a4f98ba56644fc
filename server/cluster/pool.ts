import pg from 'pg';

/**
 * The asynchronous PostgreSQL connections of a process, beside PgDatabase's one for
 * queries: LISTEN/NOTIFY, the Socket.IO adapter and the rate limits, none of which may
 * block the event loop while they wait.
 */
export function createPool(url: string, max = 4): pg.Pool {
	const pool = new pg.Pool({
		connectionString: url,
		max,
		connectionTimeoutMillis: 2000,
		idleTimeoutMillis: 30_000,
		application_name: 'smart-multiplug-async'
	});
	// A connection dropped by a restart is an 'error' on the pool when idle, and on the
	// client when checked out (the Socket.IO adapter holds one for LISTEN and reconnects
	// on its 'end'); unheard, either would end the process.
	pool.on('error', () => {});
	pool.on('connect', (client) => client.on('error', () => {}));
	return pool;
}
