import type { DomainEvents } from '../events/bus';

/** What the main thread asks the reads worker. */
export type ReadsRequest =
	| { id: number; op: 'billView'; userId: number; key?: string }
	| { id: number; op: 'portPrices'; userId: number; keys: string[] }
	| { id: number; op: 'suggestions'; userId: number };

export type ReadsReply = { id: number; value: unknown } | { id: number; error: string };

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
