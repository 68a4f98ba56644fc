import { KeyedState } from './keyed-state';

/** FNV-1a: a stable 16-bit epoch from a string, the same in every process and after restarts. */
export function epochOf(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193) >>> 0;
	}
	return (h ^ (h >>> 16)) & 0xffff;
}

interface Seen {
	start: string;
	totals: (number | undefined)[];
	rollbacks: number;
}

/**
 * Tasmota's counter epochs. TotalStartTime changes when Total is reset, so the epoch is a
 * hash of it: no state, and the same after a restart of the bridge. Total can also fall
 * with TotalStartTime unchanged, when a power cut restores it from the last save to flash
 * (hourly by default): that is a rollback of energy already counted, so it starts a new
 * epoch too (counted here; after a restart of the bridge the count starts again, which
 * changes the epoch once more and only costs one interval its counter delta).
 */
export class TasmotaEpochs {
	private readonly seen = new KeyedState<Seen>(() => ({ start: '', totals: [], rollbacks: 0 }));

	/** The epoch of this reading, or undefined when the plug does not say TotalStartTime. */
	epoch(key: string, totalStartTime: unknown, totals: (number | undefined)[]): number | undefined {
		if (typeof totalStartTime !== 'string' || totalStartTime.length > 40) return undefined;
		const s = this.seen.get(key);
		if (s.start !== totalStartTime) {
			s.start = totalStartTime;
			s.rollbacks = 0;
		} else if (
			totals.some((t, i) => t !== undefined && s.totals[i] !== undefined && t < s.totals[i]!)
		) {
			s.rollbacks++;
		}
		s.totals = totals;
		return epochOf(s.rollbacks === 0 ? totalStartTime : `${totalStartTime}#${s.rollbacks}`);
	}

	forget(key: string): void {
		this.seen.delete(key);
	}
}
