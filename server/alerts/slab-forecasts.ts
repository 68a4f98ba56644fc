/**
 * Each household's slab forecast for the alert rules' quarter-hour look. A large household's
 * is worked out elsewhere (the reads worker): pricing its month held the main thread ~70 ms.
 * Until the answer comes the look passes that household by; the answer then looks again.
 */
export function createSlabForecasts<F>(d: {
	here: (userId: number) => F;
	/** Where it is worked out instead; null: here. */
	elsewhere: (userId: number) => Promise<F> | null;
	/** The quarter hour now: a forecast serves the look of the quarter hour it was made in. */
	slot: () => number;
	answered: (userId: number) => void;
}) {
	const kept = new Map<number, { slot: number; forecast: F }>();
	const asking = new Set<number>();
	/** Bumped by every drop: a forecast asked for before it is not kept. */
	const versions = new Map<number, number>();

	function ask(userId: number, away: Promise<F>): void {
		asking.add(userId);
		const version = versions.get(userId) ?? 0;
		const slot = d.slot();
		away.then(
			(forecast) => {
				asking.delete(userId);
				// Dropped meanwhile: not kept, and the look asks again.
				if ((versions.get(userId) ?? 0) === version) kept.set(userId, { slot, forecast });
				d.answered(userId);
			},
			(err: unknown) => {
				asking.delete(userId);
				console.error('slab forecast: working it out elsewhere failed', err);
			}
		);
	}

	return {
		/** The forecast, or undefined while it is being worked out. */
		get(userId: number): F | undefined {
			const k = kept.get(userId);
			if (k && k.slot === d.slot()) return k.forecast;
			if (asking.has(userId)) return undefined;
			const away = d.elsewhere(userId);
			if (!away) return d.here(userId);
			ask(userId, away);
			return undefined;
		},
		/** Its meter, tariff or readings changed: the next look works it out again. */
		drop(userId: number): void {
			kept.delete(userId);
			versions.set(userId, (versions.get(userId) ?? 0) + 1);
		}
	};
}
