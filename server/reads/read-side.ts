/**
 * The read-only figures a household's pages and downloads ask for, over one connection: built
 * once on the main thread (insights.ts) and once in the reads worker, with the same kept
 * prices and the same events to drop them.
 */
import type { Clock } from '../clock';
import type { Db } from '../db/connection';
import type { EventBus } from '../events/bus';
import { createDailyCosts } from '../billing/daily-costs';
import { createMonthPrices } from '../billing/month-prices';
import type { Pricing } from '../billing/pricing';
import { createSummaryChunk } from '../export/summary-chunk';
import { createHistoryRepository } from '../history/history.repository';
import { createHistoryService } from '../history/history.service';
import type { SettingsService } from '../settings/settings.service';
import { createSuggestionsService } from '../suggestions/suggestions.service';
import { createSyncHistory } from '../sync/sync-history';
import { createSyncRepository } from '../sync/sync.repository';

export function createReadSide(
	db: Db,
	clock: Clock,
	settings: SettingsService,
	{ usage, bills, tariffs }: Pick<Pricing, 'usage' | 'bills' | 'tariffs'>,
	events: Pick<EventBus, 'on'>
) {
	const monthPrices = createMonthPrices(bills, clock);
	const dailyCosts = createDailyCosts(usage, monthPrices, settings);
	// A change saved here dropped the tariffs' copy already; one from elsewhere did not.
	events.on('pricesChanged', (e, { remote }) => {
		if (remote) tariffs.forget(e.userId);
		monthPrices.drop(e.userId);
	});
	events.on('settingsChanged', (e) =>
		e.userId === null ? monthPrices.clear() : monthPrices.drop(e.userId)
	);
	events.on('accountDeleted', (e) => {
		tariffs.forget(e.userId);
		monthPrices.drop(e.userId);
	});
	return {
		monthPrices,
		dailyCosts,
		history: createHistoryService({
			repo: createHistoryRepository(db),
			usage,
			settings,
			bills: monthPrices,
			dailyCosts,
			clock
		}),
		suggestions: createSuggestionsService({ usage, bills, tariffs, settings, clock }),
		syncPage: createSyncHistory({ repo: createSyncRepository(db), settings }).page,
		summaryChunk: createSummaryChunk({ usage, dailyCosts, settings })
	};
}
