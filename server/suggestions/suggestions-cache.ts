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
	type Result = Awaited<ReturnType<SuggestionsService['forUser']>>;
	const cache = new Map<number, { until: number; result: Result }>();
	// Views asked for while it is worked out share the one working-out.
	const working = new Map<number, Promise<Result>>();
	// A change during a working-out: its result, maybe of the old prices, is not kept.
	const changes = new Map<number, number>();
	let allChanges = 0;
	const version = (userId: number) => `${allChanges}:${changes.get(userId) ?? 0}`;
	const drop = (userId: number) => {
		changes.set(userId, (changes.get(userId) ?? 0) + 1);
		cache.delete(userId);
		working.delete(userId);
	};
	events.on('pricesChanged', (e) => drop(e.userId));
	events.on('settingsChanged', (e) => {
		if (e.userId !== null) return drop(e.userId);
		allChanges++;
		cache.clear();
		working.clear();
	});
	events.on('deviceRemoved', (e) => drop(e.ownerId));
	events.on('accountDeleted', (e) => drop(e.userId));
	return {
		async forUser(userId) {
			const now = clock.now();
			const hit = cache.get(userId);
			if (hit && hit.until > now) return hit.result;
			const pending = working.get(userId);
			if (pending) return pending;
			cache.delete(userId);
			const seen = version(userId);
			const work = source.forUser(userId).then((result) => {
				if (working.get(userId) === work) working.delete(userId);
				if (version(userId) === seen) {
					if (cache.size >= MAX_HOUSEHOLDS) cache.delete(cache.keys().next().value!);
					cache.set(userId, { until: now + TTL_MS, result });
				}
				return result;
			});
			working.set(userId, work);
			// A failed working-out is not shared with the next view.
			work.catch(() => working.get(userId) === work && working.delete(userId));
			return work;
		},
		drop
	};
}
