import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EventBus } from '../events/bus';
import { FORWARDED, type ReadsReply, type ReadsRequest, type WorkerNotice } from './reads-protocol';

type Ask = ReadsRequest extends infer R
	? R extends { id: number }
		? Omit<R, 'id'>
		: never
	: never;

/** The reads worker died: the figure is worked out on the main thread instead. */
export class ReadsThreadGone extends Error {}

export interface ReadsThread {
	ask<T>(request: Ask): Promise<T>;
	/** Questions answered since the start (a metric). */
	answered(): number;
	/** Whether the worker checkpoints the WAL now (the main thread's checkpointer then skips). */
	checkpointing(): boolean;
	/** WAL checkpoints the worker ran since the start (a metric). */
	checkpoints(): number;
	close(): Promise<void>;
}

/**
 * Starts the reads worker (reads-worker.ts) beside the bundle, on the SQLite file `path`;
 * null when there is no built worker (the app run from source, in development or a spec),
 * and the figures are then worked out on the main thread as before. A worker that dies is
 * started again at the next question.
 */
export function startReadsThread(o: {
	path: string;
	timezone: string;
	events: EventBus;
}): ReadsThread | null {
	// Beside this module in a build (scripts/build-backend.js bundles it next to main.js).
	const file = new URL('./reads-worker.js', import.meta.url);
	if (!existsSync(fileURLToPath(file))) return null;
	let worker: Worker | null = null;
	let nextId = 1;
	let answered = 0;
	let checkpoints = 0;
	let checkpointerStopped = false;
	const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();

	function start(): Worker {
		const w = new Worker(file, { workerData: { path: o.path, timezone: o.timezone } });
		w.unref();
		w.on('message', (reply: ReadsReply | WorkerNotice) => {
			if ('checkpointed' in reply) return void checkpoints++;
			if ('checkpointer' in reply) return void (checkpointerStopped = true);
			const p = pending.get(reply.id);
			if (!p) return;
			pending.delete(reply.id);
			if ('error' in reply) return p.reject(new Error(`reads worker: ${reply.error}`));
			answered++;
			p.resolve(reply.value);
		});
		const gone = (why: unknown) => {
			if (worker !== w) return;
			worker = null;
			for (const p of pending.values()) p.reject(new ReadsThreadGone(String(why)));
			pending.clear();
		};
		w.on('error', (err) => {
			console.error('reads worker failed:', err);
			gone(err);
		});
		w.on('exit', (code) => gone(`exit ${code}`));
		return w;
	}

	// Caches in the worker follow the same events as the main thread's, in order with the
	// questions: a question sent after a change is answered after the worker forgot.
	for (const name of FORWARDED) {
		o.events.on(name, (event) => worker?.postMessage({ name, event }));
	}

	return {
		ask<T>(request: Ask): Promise<T> {
			worker ??= start();
			const id = nextId++;
			return new Promise<T>((resolve, reject) => {
				pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
				worker!.postMessage({ ...request, id });
			});
		},
		answered: () => answered,
		checkpointing: () => worker !== null && !checkpointerStopped,
		checkpoints: () => checkpoints,
		async close() {
			const w = worker;
			worker = null;
			for (const p of pending.values()) p.reject(new ReadsThreadGone('closed'));
			pending.clear();
			await w?.terminate();
		}
	};
}
