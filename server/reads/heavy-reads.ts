import type { BillsService, BillView } from '../billing/bills.service';
import type { createSummaryChunk } from '../export/summary-chunk';
import type { Locale } from '../settings/locale';
import type { EnergyView, HistoryService } from '../history/history.service';
import type { PeriodView } from '../history/periods';
import type { MonthPrices, PriceElsewhere } from '../billing/month-prices';
import type { PortPrice } from '../billing/port-price';
import type { SuggestionsService } from '../suggestions/suggestions.service';
import { firstPage, type SyncPageToken } from '../sync/sync-history';
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
	bills: Pick<BillsService, 'view' | 'slabForecast'>;
	suggestions: Pick<SuggestionsService, 'forUser'>;
	history: Pick<HistoryService, 'energy'>;
	summaryChunk: ReturnType<typeof createSummaryChunk>;
	syncPage: (userId: number, since: number | null, token: SyncPageToken) => SyncHistory;
	monthPrices: Pick<MonthPrices, 'settle'>;
	/** the household's running billing month */
	monthKey: (userId: number) => string;
	now: () => number;
}) {
	type Ask = Parameters<ReadsThread['ask']>[0];
	const inWorker = (userId: number) => d.thread !== null && d.large(userId);

	/** `here` for a small household; a large one's answer to `ask` from the worker, or `here` if it died on the way. */
	async function via<T>(userId: number, ask: Ask, here: () => T | Promise<T>): Promise<T> {
		if (!inWorker(userId)) return here();
		try {
			return await d.thread!.ask<T>(ask);
		} catch (err) {
			if (err instanceof ReadsThreadGone) return here();
			throw err;
		}
	}

	/** Month prices worked out in the worker (none if it went away: they are priced here then). */
	const pricesElsewhere: PriceElsewhere = (u, keys) =>
		via(u, { op: 'portPrices', userId: u, keys }, () => new Map<string, Map<string, PortPrice>>());

	return {
		/** Whether a household's heavy reads go to the worker. */
		inWorker,
		pricesElsewhere,
		billView: (userId: number, key?: string): Promise<BillView> =>
			via(userId, { op: 'billView', userId, key }, () => d.bills.view(userId, key)),
		/** The bill view as JSON text, serialised where it was worked out (for /api). */
		billViewJson: (userId: number, key?: string): Promise<string> =>
			via(userId, { op: 'billView', userId, key, json: true }, () =>
				JSON.stringify(d.bills.view(userId, key))
			),
		/** The household's slab forecast, for the alert rules. */
		slabForecast: (userId: number): Promise<ReturnType<BillsService['slabForecast']>> =>
			via(userId, { op: 'slabForecast', userId }, () => d.bills.slabForecast(userId)),
		suggestions: (userId: number): Promise<Suggestions> =>
			via(userId, { op: 'suggestions', userId }, () => d.suggestions.forUser(userId)),
		historyEnergy: (
			userId: number,
			view: PeriodView,
			date: string | undefined,
			money: boolean
		): Promise<EnergyView> =>
			via(userId, { op: 'historyEnergy', userId, view, date, money }, () =>
				d.history.energy(userId, view, date, money)
			),
		/** A month of the summary CSV, as text. */
		summaryChunk: (
			userId: number,
			from: string,
			to: string,
			locale: Locale,
			header: boolean
		): Promise<string> =>
			via(userId, { op: 'summaryChunk', userId, from, to, locale, header }, () =>
				d.summaryChunk(userId, from, to, locale, header)
			),
		/** A page of the sync pull as JSON text, serialised where it was read. */
		syncPageJson: (userId: number, since: number | null, token: SyncPageToken): Promise<string> =>
			via(userId, { op: 'syncPage', userId, since, token, json: true }, () =>
				JSON.stringify(d.syncPage(userId, since, token))
			),
		/**
		 * A large household's first page of the sync pull's history, read and serialised in
		 * the worker as of now (the pull's cursor then); null for a small one, whose pull reads
		 * it itself.
		 */
		async firstSyncPageJson(
			userId: number,
			since: number | null
		): Promise<{ at: number; history: string } | null> {
			if (!inWorker(userId)) return null;
			const token = firstPage(d.now());
			const history = await via(userId, { op: 'syncPage', userId, since, token, json: true }, () =>
				JSON.stringify(d.syncPage(userId, since, token))
			);
			return { at: token.at, history };
		},
		/**
		 * `figure` (which prices the running month through MonthPrices) with that month priced
		 * in the worker first; any other month it turns out to need is priced there too.
		 */
		async priced<T>(userId: number, figure: () => T): Promise<T> {
			if (!inWorker(userId)) return figure();
			return d.monthPrices.settle(userId, figure, pricesElsewhere, [d.monthKey(userId)]);
		}
	};
}

export type HeavyReads = ReturnType<typeof createHeavyReads>;
