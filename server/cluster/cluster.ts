import { createAdapter } from '@socket.io/postgres-adapter';
import type pg from 'pg';
import type { EventBus } from '../events/bus';
import { startClusterBridge, type ClusterBridge } from './cluster-bridge';
import { startLeadership, type Leadership } from './leadership';
import { createPool } from './pool';

export interface Cluster {
	pool: pg.Pool;
	bridge: ClusterBridge;
	leadership: Leadership;
	/** Socket.IO rooms across processes: an emit here reaches sockets held by the others. */
	socketAdapter: ReturnType<typeof createAdapter>;
	close(): Promise<void>;
}

/** What a process needs to be one of several on one PostgreSQL database. */
export function startCluster(url: string, events: EventBus): Cluster {
	const pool = createPool(url);
	const bridge = startClusterBridge(url, pool, events);
	const leadership = startLeadership(url);
	const socketAdapter = createAdapter(pool, { errorHandler: () => {} });
	return {
		pool,
		bridge,
		leadership,
		socketAdapter,
		async close() {
			await leadership.close();
			await bridge.close();
			await pool.end().catch(() => {});
		}
	};
}
