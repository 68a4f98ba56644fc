/**
 * Places for open command long-polls. A strip holds one (two while a reconnect overlaps
 * the old one); the account's limit keeps one account's tokens from holding thousands of
 * requests, and their sockets, open on a server others share.
 */
export const LONG_POLLS_PER_DEVICE = 2;

export function createLongPollSlots(perOwner: number) {
	const byDevice = new Map<number, number>();
	const byOwner = new Map<number, number>();
	const bump = (m: Map<number, number>, key: number, by: number) => {
		const n = (m.get(key) ?? 0) + by;
		if (n > 0) m.set(key, n);
		else m.delete(key);
	};

	return {
		/** A place for one long-poll and the function that gives it back, or null when full. */
		acquire(deviceId: number, ownerId: number | null): (() => void) | null {
			if ((byDevice.get(deviceId) ?? 0) >= LONG_POLLS_PER_DEVICE) return null;
			if (ownerId !== null && (byOwner.get(ownerId) ?? 0) >= perOwner) return null;
			bump(byDevice, deviceId, 1);
			if (ownerId !== null) bump(byOwner, ownerId, 1);
			let released = false;
			return () => {
				if (released) return;
				released = true;
				bump(byDevice, deviceId, -1);
				if (ownerId !== null) bump(byOwner, ownerId, -1);
			};
		}
	};
}

export type LongPollSlots = ReturnType<typeof createLongPollSlots>;
