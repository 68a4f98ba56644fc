/**
 * The reads worker: a thread with its own read-only SQLite connection that works out a
 * large household's heavy figures (its bill views, month prices, suggestions, history, the
 * months of its summary export and its sync pages), so that the main thread only parses, authorises, renders and writes
 * (reads-thread.ts starts it).
 * Its caches follow the events the main thread forwards, as another process of a cluster
 * follows them; stored energy it reads as it is (the span index follows change marks).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createDailyCosts } from '../billing/daily-costs';
import { createMonthPrices } from '../billing/month-prices';
import { createPricing } from '../billing/pricing';
import { createSummaryChunk } from '../export/summary-chunk';
import { createHistoryRepository } from '../history/history.repository';
import { createHistoryService } from '../history/history.service';
import { systemClock } from '../clock';
import { sqliteConnection } from '../db/connection';
import { createSettingsService } from '../settings/settings.service';
import { createSuggestionsService } from '../suggestions/suggestions.service';
import { createSyncHistory } from '../sync/sync-history';
import { createSyncRepository } from '../sync/sync.repository';
import type { ReadsRequest, ReadsReply, ForwardedEvent } from './reads-protocol';

const { path, timezone } = workerData as { path: string; timezone: string };
const db = sqliteConnection(path, { readonly: true, fileMustExist: true });
db.pragma('cache_size = -32000');
const clock = systemClock;
const settings = createSettingsService(db, clock, { household: { timezone } });
const { usage, tariffs, bills } = createPricing(db, clock, settings);
const suggestions = createSuggestionsService({ usage, bills, tariffs, settings, clock });
// The household's month prices are kept here; the main thread keeps copies of them.
const monthPrices = createMonthPrices(bills, clock);
const dailyCosts = createDailyCosts(usage, monthPrices, settings);
const history = createHistoryService({
	repo: createHistoryRepository(db),
	usage,
	settings,
	bills: monthPrices,
	dailyCosts,
	clock
});
const sync = createSyncHistory({ repo: createSyncRepository(db), settings });
const summaryChunk = createSummaryChunk({ usage, dailyCosts, settings });

function forget(e: ForwardedEvent): void {
	switch (e.name) {
		case 'pricesChanged':
			tariffs.forget(e.event.userId);
			return monthPrices.drop(e.event.userId);
		case 'settingsChanged':
			settings.reload(e.event.userId);
			if (e.event.userId === null) return monthPrices.clear();
			return monthPrices.drop(e.event.userId);
		case 'deviceRemoved':
			return settings.forgetDevice(e.event.deviceId);
		case 'accountDeleted':
			settings.forgetUser(e.event.userId);
			for (const id of e.event.deviceIds) settings.forgetDevice(id);
			tariffs.forget(e.event.userId);
			return monthPrices.drop(e.event.userId);
	}
}

async function answer(r: ReadsRequest): Promise<unknown> {
	switch (r.op) {
		case 'billView':
			return bills.view(r.userId, r.key);
		case 'portPrices':
			return new Map(r.keys.map((key) => [key, monthPrices.portPrices(r.userId, key)]));
		case 'suggestions':
			return suggestions.forUser(r.userId);
		case 'historyEnergy':
			return history.energy(r.userId, r.view, r.date, r.money);
		case 'summaryChunk':
			return summaryChunk(r.userId, r.from, r.to, r.locale, r.header);
		case 'syncPage':
			return sync.page(r.userId, r.since, r.token);
	}
}

parentPort!.on('message', (msg: ReadsRequest | ForwardedEvent) => {
	if ('name' in msg) return forget(msg);
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
