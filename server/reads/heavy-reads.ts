import type { BillsService, BillView } from '../billing/bills.service';
import type { createSummaryChunk } from '../export/summary-chunk';
import type { Locale } from '../settings/locale';
import type { EnergyView, HistoryService } from '../history/history.service';
import type { PeriodView } from '../history/periods';
import type { MonthPrices } from '../billing/month-prices';
import type { PortPrice } from '../billing/port-price';
import type { SuggestionsService } from '../suggestions/suggestions.service';
import type { SyncPageToken } from '../sync/sync-history';
import type { SyncHistory } from '../sync/sync.types';
import { ReadsThreadGone, type ReadsThread } from './reads-thread';

type Suggestions = Awaited<ReturnType<SuggestionsService['forUser']>>;

/**
 * A large household's heavy figures, worked out in the reads worker when there is one: its
 * bill views, its suggestions and the month prices its dashboard, history and exports
 * need. A small household's are worked out here as before: they take milliseconds, and
 * would otherwise wait in the worker behind a large one's.
 */
export function createHeavyReads(d: {
	thread: ReadsThread | null;
	/** households worked out in the worker */
	large: (userId: number) => boolean;
	bills: Pick<BillsService, 'view'>;
	suggestions: Pick<SuggestionsService, 'forUser'>;
	history: Pick<HistoryService, 'energy'>;
	summaryChunk: ReturnType<typeof createSummaryChunk>;
	syncPage: (userId: number, since: number | null, token: SyncPageToken) => SyncHistory;
	monthPrices: Pick<MonthPrices, 'settle'>;
	/** the household's running billing month */
	monthKey: (userId: number) => string;
}) {
	const offload = (userId: number) => d.thread !== null && d.large(userId);

	/** In the worker, or here when it died on the way. */
	async function inWorker<T>(ask: (t: ReadsThread) => Promise<T>, here: () => T | Promise<T>) {
		try {
			return await ask(d.thread!);
		} catch (err) {
			if (err instanceof ReadsThreadGone) return here();
			throw err;
		}
	}

	return {
		async billView(userId: number, key?: string): Promise<BillView> {
			const here = () => d.bills.view(userId, key);
			if (!offload(userId)) return here();
			return inWorker((t) => t.ask<BillView>({ op: 'billView', userId, key }), here);
		},
		/** The bill view as JSON text, serialised where it was worked out (for /api). */
		async billViewJson(userId: number, key?: string): Promise<string> {
			const here = () => JSON.stringify(d.bills.view(userId, key));
			if (!offload(userId)) return here();
			return inWorker((t) => t.ask<string>({ op: 'billView', userId, key, json: true }), here);
		},
		async suggestions(userId: number): Promise<Suggestions> {
			const here = () => d.suggestions.forUser(userId);
			if (!offload(userId)) return here();
			return inWorker((t) => t.ask<Suggestions>({ op: 'suggestions', userId }), here);
		},
		async historyEnergy(
			userId: number,
			view: PeriodView,
			date: string | undefined,
			money: boolean
		): Promise<EnergyView> {
			const here = () => d.history.energy(userId, view, date, money);
			if (!offload(userId)) return here();
			return inWorker(
				(t) => t.ask<EnergyView>({ op: 'historyEnergy', userId, view, date, money }),
				here
			);
		},
		/** A month of the summary CSV, as text. */
		async summaryChunk(
			userId: number,
			from: string,
			to: string,
			locale: Locale,
			header: boolean
		): Promise<string> {
			const here = () => d.summaryChunk(userId, from, to, locale, header);
			if (!offload(userId)) return here();
			return inWorker(
				(t) => t.ask<string>({ op: 'summaryChunk', userId, from, to, locale, header }),
				here
			);
		},
		/** A page of the sync pull as JSON text, serialised where it was read. */
		async syncPageJson(
			userId: number,
			since: number | null,
			token: SyncPageToken
		): Promise<string> {
			const here = () => JSON.stringify(d.syncPage(userId, since, token));
			if (!offload(userId)) return here();
			return inWorker(
				(t) => t.ask<string>({ op: 'syncPage', userId, since, token, json: true }),
				here
			);
		},
		/**
		 * `figure` (which prices the running month through MonthPrices) with that month priced
		 * in the worker first; any other month it turns out to need is priced there too.
		 */
		async priced<T>(userId: number, figure: () => T): Promise<T> {
			if (!offload(userId)) return figure();
			return d.monthPrices.settle(
				userId,
				figure,
				(u, keys) =>
					inWorker(
						(t) =>
							t.ask<Map<string, Map<string, PortPrice>>>({ op: 'portPrices', userId: u, keys }),
						() => new Map()
					),
				[d.monthKey(userId)]
			);
		}
	};
}

export type HeavyReads = ReturnType<typeof createHeavyReads>;
