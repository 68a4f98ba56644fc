import { KeyedState } from './keyed-state';

/** A plug's own time is believed only this close to when its message arrived. */
export const PLUG_CLOCK_AHEAD_MS = 60_000;
export const PLUG_CLOCK_BEHIND_MS = 10 * 60_000;

/**
 * When a frame was measured. A plug's own clock is used when it gives an absolute time
 * (UTC or with its offset) that is sane: at most a minute ahead of the arrival and ten
 * minutes behind it (a broker's queue after a reconnect). A clock that was never set
 * (1970, 2000-01-01) or a local time without offset falls back to the arrival time.
 *
 * A plug's frames never go back in time: a plug may send some messages with its clock and
 * some without (Shelly's status topic has none, its notifications do), and a counter
 * stamped out of order would read as a reset and be counted twice.
 */
export class FrameClock {
	private readonly last = new KeyedState<{ ts: number }>(() => ({ ts: -1 }));

	stamp(key: string, plugTs: number | undefined, at: number): number {
		const arrived = Number.isFinite(at) ? Math.max(0, Math.round(at)) : 0;
		const own =
			plugTs !== undefined &&
			plugTs <= arrived + PLUG_CLOCK_AHEAD_MS &&
			plugTs >= arrived - PLUG_CLOCK_BEHIND_MS
				? Math.round(plugTs)
				: arrived;
		const state = this.last.get(key);
		const ts = own > state.ts ? own : state.ts + 1;
		state.ts = ts;
		return ts;
	}

	forget(key: string): void {
		this.last.delete(key);
	}
}
