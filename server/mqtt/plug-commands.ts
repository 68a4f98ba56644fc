import type { PlugFamily, PlugFamilyId } from '../plugs/plug-family';
import type { RelaysService } from '../relays/relays.service';
import type { OwnedPlug } from './plugs.repository';

export interface PlugCommandsDeps {
	relays: Pick<RelaysService, 'longPoll' | 'forAnswer' | 'report' | 'pending'>;
	families: ReadonlyMap<PlugFamilyId, PlugFamily>;
	/** False when the message could not be sent now (no broker). */
	publish: (topic: string, payload: string) => boolean;
	now: () => number;
}

/** How long one wait for a plug's commands lasts before it is renewed. */
const WAIT_MS = 25_000;

/**
 * Switches for plugs, on the same expiring path as a strip's: the bridge waits for each
 * plug's commands as a strip's long-poll does, publishes each to the plug's command topic
 * while it is fresh, and settles it when the plug reports the state it asked for. A
 * command that could not be published stays pending until a reconnect sends it or its
 * expiry closes it; a plug cannot run meter jobs, so those are refused.
 */
export function createPlugCommands(d: PlugCommandsDeps) {
	const waits = new Map<number, AbortController>();

	function deliver(plug: OwnedPlug, c: ReturnType<RelaysService['forAnswer']>[number]): void {
		if ('action' in c) return d.relays.report(plug.deviceId, [], [c.id]);
		if (c.expires <= d.now()) return;
		const family = d.families.get(plug.family);
		if (!family) return;
		const m = family.switchCommand(plug.key, c.port, c.on);
		d.publish(m.topic, m.payload);
	}

	async function serve(plug: OwnedPlug, stop: AbortController): Promise<void> {
		while (!stop.signal.aborted) {
			const commands = await d.relays.longPoll(plug.deviceId, WAIT_MS, stop.signal);
			for (const c of commands) deliver(plug, c);
		}
	}

	return {
		/** Starts waiting for a plug's commands (again after a reconnect: nothing doubles). */
		watch(plug: OwnedPlug): void {
			if (waits.has(plug.deviceId)) return;
			const stop = new AbortController();
			waits.set(plug.deviceId, stop);
			void serve(plug, stop)
				.catch(() => {})
				.finally(() => {
					if (waits.get(plug.deviceId) === stop) waits.delete(plug.deviceId);
				});
		},
		/** After a reconnect: what is still fresh and unconfirmed goes out again. */
		resend(plug: OwnedPlug): void {
			for (const c of d.relays.forAnswer(plug.deviceId)) deliver(plug, c);
		},
		/** A relay's reported state settles the switch on its way to it when they agree. */
		relayState(deviceId: number, port: number, on: boolean): void {
			const pending = d.relays.pending(deviceId, port);
			if (pending && pending.on === on) d.relays.report(deviceId, [pending.id], []);
		},
		unwatch(deviceId: number): void {
			waits.get(deviceId)?.abort();
			waits.delete(deviceId);
		},
		close(): void {
			for (const stop of waits.values()) stop.abort();
			waits.clear();
		}
	};
}

export type PlugCommands = ReturnType<typeof createPlugCommands>;
