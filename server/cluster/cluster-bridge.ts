import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { EventBus, EventName } from '../events/bus';

const CHANNEL = 'multiplug_events';

export interface ClusterBridge {
	readonly processId: string;
	close(): Promise<void>;
}

/**
 * Carries the crossing domain events between the processes of a cluster: each is sent
 * with NOTIFY after the emitting service's commit, and every other process hears it on
 * its LISTEN connection and delivers it to its own listeners. A process that lost its
 * connection reconnects; what it missed meanwhile were cache invalidations, so it drops
 * its caches by delivering a `settingsChanged` for everyone.
 */
export function startClusterBridge(url: string, pool: pg.Pool, bus: EventBus): ClusterBridge {
	const processId = randomUUID();
	let client: pg.Client | null = null;
	let closed = false;
	let retry: NodeJS.Timeout | null = null;
	let everConnected = false;

	async function listen(): Promise<void> {
		const c = new pg.Client({ connectionString: url, application_name: 'smart-multiplug-listen' });
		c.on('error', () => reconnect(c));
		c.on('end', () => reconnect(c));
		c.on('notification', (n) => {
			if (n.channel !== CHANNEL || !n.payload) return;
			let m: { from: string; name: EventName; event: never };
			try {
				m = JSON.parse(n.payload);
			} catch {
				return;
			}
			if (m.from !== processId) bus.deliverRemote(m.name, m.event);
		});
		try {
			await c.connect();
			await c.query(`LISTEN ${CHANNEL}`);
		} catch {
			reconnect(c);
			return;
		}
		if (closed) {
			await c.end().catch(() => {});
			return;
		}
		client = c;
		if (everConnected) bus.deliverRemote('settingsChanged', { userId: null, key: '*' });
		everConnected = true;
	}

	function reconnect(c: pg.Client): void {
		if (client === c) client = null;
		c.end().catch(() => {});
		if (closed || retry) return;
		retry = setTimeout(() => {
			retry = null;
			void listen();
		}, 1000);
		retry.unref();
	}

	bus.onPublish((name, event) => {
		const payload = JSON.stringify({ from: processId, name, event });
		pool.query('SELECT pg_notify($1, $2)', [CHANNEL, payload]).catch((err: Error) => {
			console.error(`Could not tell the cluster about ${name}:`, err.message);
		});
	});
	void listen();

	return {
		processId,
		async close() {
			closed = true;
			if (retry) clearTimeout(retry);
			const c = client;
			client = null;
			await c?.end().catch(() => {});
		}
	};
}
