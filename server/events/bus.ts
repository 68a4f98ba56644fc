import type { AlertView } from '../alerts/alert.types';
import type { AlertTransition } from '../alerts/alerts.service';
import type { StoredReading } from '../energy/readings.repository';
import type { RelayCommand } from '../relays/relay.types';

/**
 * Domain events, emitted by a service only after its transaction has committed, so a
 * listener never acts on something that may still roll back. Listeners live in the
 * modules that react (realtime, relays, alerts, push, caches); the emitter knows none of
 * them. In a cluster the events marked `crosses` also reach the other processes
 * (events/cluster-bridge.ts), where they arrive with `remote: true`.
 */
export interface DomainEvents {
	/** A device was deleted (by its owner or with its account). */
	deviceRemoved: { deviceId: number; ownerId: number };
	/** An account and, by cascade, its devices are gone. */
	accountDeleted: { userId: number; deviceIds: number[] };
	/** Sessions ended (log-out, password change, account deletion): their sockets go. */
	sessionsEnded: { sessionIds: string[] };
	/** A household's prices may have moved: tariff, meter, prepaid or a setting changed. */
	pricesChanged: { userId: number };
	/** A setting changed (user, or the instance's when userId is null). */
	settingsChanged: { userId: number | null; key: string };
	/** A device command was written: whichever process holds the strip's long-poll sends it. */
	commandQueued: { command: RelayCommand };
	/** A device command was applied, refused, superseded or expired. */
	commandResolved: { command: RelayCommand };
	/** Schedules or timers changed: every process plans from the database again. */
	schedulesEdited: Record<string, never>;
	/** A device's readings were stored (not the duplicates): live views, relays and alerts. */
	readingsStored: { deviceId: number; readings: readonly StoredReading[]; at: number };
	/** An alert opened, for its owner: the app live, and a push to a closed one. */
	alertOpened: { userId: number; alert: AlertView };
	/** A household's alerts cleared or were acknowledged. */
	alertsChanged: { userId: number };
	/** Which alerts are open, for the other processes' copy of the set. */
	alertTransition: AlertTransition;
}

export type EventName = keyof DomainEvents;

/** The events other processes must hear about: they hold caches or state keyed by them. */
export const CROSSING: readonly EventName[] = [
	'deviceRemoved',
	'accountDeleted',
	'sessionsEnded',
	'pricesChanged',
	'settingsChanged',
	'commandQueued',
	'commandResolved',
	'schedulesEdited',
	'alertTransition'
];

export interface EventMeta {
	/** Raised by another process of the cluster. */
	remote: boolean;
}

type Listener<K extends EventName> = (event: DomainEvents[K], meta: EventMeta) => void;

export interface EventBus {
	on<K extends EventName>(name: K, listener: Listener<K>): void;
	/** Delivers to this process's listeners, then to the cluster (when one is attached). */
	emit<K extends EventName>(name: K, event: DomainEvents[K]): void;
	/** An event from another process: this process's listeners only. */
	deliverRemote<K extends EventName>(name: K, event: DomainEvents[K]): void;
	/** The cluster bridge: hears every crossing event emitted here. */
	onPublish(publish: (name: EventName, event: unknown) => void): void;
}

export function createEventBus(log: (msg: string, err: unknown) => void = console.error): EventBus {
	const listeners = new Map<EventName, Listener<EventName>[]>();
	let publish: ((name: EventName, event: unknown) => void) | null = null;

	function deliver<K extends EventName>(name: K, event: DomainEvents[K], meta: EventMeta): void {
		for (const l of listeners.get(name) ?? []) {
			// One failing listener must not keep the event from the others.
			try {
				(l as Listener<K>)(event, meta);
			} catch (err) {
				log(`A listener of ${name} failed:`, err);
			}
		}
	}

	return {
		on(name, listener) {
			const list = listeners.get(name) ?? [];
			list.push(listener as Listener<EventName>);
			listeners.set(name, list);
		},
		emit(name, event) {
			deliver(name, event, { remote: false });
			if (publish && CROSSING.includes(name)) publish(name, event);
		},
		deliverRemote(name, event) {
			deliver(name, event, { remote: true });
		},
		onPublish(p) {
			publish = p;
		}
	};
}
