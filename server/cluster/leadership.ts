import pg from 'pg';

/** Any number: the key of the cluster's one scheduler. */
const LEADER_LOCK = 7_340_001;

export interface Leadership {
	/** Whether this process runs the cluster's once-only jobs now. */
	isLeader(): boolean;
	close(): Promise<void>;
}

/** One process, the only one there is. */
export const soleProcess: Leadership = { isLeader: () => true, close: async () => {} };

/**
 * Jobs that must run once per cluster (schedules, alert ticks, retention, push delivery,
 * the demo strip) run on the process holding a session advisory lock. The lock lives as
 * long as that process's connection: when the process dies, PostgreSQL releases it and
 * another process takes over at its next try (every `everyMs`).
 */
export function startLeadership(url: string, everyMs = 2000): Leadership {
	let client: pg.Client | null = null;
	let leader = false;
	let closed = false;

	async function attempt(): Promise<void> {
		if (closed) return;
		try {
			if (!client) {
				const c = new pg.Client({
					connectionString: url,
					application_name: 'smart-multiplug-leader'
				});
				c.on('error', () => {
					leader = false;
					if (client === c) client = null;
					c.end().catch(() => {});
				});
				await c.connect();
				client = c;
			}
			if (!leader) {
				const r = await client.query('SELECT pg_try_advisory_lock($1) AS got', [LEADER_LOCK]);
				leader = r.rows[0].got === true;
			} else {
				// Still connected: the lock is still ours.
				await client.query('SELECT 1');
			}
		} catch {
			leader = false;
			const c = client;
			client = null;
			await c?.end().catch(() => {});
		}
	}

	void attempt();
	const timer = setInterval(() => void attempt(), everyMs);
	timer.unref();

	return {
		isLeader: () => leader,
		async close() {
			closed = true;
			clearInterval(timer);
			leader = false;
			const c = client;
			client = null;
			await c?.end().catch(() => {});
		}
	};
}
