/**
 * The reads worker: a thread with its own read-only SQLite connection that works out a
 * large household's heavy figures (its bill views, month prices, suggestions, history, the
 * months of its summary export and its sync pages), so that the main thread only parses,
 * authorises, renders and writes (reads-thread.ts starts it). Its caches follow the events
 * the main thread forwards, as another process of a cluster follows them; stored energy it
 * reads as it is (the span index follows change marks).
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { createPricing } from '../billing/pricing';
import { systemClock } from '../clock';
import { startCheckpointer } from '../db/checkpointer';
import { sqliteConnection } from '../db/connection';
import { createEventBus } from '../events/bus';
import { createSettingsService } from '../settings/settings.service';
import { createReadSide } from './read-side';
import type { ReadsRequest, ReadsReply, ForwardedEvent, WorkerNotice } from './reads-protocol';

/**
 * On Linux the worker gives way to the main thread when both want a core: its work is one
 * large household's, the main thread's is everyone's requests. The thread's own id comes
 * from /proc/thread-self; a nice value set on it applies to this thread only. Elsewhere,
 * or if refused, it runs at the process's priority.
 */
const READS_WORKER_NICE = 10;
function giveWay(): void {
	try {
		const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
		if (Number.isInteger(tid) && tid > 0 && tid !== process.pid)
			setPriority(tid, READS_WORKER_NICE);
	} catch {
		// Not Linux, or not allowed: the same priority as the process.
	}
}
giveWay();

const { path, timezone } = workerData as { path: string; timezone: string };
const db = sqliteConnection(path, { readonly: true, fileMustExist: true });
db.pragma('cache_size = -32000');
const clock = systemClock;
// Every event here was raised on the main thread: all arrive as from elsewhere.
const events = createEventBus();
const settings = createSettingsService(db, clock, { household: { timezone } });
events.on('settingsChanged', (e) => settings.reload(e.userId));
events.on('deviceRemoved', (e) => settings.forgetDevice(e.deviceId));
events.on('accountDeleted', (e) => {
	settings.forgetUser(e.userId);
	for (const id of e.deviceIds) settings.forgetDevice(id);
});
const pricing = createPricing(db, clock, settings);
const { bills } = pricing;
// The household's month prices are kept here; the main thread keeps copies of them.
const { monthPrices, suggestions, history, summaryChunk, syncPage } = createReadSide(
	db,
	clock,
	settings,
	pricing,
	events
);

// The WAL's checkpoints, while this thread runs: copying pages and syncing the file waits on
// the disk, here rather than on the event loop every household's requests cross.
startCheckpointer(sqliteConnection(path, { fileMustExist: true }), path, {
	done: () => parentPort!.postMessage({ checkpointed: true } satisfies WorkerNotice),
	failed: (err) => {
		console.error('WAL checkpoint in the reads worker failed; the main thread takes over', err);
		parentPort!.postMessage({ checkpointer: 'stopped' } satisfies WorkerNotice);
	}
});

async function answer(r: ReadsRequest): Promise<unknown> {
	switch (r.op) {
		case 'billView':
			return bills.view(r.userId, r.key);
		case 'portPrices':
			return new Map(r.keys.map((key) => [key, monthPrices.portPrices(r.userId, key)]));
		case 'suggestions':
			return suggestions.forUser(r.userId);
		case 'slabForecast':
			return bills.slabForecast(r.userId);
		case 'historyEnergy':
			return history.energy(r.userId, r.view, r.date, r.money);
		case 'summaryChunk':
			return summaryChunk(r.userId, r.from, r.to, r.locale, r.header);
		case 'syncPage':
			return syncPage(r.userId, r.since, r.token);
	}
}

parentPort!.on('message', (msg: ReadsRequest | ForwardedEvent) => {
	if ('name' in msg) return events.deliverRemote(msg.name, msg.event);
	answer(msg).then(
		// Text crosses to the main thread as one string, and is sent as it is there.
		(value) =>
			parentPort!.postMessage({
				id: msg.id,
				value: msg.json ? JSON.stringify(value) : value
			} satisfies ReadsReply),
		(err: unknown) =>
			parentPort!.postMessage({
				id: msg.id,
				error: err instanceof Error ? (err.stack ?? err.message) : String(err)
			} satisfies ReadsReply)
	);
});
