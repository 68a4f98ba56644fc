/**
 * Messages a minute per key (a topic before decoding, a plug after), in fixed one-minute
 * windows: a counter per key, so checking costs a map lookup. Past the limit a message is
 * dropped before any parsing or database work, so a chatty or hostile publisher spends
 * only its own allowance. The map is bounded: a publisher inventing topics clears it,
 * which forgives everyone for the rest of the minute but never grows memory.
 */
export function createMessageLimits(perMinute: number, maxKeys = 20_000) {
	const counts = new Map<string, number>();
	let window = -1;

	return {
		allow(key: string, now: number): boolean {
			const w = Math.floor(now / 60_000);
			if (w !== window || counts.size >= maxKeys) {
				counts.clear();
				window = w;
			}
			const n = (counts.get(key) ?? 0) + 1;
			counts.set(key, n);
			return n <= perMinute;
		}
	};
}

export type MessageLimits = ReturnType<typeof createMessageLimits>;
