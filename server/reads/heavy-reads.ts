import type { BillsService, BillView } from '../billing/bills.service';
import type { MonthPrices } from '../billing/month-prices';
import type { PortPrice } from '../billing/port-price';
import type { SuggestionsService } from '../suggestions/suggestions.service';
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
	monthPrices: Pick<MonthPrices, 'settle'>;
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
		async suggestions(userId: number): Promise<Suggestions> {
			const here = () => d.suggestions.forUser(userId);
			if (!offload(userId)) return here();
			return inWorker((t) => t.ask<Suggestions>({ op: 'suggestions', userId }), here);
		},
		/** `figure` (which prices months through MonthPrices) with those months priced in the worker. */
		async priced<T>(userId: number, figure: () => T): Promise<T> {
			if (!offload(userId)) return figure();
			return d.monthPrices.settle(userId, figure, (u, keys) =>
				inWorker(
					(t) => t.ask<Map<string, Map<string, PortPrice>>>({ op: 'portPrices', userId: u, keys }),
					() => new Map()
				)
			);
		}
	};
}

export type HeavyReads = ReturnType<typeof createHeavyReads>;
