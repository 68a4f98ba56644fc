/**
 * Alert state: raise once, clear when the condition stops, acknowledge. Which alerts are
 * open is also kept in memory, so the rules on the ingest path ask a Set, not SQLite, and
 * touch the database only on a transition. Announcements (domain events) go out after
 * the row is written.
 */
import { alertMessageText, parseAlertMessage, type AlertMessage } from './alert-message';
import type { Clock } from '../clock';
import type { AlertCost } from './alert-cost';
import type { AlertView } from './alert.types';
import type { AlertRow, AlertsRepository } from './alerts.repository';
import { SEVERITY, type Rule } from './rules';

export const ALERT_HISTORY_DAYS = 90;

/** What a power rule knows when it opens an alert; other rules open at `at` with no count. */
export interface RaiseDetails {
	/** the readings' time the condition first held */
	firstAt?: number;
	lastAt?: number;
	count?: number;
	cost?: AlertCost | null;
}

export interface AlertsOutlet {
	ownerOf: (deviceId: number) => number | null;
	/** A new alert for the owner's sockets. */
	opened: (userId: number, alert: AlertView) => void;
	/** Something changed (cleared, acknowledged): clients reload their list. */
	changed: (userId: number) => void;
	/** An alert opened or cleared here: the other processes of a cluster update their set. */
	transition?: (t: AlertTransition) => void;
}

export interface AlertTransition {
	rule: Rule;
	deviceId: number;
	port: number | null;
	open: boolean;
}

const toView = (r: AlertRow): AlertView => ({
	id: r.id,
	deviceId: r.device_id,
	deviceName: r.device_name,
	port: r.port,
	portLabel: r.port_label,
	rule: r.rule,
	severity: r.severity,
	message: r.message,
	messageArgs: parseAlertMessage(r.message_args),
	openedAt: r.opened_at,
	lastAt: r.last_at ?? r.opened_at,
	count: r.trigger_count,
	costPaisa: r.cost_paisa,
	costPer: r.cost_per,
	currency: r.currency,
	updatedAt: r.updated_at,
	clearedAt: r.cleared_at,
	acknowledgedAt: r.acknowledged_at
});

const keyOf = (rule: Rule, deviceId: number, port: number | null) =>
	`${rule}|${deviceId}|${port ?? 0}`;

export function createAlertsService(repo: AlertsRepository, clock: Clock, outlet: AlertsOutlet) {
	const open = new Set(repo.allOpen().map((r) => keyOf(r.rule, r.device_id, r.port)));

	return {
		isOpen: (rule: Rule, deviceId: number, port: number | null) =>
			open.has(keyOf(rule, deviceId, port)),
		/** Opens the alert unless one is already open for the rule, device and port. */
		raise(
			rule: Rule,
			deviceId: number,
			port: number | null,
			message: string | AlertMessage,
			at = clock.now(),
			tag: string | null = null,
			details: RaiseDetails = {}
		): boolean {
			const key = keyOf(rule, deviceId, port);
			if (open.has(key)) return false;
			const id = repo.open({
				deviceId,
				port,
				rule,
				severity: SEVERITY[rule],
				message: typeof message === 'string' ? message : alertMessageText(message, 'en'),
				messageArgs: typeof message === 'string' ? null : JSON.stringify(message),
				at,
				openedAt: details.firstAt ?? at,
				lastAt: details.lastAt ?? details.firstAt ?? at,
				count: details.count ?? 1,
				tag,
				cost: details.cost ?? null
			});
			open.add(key);
			outlet.transition?.({ rule, deviceId, port, open: true });
			const owner = outlet.ownerOf(deviceId);
			if (id === null || owner === null) return id !== null;
			const view = repo.get(owner, id);
			if (view) {
				const alert = toView(view);
				outlet.opened(owner, alert);
			}
			return true;
		},
		/**
		 * The condition of an open alert started again inside its hold window: the same alert
		 * counts one more time (no new alert, no new notification).
		 */
		bump(
			rule: Rule,
			deviceId: number,
			port: number | null,
			lastAt: number,
			at = clock.now()
		): boolean {
			if (!open.has(keyOf(rule, deviceId, port))) return false;
			const id = repo.bump(rule, deviceId, port, lastAt, at);
			const owner = outlet.ownerOf(deviceId);
			if (id !== null && owner !== null) outlet.changed(owner);
			return id !== null;
		},
		clear(rule: Rule, deviceId: number, port: number | null, at = clock.now()): boolean {
			const key = keyOf(rule, deviceId, port);
			if (!open.delete(key)) return false;
			const ids = repo.clear(rule, deviceId, port, at);
			outlet.transition?.({ rule, deviceId, port, open: false });
			const owner = outlet.ownerOf(deviceId);
			if (ids.length && owner !== null) outlet.changed(owner);
			return ids.length > 0;
		},
		/** Whether an alert with this tag was ever raised (open or cleared). */
		wasTagged: (rule: Rule, deviceId: number, tag: string) => repo.wasTagged(rule, deviceId, tag),
		openTag: (rule: Rule, deviceId: number, port: number | null) =>
			open.has(keyOf(rule, deviceId, port)) ? repo.openTag(rule, deviceId, port) : null,
		list: (userId: number, opts: { openOnly?: boolean; limit?: number } = {}) =>
			repo.list(userId, opts.openOnly ?? false, opts.limit ?? 200, clock.now()).map(toView),
		get(userId: number, id: number): AlertView | null {
			const r = repo.get(userId, id);
			return r ? toView(r) : null;
		},
		unacknowledged: (userId: number) => repo.unacknowledged(userId),
		acknowledge(userId: number, id: number): boolean {
			const ok = repo.acknowledge(userId, id, clock.now());
			if (ok) outlet.changed(userId);
			return ok;
		},
		acknowledgeAll(userId: number): number {
			const n = repo.acknowledgeAll(userId, clock.now());
			if (n) outlet.changed(userId);
			return n;
		},
		/** Another process opened or cleared an alert (the database already says so). */
		transitionedElsewhere(t: AlertTransition): void {
			const key = keyOf(t.rule, t.deviceId, t.port);
			if (t.open) open.add(key);
			else open.delete(key);
		},
		/** Reads the open set again (after this process missed other processes' news). */
		reload(): void {
			open.clear();
			for (const r of repo.allOpen()) open.add(keyOf(r.rule, r.device_id, r.port));
		},
		/** History is kept 90 days after an alert clears; open alerts stay. */
		purge: (now = clock.now()) => repo.purge(now - ALERT_HISTORY_DAYS * 86_400_000),
		/** A device went: forget its open alerts (its rows went with it). */
		forgetDevice(deviceId: number): void {
			for (const k of open) if (k.split('|')[1] === String(deviceId)) open.delete(k);
		}
	};
}

export type AlertsService = ReturnType<typeof createAlertsService>;
