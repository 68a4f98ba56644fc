import type { Clock } from '../clock';
import { alertMessageText, type AlertMessage } from '../alerts/alert-message';
import type { Db } from '../db/connection';
import { createOverloadGuard, type Trip } from './overload-guard';
import { createProtectionRepository } from './protection.repository';
import { createProtectionService } from './protection.service';
import type { MeterAction, OverloadTrip, PortControl, RelayCommand } from './relay.types';
import { createRelaysRepository } from './relays.repository';
import { createRelaysService } from './relays.service';
import { createSchedulesRepository } from './schedules.repository';
import { createSchedulesService } from './schedules.service';

export interface RelayControlDeps {
	db: Db;
	clock: Clock;
	ttlMs: number;
	staggerMs: number;
	timezoneOf: (deviceId: number) => string;
	portCountOf: (deviceId: number) => number;
	/** The switching state of ports changed: push it to the device's room. */
	publish: (deviceId: number, controls: PortControl[]) => void;
	/** A port was cut: tell the browsers at once. */
	tripped: (trip: OverloadTrip) => void;
	/**
	 * The OVERLOAD alert, through the alerts engine: alerts are states, one open
	 * per device and port (port null: the whole strip's limit), with its sockets and push.
	 */
	alerts: {
		raise(deviceId: number, port: number | null, message: AlertMessage): void;
		clear(deviceId: number, port: number): void;
	};
	/** One of several processes on one database: see RelaysOptions.shared and SchedulesDeps. */
	cluster?: {
		queued(c: RelayCommand): void;
		resolved(c: RelayCommand): void;
		schedulesEdited(): void;
		fires(): boolean;
	};
}

/** A command that ended unconfirmed is mentioned on the card for this long. */
const UNCONFIRMED_SHOWN_MS = 60 * 60_000;

/**
 * Relay control for the composition root: commands, schedules and timers, critical
 * flags and limits, overload protection, and the per-port state the cards show.
 */
export function createRelayControl(d: RelayControlDeps) {
	const dirty = new Map<number, Set<number>>();
	let flushing: NodeJS.Immediate | null = null;
	function changed(deviceId: number, port: number): void {
		let s = dirty.get(deviceId);
		if (!s) dirty.set(deviceId, (s = new Set()));
		s.add(port);
		if (flushing) return;
		// One message per device for a burst of changes in the same turn.
		flushing = setImmediate(() => {
			flushing = null;
			for (const [deviceId, ports] of [...dirty]) {
				dirty.delete(deviceId);
				d.publish(
					deviceId,
					controls(deviceId).filter((c) => ports.has(c.port))
				);
			}
		});
	}

	const relays = createRelaysService(createRelaysRepository(d.db), d.clock, {
		ttlMs: d.ttlMs,
		staggerMs: d.staggerMs,
		changed,
		shared: d.cluster && { queued: d.cluster.queued, resolved: d.cluster.resolved }
	});
	const protection = createProtectionService(createProtectionRepository(d.db));
	const schedules = createSchedulesService({
		repo: createSchedulesRepository(d.db),
		clock: d.clock,
		timezoneOf: d.timezoneOf,
		switchPort: (req) => relays.switchPort(req),
		changed,
		fires: d.cluster?.fires,
		edited: d.cluster?.schedulesEdited
	});
	const guard = createOverloadGuard(protection.get);

	function controls(deviceId: number): PortControl[] {
		const now = d.clock.now();
		const latest = new Map(relays.latestPerPort(deviceId).map((c) => [c.port, c]));
		return Array.from({ length: d.portCountOf(deviceId) }, (_, i) => {
			const port = i + 1;
			const p = protection.get(deviceId, port);
			const pending = relays.pending(deviceId, port);
			const last = latest.get(port);
			const unconfirmed =
				!pending &&
				last &&
				(last.status === 'expired' || last.status === 'refused') &&
				now - (last.resolvedAt ?? 0) < UNCONFIRMED_SHOWN_MS
					? { on: last.on, at: last.resolvedAt ?? now, status: last.status }
					: null;
			return {
				deviceId,
				port,
				critical: p.critical,
				pending: pending ? { id: pending.id, on: pending.on, expires: pending.expiresAt } : null,
				unconfirmed,
				next: schedules.next(deviceId, port),
				limitW: p.maxPowerW,
				holdS: p.holdS
			};
		});
	}

	function trip(t: Trip): void {
		relays.switchPort({ deviceId: t.deviceId, port: t.port, on: false, source: 'overload' });
		const args: AlertMessage = {
			k: 'overload',
			strip: t.limitPort === 0,
			port: t.port,
			powerW: Math.round(t.powerW),
			limitW: t.limitW,
			holdS: t.holdS
		};
		d.alerts.raise(t.deviceId, t.limitPort === 0 ? null : t.port, args);
		const message = alertMessageText(args, 'en');
		d.tripped({ deviceId: t.deviceId, port: t.port, message, args, at: d.clock.now() });
	}

	return {
		relays,
		schedules,
		protection,
		controls,

		/**
		 * A person's switch. Switching a critical port off needs `confirmed`; switching on a
		 * port the strip cut itself (it refused a plain "on") needs `override`.
		 */
		userSwitch(
			deviceId: number,
			port: number,
			on: boolean,
			userId: number,
			confirmed: boolean,
			override = false
		) {
			if (!Number.isInteger(port) || port < 1 || port > d.portCountOf(deviceId)) {
				return { ok: false as const, reason: 'port' as const };
			}
			if (!on && !confirmed && protection.get(deviceId, port).critical) {
				return { ok: false as const, reason: 'confirm' as const };
			}
			const command = relays.switchPort({ deviceId, port, on, source: 'user', userId, override });
			// Switched back on by a person: the overload it was cut for is over.
			if (on) d.alerts.clear(deviceId, port);
			return { ok: true as const, command };
		},

		/**
		 * A person's meter job for a port: give the one meter on the bus the port's address,
		 * or zero the port's energy counter. Refused while another meter job is on its way.
		 */
		userMeterCommand(deviceId: number, port: number, action: MeterAction, userId: number) {
			if (!Number.isInteger(port) || port < 1 || port > d.portCountOf(deviceId)) {
				return { ok: false as const, reason: 'port' as const };
			}
			const command = relays.meterCommand({ deviceId, port, action, userId });
			if (!command) return { ok: false as const, reason: 'busy' as const };
			return { ok: true as const, command };
		},
		meterCommands: relays.meterCommands,

		/** Ingest hook, after the commit: readings that may trip a limit. */
		observe(
			deviceId: number,
			samples: readonly { port: number; ts: number; power: number }[],
			now: number
		) {
			if (!protection.hasLimit(deviceId)) return;
			for (const t of guard.observe(deviceId, samples, now)) trip(t);
		},

		/** The strip's reports on an upload. */
		report: relays.report,
		forAnswer: relays.forAnswer,
		longPoll: relays.longPoll,
		waiting: relays.waiting,
		expectsReports: relays.expectsReports,

		/** Every second: expire what went unconfirmed, fire due schedules and timers. */
		tick(): void {
			relays.sweep();
			schedules.tick();
		},
		/** What other processes of a cluster did, applied to this one's memory. */
		queuedElsewhere: relays.queuedElsewhere,
		resolvedElsewhere: relays.resolvedElsewhere,
		schedulesEditedElsewhere: () => schedules.reload(),
		forgetDevice(deviceId: number): void {
			relays.forgetDevice(deviceId);
			dirty.delete(deviceId);
			guard.forget(deviceId);
			schedules.forgetDevice(deviceId);
			protection.forgetDevice(deviceId);
		},
		close(): void {
			if (flushing) clearImmediate(flushing);
			flushing = null;
			relays.close();
		}
	};
}

export type RelayControl = ReturnType<typeof createRelayControl>;
