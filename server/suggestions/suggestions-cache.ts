import type { Clock } from '../clock';
import type { EventBus } from '../events/bus';
import type { SuggestionsService } from './suggestions.service';

const TTL_MS = 60_000;
/** Households kept at once; the oldest goes first. */
const MAX_HOUSEHOLDS = 1_000;

/**
 * A household's suggestions, kept a minute: working them out reads a week of every port's
 * buckets and prices the month again, and they describe a week, so a minute of new energy
 * does not change what they say. They are worked out afresh at once when the household's
 * prices or settings change or it loses a strip or its account, on every process of a
 * cluster (the events below cross it).
 */
export function cacheSuggestions(
	source: Pick<SuggestionsService, 'forUser'>,
	clock: Clock,
	events: Pick<EventBus, 'on'>
): Pick<SuggestionsService, 'forUser'> & { drop(userId: number): void } {
	type Result = ReturnType<SuggestionsService['forUser']>;
	const cache = new Map<number, { until: number; result: Result }>();
	const drop = (userId: number) => cache.delete(userId);
	events.on('pricesChanged', (e) => drop(e.userId));
	events.on('settingsChanged', (e) => (e.userId === null ? cache.clear() : drop(e.userId)));
	events.on('deviceRemoved', (e) => drop(e.ownerId));
	events.on('accountDeleted', (e) => drop(e.userId));
	return {
		forUser(userId) {
			const now = clock.now();
			const hit = cache.get(userId);
			if (hit && hit.until > now) return hit.result;
			cache.delete(userId);
			if (cache.size >= MAX_HOUSEHOLDS) cache.delete(cache.keys().next().value!);
			const result = source.forUser(userId);
			cache.set(userId, { until: now + TTL_MS, result });
			return result;
		},
		drop
	};
}
