import type { Clock } from '../clock';
import type { RelayCommand } from './relay.types';

const NONE: readonly RelayCommand[] = Object.freeze([]);

interface Waiter {
	check(): void;
	abort(): void;
}

/**
 * The commands still on their way to each strip, in memory so that answering a device
 * costs one map lookup when nothing is pending (the device API is the hot path).
 *
 * - A command is deliverable from `releaseAt` until `expiresAt`; never after.
 * - Answers to readings carry every deliverable command until the strip acks or refuses
 *   it (the firmware ignores a repeat whose ack is still on its way), so a lost answer
 *   or a reboot costs nothing while the command is fresh.
 * - A long-poll answers only with commands it has not handed out before: the firmware
 *   re-polls at once, and repeating an unacked command would spin until its next upload.
 */
export function createCommandQueue(clock: Clock) {
	const byDevice = new Map<number, RelayCommand[]>();
	const polledIds = new Set<string>();
	const waiters = new Map<number, Set<Waiter>>();
	const wakeTimers = new Set<NodeJS.Timeout>();

	function list(deviceId: number): RelayCommand[] {
		let l = byDevice.get(deviceId);
		if (!l) byDevice.set(deviceId, (l = []));
		return l;
	}

	function drop(c: RelayCommand): void {
		const l = byDevice.get(c.deviceId);
		if (!l) return;
		const i = l.indexOf(c);
		if (i >= 0) l.splice(i, 1);
		if (l.length === 0) byDevice.delete(c.deviceId);
		polledIds.delete(c.id);
	}

	function deliverable(deviceId: number, now: number): RelayCommand[] {
		const l = byDevice.get(deviceId);
		if (!l) return NONE as RelayCommand[];
		return l.filter((c) => c.releaseAt <= now && c.expiresAt > now);
	}

	function notify(deviceId: number): void {
		for (const w of [...(waiters.get(deviceId) ?? [])]) w.check();
	}

	function markDelivered(cs: RelayCommand[], now: number): RelayCommand[] {
		for (const c of cs) c.deliveredAt ??= now;
		return cs;
	}

	return {
		/**
		 * Queues a command; returns the older ones it replaces: a switch replaces the older
		 * switches of its port, and a meter command replaces nothing and is replaced by nothing.
		 */
		add(c: RelayCommand): RelayCommand[] {
			const l = list(c.deviceId);
			const replaced =
				c.action === 'switch' ? l.filter((o) => o.action === 'switch' && o.port === c.port) : [];
			for (const o of replaced) drop(o);
			list(c.deviceId).push(c);
			const delay = c.releaseAt - clock.now();
			if (delay > 0) {
				const t = setTimeout(() => (wakeTimers.delete(t), notify(c.deviceId)), delay);
				t.unref();
				wakeTimers.add(t);
			} else notify(c.deviceId);
			return replaced;
		},
		/** Cheap: whether anything is queued for the device at all. */
		has: (deviceId: number): boolean => byDevice.has(deviceId),
		find: (deviceId: number, id: string): RelayCommand | undefined =>
			byDevice.get(deviceId)?.find((c) => c.id === id),
		outstanding: (deviceId: number): readonly RelayCommand[] => byDevice.get(deviceId) ?? NONE,
		/** For an answer to readings: everything deliverable now, marked delivered. */
		take(deviceId: number): RelayCommand[] {
			const now = clock.now();
			return markDelivered(deliverable(deviceId, now), now);
		},
		/** The long-poll: resolves with new commands as soon as there are any, else [] after waitMs. */
		wait(deviceId: number, waitMs: number, signal?: AbortSignal): Promise<RelayCommand[]> {
			const fresh = (): RelayCommand[] => {
				const now = clock.now();
				const cs = deliverable(deviceId, now).filter((c) => !polledIds.has(c.id));
				for (const c of cs) polledIds.add(c.id);
				return markDelivered(cs, now);
			};
			const ready = fresh();
			if (ready.length || waitMs <= 0) return Promise.resolve(ready);
			return new Promise((resolve) => {
				let set = waiters.get(deviceId);
				if (!set) waiters.set(deviceId, (set = new Set()));
				const done = (cs: RelayCommand[]) => {
					clearTimeout(timer);
					set.delete(waiter);
					if (set.size === 0) waiters.delete(deviceId);
					signal?.removeEventListener('abort', abort);
					resolve(cs);
				};
				const abort = () => done([]);
				const waiter: Waiter = {
					check: () => {
						const cs = fresh();
						if (cs.length) done(cs);
					},
					abort
				};
				const timer = setTimeout(abort, waitMs);
				set.add(waiter);
				signal?.addEventListener('abort', abort);
			});
		},
		/** Removes a command that was acked, refused, expired or replaced. */
		remove: drop,
		/** Commands whose expiry has passed, removed from the queue. */
		expire(now: number): RelayCommand[] {
			const out: RelayCommand[] = [];
			for (const l of [...byDevice.values()]) {
				for (const c of [...l]) {
					if (c.expiresAt <= now) {
						drop(c);
						out.push(c);
					}
				}
			}
			return out;
		},
		waiting: (): number => [...waiters.values()].reduce((a, s) => a + s.size, 0),
		/** A device that is gone: its commands dropped, its long-polls answered empty. */
		forgetDevice(deviceId: number): void {
			for (const c of [...(byDevice.get(deviceId) ?? [])]) drop(c);
			for (const w of [...(waiters.get(deviceId) ?? [])]) w.abort();
		},
		close(): void {
			for (const t of wakeTimers) clearTimeout(t);
			wakeTimers.clear();
			for (const set of [...waiters.values()]) for (const w of [...set]) w.abort();
		}
	};
}

export type CommandQueue = ReturnType<typeof createCommandQueue>;
