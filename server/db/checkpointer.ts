import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Db } from './connection';

/**
 * WAL checkpoints off the request path. SQLite's automatic checkpoint runs inside whichever
 * commit crosses the threshold, copying pages and fsyncing on the event loop; a worker
 * thread with its own connection does it instead, PASSIVE so writers never wait for it.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
const tick = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} };
const timer = setInterval(tick, workerData.everyMs);
parentPort.on('message', (m) => {
	if (m === 'stop') { clearInterval(timer); tick(); db.close(); parentPort.close(); }
});
`;

export interface Checkpointer {
	stop(): Promise<void>;
}

export function startCheckpointer(db: Db, path: string, everyMs = 1000): Checkpointer {
	if (path === ':memory:') return { stop: async () => {} };
	const worker = new Worker(WORKER, {
		eval: true,
		workerData: { path, everyMs, driver: fileURLToPath(import.meta.resolve('better-sqlite3')) }
	});
	worker.unref();
	db.pragma('wal_autocheckpoint = 0');
	// Should the worker die, SQLite's own checkpointing takes over again.
	worker.once('error', (err) => {
		console.error('checkpoint worker failed; falling back to automatic checkpoints', err);
		db.pragma('wal_autocheckpoint = 1000');
	});
	return {
		stop: () =>
			new Promise<void>((resolve) => {
				worker.once('exit', () => resolve());
				worker.postMessage('stop');
				setTimeout(() => void worker.terminate().then(() => resolve()), 2000).unref();
			})
	};
}
