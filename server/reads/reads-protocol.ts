import type { DomainEvents } from '../events/bus';
import type { PeriodView } from '../history/periods';
import type { Locale } from '../settings/locale';
import type { SyncPageToken } from '../sync/sync-history';

/** What the main thread asks the reads worker; `json`: answered as JSON text, for an API answer. */
export type ReadsRequest = (
	| { id: number; op: 'billView'; userId: number; key?: string }
	| { id: number; op: 'portPrices'; userId: number; keys: string[] }
	| { id: number; op: 'suggestions'; userId: number }
	| { id: number; op: 'slabForecast'; userId: number }
	| {
			id: number;
			op: 'historyEnergy';
			userId: number;
			view: PeriodView;
			date?: string;
			money: boolean;
	  }
	| {
			id: number;
			op: 'summaryChunk';
			userId: number;
			from: string;
			to: string;
			locale: Locale;
			header: boolean;
	  }
	| { id: number; op: 'syncPage'; userId: number; since: number | null; token: SyncPageToken }
) & { json?: true };

export type ReadsReply = { id: number; value: unknown } | { id: number; error: string };
/** What the worker says unasked: a WAL checkpoint ran, or its checkpointer stopped. */
export type WorkerNotice = { checkpointed: true } | { checkpointer: 'stopped' };

/** The events whose caches the worker keeps too. */
export const FORWARDED = [
	'pricesChanged',
	'settingsChanged',
	'deviceRemoved',
	'accountDeleted'
] as const;

export type ForwardedEvent = {
	[K in (typeof FORWARDED)[number]]: { name: K; event: DomainEvents[K] };
}[(typeof FORWARDED)[number]];
