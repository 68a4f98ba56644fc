/**
 * The reads worker: a thread with its own read-only SQLite connection that works out a
 * large household's heavy figures (its bill views, month prices and suggestions), so that
 * the main thread only parses, authorises, renders and writes (reads-thread.ts starts it).
 * Its caches follow the events the main thread forwards, as another process of a cluster
 * follows them; stored energy it reads as it is (the span index follows change marks).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createPricing } from '../billing/pricing';
import { systemClock } from '../clock';
import { sqliteConnection } from '../db/connection';
import { createSettingsService } from '../settings/settings.service';
import { createSuggestionsService } from '../suggestions/suggestions.service';
import type { ReadsRequest, ReadsReply, ForwardedEvent } from './reads-protocol';

const { path, timezone } = workerData as { path: string; timezone: string };
const db = sqliteConnection(path, { readonly: true, fileMustExist: true });
db.pragma('cache_size = -32000');
const clock = systemClock;
const settings = createSettingsService(db, clock, { household: { timezone } });
const { usage, tariffs, bills } = createPricing(db, clock, settings);
const suggestions = createSuggestionsService({ usage, bills, tariffs, settings, clock });

function forget(e: ForwardedEvent): void {
	switch (e.name) {
		case 'pricesChanged':
			return tariffs.forget(e.event.userId);
		case 'settingsChanged':
			return settings.reload(e.event.userId);
		case 'deviceRemoved':
			return settings.forgetDevice(e.event.deviceId);
		case 'accountDeleted':
			settings.forgetUser(e.event.userId);
			for (const id of e.event.deviceIds) settings.forgetDevice(id);
			return tariffs.forget(e.event.userId);
	}
}

async function answer(r: ReadsRequest): Promise<unknown> {
	switch (r.op) {
		case 'billView':
			return bills.view(r.userId, r.key);
		case 'portPrices':
			return new Map(r.keys.map((key) => [key, bills.portPrices(r.userId, key)]));
		case 'suggestions':
			return suggestions.forUser(r.userId);
	}
}

parentPort!.on('message', (msg: ReadsRequest | ForwardedEvent) => {
	if ('name' in msg) return forget(msg);
	answer(msg).then(
		(value) => parentPort!.postMessage({ id: msg.id, value } satisfies ReadsReply),
		(err: unknown) =>
			parentPort!.postMessage({
				id: msg.id,
				error: err instanceof Error ? (err.stack ?? err.message) : String(err)
			} satisfies ReadsReply)
	);
});
