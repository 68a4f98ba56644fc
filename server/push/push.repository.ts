import type { Db } from '../db/connection';
import { rowsWriter } from '../db/rows-writer';
import type { Rule, Severity } from '../alerts/rules';

export interface SubscriptionRow {
	id: number;
	user_id: number;
	endpoint: string;
	p256dh: string;
	auth: string;
	label: string;
	created_at: number;
	last_success_at: number | null;
	last_failure_at: number | null;
	last_failure: string | null;
}

export interface QueueRow {
	id: number;
	subscription_id: number;
	alert_id: number | null;
	user_id: number;
	topic: string;
	severity: Severity;
	payload: string;
	urgency: string;
	attempts: number;
	due_at: number;
	expires_at: number;
}

export interface Preferences {
	severities: Severity[];
	rules: Rule[];
	quiet: { start: number; end: number } | null;
	criticalInQuiet: boolean;
}

/** SQL for push: every read a user triggers is scoped by user_id. */
export interface QueuedNotice {
	subscriptionId: number;
	alertId: number | null;
	userId: number;
	topic: string;
	severity: Severity;
	payload: string;
	urgency: string;
	now: number;
	expiresAt: number;
}

export function createPushRepository(db: Db) {
	const upsert = db.prepare(
		`INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth, label, created_at)
		 VALUES (@userId, @endpoint, @p256dh, @auth, @label, @now)
		 ON CONFLICT (endpoint) DO UPDATE SET user_id = excluded.user_id, p256dh = excluded.p256dh,
		   auth = excluded.auth, label = excluded.label
		 RETURNING id`
	);
	// A browser that changes hands (another account subscribes it) must not get the
	// previous account's waiting notices.
	const dropOthers = db.prepare(
		`DELETE FROM push_queue WHERE subscription_id = ? AND user_id != ?`
	);
	const list = db.prepare(`SELECT * FROM push_subscriptions WHERE user_id = ? ORDER BY id`);
	const byId = db.prepare(`SELECT * FROM push_subscriptions WHERE id = ?`);
	const remove = db.prepare(`DELETE FROM push_subscriptions WHERE id = ? AND user_id = ?`);
	const removeEndpoint = db.prepare(
		`DELETE FROM push_subscriptions WHERE endpoint = ? AND user_id = ?`
	);
	const removeAll = db.prepare(`DELETE FROM push_subscriptions WHERE user_id = ?`);
	const forget = db.prepare(`DELETE FROM push_subscriptions WHERE id = ?`);
	const success = db.prepare(`UPDATE push_subscriptions SET last_success_at = ? WHERE id = ?`);
	const failure = db.prepare(
		`UPDATE push_subscriptions SET last_failure_at = ?, last_failure = ? WHERE id = ?`
	);
	const getPrefs = db.prepare(`SELECT * FROM push_preferences WHERE user_id = ?`);
	const putPrefs = db.prepare(
		`INSERT INTO push_preferences (user_id, severities, rules, quiet_start, quiet_end, critical_in_quiet)
		 VALUES (@userId, @severities, @rules, @quietStart, @quietEnd, @criticalInQuiet)
		 ON CONFLICT (user_id) DO UPDATE SET severities = excluded.severities, rules = excluded.rules,
		   quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end,
		   critical_in_quiet = excluded.critical_in_quiet`
	);
	// On PostgreSQL each statement is a round trip that holds the event loop (the connection
	// is synchronous), and a notice to every browser of an account took one per browser, up
	// to its share of the queue (1,000): rows go many to a statement there.
	const enqueue = rowsWriter(
		db,
		(values) =>
			`INSERT INTO push_queue (subscription_id, alert_id, user_id, topic, severity, payload, urgency,
			   due_at, expires_at, created_at)
			 VALUES ${values}
			 ON CONFLICT (subscription_id, topic) DO UPDATE SET alert_id = excluded.alert_id,
			   user_id = excluded.user_id, severity = excluded.severity, payload = excluded.payload,
			   urgency = excluded.urgency, attempts = 0, due_at = excluded.due_at,
			   expires_at = excluded.expires_at, created_at = excluded.created_at`,
		10
	);
	const queued = db.prepare(`SELECT count(*) FROM push_queue`).pluck();
	const queuedFor = db.prepare(`SELECT count(*) FROM push_queue WHERE user_id = ?`).pluck();
	const countFor = db.prepare(`SELECT count(*) FROM push_subscriptions WHERE user_id = ?`).pluck();
	const owns = db
		.prepare(`SELECT 1 FROM push_subscriptions WHERE user_id = ? AND endpoint = ?`)
		.pluck();
	// Round robin: each account's oldest due notice, then each one's second, and so on, so
	// one account's backlog never stands in front of everyone else's.
	const due = db.prepare(
		`SELECT * FROM (
		   SELECT q.*, row_number() OVER (PARTITION BY user_id ORDER BY due_at, id) AS turn
		   FROM push_queue q WHERE due_at <= ?
		 ) ORDER BY turn, due_at, id LIMIT ?`
	);
	const dequeue = db.prepare(`DELETE FROM push_queue WHERE id = ?`);
	const reschedule = db.prepare(
		`UPDATE push_queue SET due_at = ?, expires_at = ?, attempts = ? WHERE id = ?`
	);
	const releaseHeld = db.prepare(
		`UPDATE push_queue SET due_at = ? WHERE user_id = ? AND due_at > ?`
	);
	const alertState = db.prepare(
		`SELECT cleared_at AS clearedAt, acknowledged_at AS acknowledgedAt FROM alerts WHERE id = ?`
	);

	return {
		subscribe(s: {
			userId: number;
			endpoint: string;
			p256dh: string;
			auth: string;
			label: string;
			now: number;
		}): number {
			return db.transaction(() => {
				const id = (upsert.get(s) as { id: number }).id;
				dropOthers.run(id, s.userId);
				return id;
			})();
		},
		list: (userId: number) => list.all(userId) as SubscriptionRow[],
		get: (id: number) => byId.get(id) as SubscriptionRow | undefined,
		remove: (userId: number, id: number) => remove.run(id, userId).changes > 0,
		removeEndpoint: (userId: number, endpoint: string) =>
			removeEndpoint.run(endpoint, userId).changes > 0,
		removeAll: (userId: number) => removeAll.run(userId).changes,
		/** The push service says the subscription is gone (404/410). */
		forget: (id: number) => void forget.run(id),
		succeeded: (id: number, at: number) => void success.run(at, id),
		failed: (id: number, at: number, why: string) => void failure.run(at, why.slice(0, 200), id),
		preferences(userId: number, fallback: Preferences): Preferences {
			const r = getPrefs.get(userId) as
				| {
						severities: string;
						rules: string;
						quiet_start: number | null;
						quiet_end: number | null;
						critical_in_quiet: number;
				  }
				| undefined;
			if (!r) return fallback;
			return {
				severities: JSON.parse(r.severities),
				rules: JSON.parse(r.rules),
				quiet:
					r.quiet_start === null || r.quiet_end === null
						? null
						: { start: r.quiet_start, end: r.quiet_end },
				criticalInQuiet: r.critical_in_quiet === 1
			};
		},
		setPreferences(userId: number, p: Preferences): void {
			putPrefs.run({
				userId,
				severities: JSON.stringify(p.severities),
				rules: JSON.stringify(p.rules),
				quietStart: p.quiet?.start ?? null,
				quietEnd: p.quiet?.end ?? null,
				criticalInQuiet: p.criticalInQuiet ? 1 : 0
			});
		},
		/** One notice for each browser, in one transaction: one commit, not one per browser. */
		enqueue: db.transaction((notices: readonly QueuedNotice[]) =>
			enqueue.write(
				notices.map((q) => [
					q.subscriptionId,
					q.alertId,
					q.userId,
					q.topic,
					q.severity,
					q.payload,
					q.urgency,
					q.now,
					q.expiresAt,
					q.now
				])
			)
		),
		queued: () => queued.get() as number,
		queuedFor: (userId: number) => queuedFor.get(userId) as number,
		subscriptionCount: (userId: number) => countFor.get(userId) as number,
		hasEndpoint: (userId: number, endpoint: string) => owns.get(userId, endpoint) === 1,
		due: (now: number, limit: number) => due.all(now, limit) as QueueRow[],
		dequeue: (id: number) => void dequeue.run(id),
		reschedule: (id: number, dueAt: number, expiresAt: number, attempts: number) =>
			void reschedule.run(dueAt, expiresAt, attempts, id),
		/** Preferences changed: held notices are looked at again now. */
		releaseHeld: (userId: number, now: number) => void releaseHeld.run(now, userId, now),
		alertState: (alertId: number) =>
			alertState.get(alertId) as
				{ clearedAt: number | null; acknowledgedAt: number | null } | undefined
	};
}

export type PushRepository = ReturnType<typeof createPushRepository>;
