import type { Db } from '../db/connection';
import type { AlertCost, CostPer } from './alert-cost';
import type { Rule, Severity } from './rules';

export interface AlertRow {
	id: number;
	device_id: number;
	device_name: string;
	port: number | null;
	port_label: string | null;
	rule: Rule;
	severity: Severity;
	message: string;
	message_args: string | null;
	opened_at: number;
	last_at: number | null;
	trigger_count: number;
	cost_paisa: number | null;
	cost_per: CostPer | null;
	currency: string | null;
	updated_at: number;
	cleared_at: number | null;
	acknowledged_at: number | null;
}

const VIEW = `SELECT a.id, a.device_id, d.name AS device_name, a.port, p.label AS port_label, a.rule,
	a.severity, a.message, a.message_args, a.opened_at, a.last_at, a.trigger_count, a.cost_paisa, a.cost_per,
	a.currency, a.updated_at, a.cleared_at, a.acknowledged_at
	FROM alerts a JOIN devices d ON d.id = a.device_id
	LEFT JOIN ports p ON p.device_id = a.device_id AND p.port = a.port`;

/** SQL for alerts. Every read a user triggers is scoped by devices.owner_id. */
export function createAlertsRepository(db: Db) {
	// The partial unique index (one open alert per rule, device and port) turns a second
	// raise, from this process or another, into a no-op: DO NOTHING returns no row, so
	// nothing is announced twice.
	const open = db.prepare(
		`INSERT INTO alerts (device_id, port, rule, severity, message, message_args, opened_at,
		   updated_at, tag, last_at, trigger_count, cost_paisa, cost_per, currency)
		 VALUES (@deviceId, @port, @rule, @severity, @message, @messageArgs, @openedAt,
		   @at, @tag, @lastAt, @count, @costPaisa, @costPer, @currency)
		 ON CONFLICT DO NOTHING RETURNING id`
	);
	const bump = db.prepare(
		`UPDATE alerts SET trigger_count = trigger_count + 1, last_at = ?, updated_at = ?
		 WHERE rule = ? AND device_id = ? AND COALESCE(port, 0) = ? AND cleared_at IS NULL RETURNING id`
	);
	const tagged = db
		.prepare(`SELECT 1 FROM alerts WHERE device_id = ? AND rule = ? AND tag = ? LIMIT 1`)
		.pluck();
	const openTag = db
		.prepare(
			`SELECT tag FROM alerts WHERE rule = ? AND device_id = ? AND COALESCE(port, 0) = ? AND cleared_at IS NULL`
		)
		.pluck();
	const clear = db.prepare(
		`UPDATE alerts SET cleared_at = ?, updated_at = ?
		 WHERE rule = ? AND device_id = ? AND COALESCE(port, 0) = ? AND cleared_at IS NULL RETURNING id`
	);
	const allOpen = db.prepare(`SELECT rule, device_id, port FROM alerts WHERE cleared_at IS NULL`);
	const byId = db.prepare(`${VIEW} WHERE a.id = ? AND d.owner_id = ?`);
	const list = db.prepare(
		`${VIEW} WHERE d.owner_id = @owner AND a.opened_at >= @from AND (@openOnly = 0 OR a.cleared_at IS NULL)
		 ORDER BY a.opened_at DESC, a.id DESC LIMIT @limit`
	);
	const ack = db.prepare(
		`UPDATE alerts SET acknowledged_at = ?, updated_at = ?
		 WHERE id = ? AND acknowledged_at IS NULL AND device_id IN (SELECT id FROM devices WHERE owner_id = ?)`
	);
	const ackAll = db.prepare(
		`UPDATE alerts SET acknowledged_at = ?, updated_at = ?
		 WHERE acknowledged_at IS NULL AND device_id IN (SELECT id FROM devices WHERE owner_id = ?)`
	);
	const unacked = db
		.prepare(
			`SELECT count(*) FROM alerts a JOIN devices d ON d.id = a.device_id
			 WHERE d.owner_id = ? AND a.acknowledged_at IS NULL AND a.cleared_at IS NULL`
		)
		.pluck();
	const purge = db.prepare(`DELETE FROM alerts WHERE cleared_at IS NOT NULL AND cleared_at < ?`);

	return {
		open: (a: {
			deviceId: number;
			port: number | null;
			rule: Rule;
			severity: Severity;
			message: string;
			/** the message's figures as JSON (alert-message.ts), or null */
			messageArgs: string | null;
			/** server time, for sync */
			at: number;
			openedAt: number;
			lastAt: number;
			count: number;
			tag: string | null;
			cost: AlertCost | null;
		}) =>
			(
				open.get({
					deviceId: a.deviceId,
					port: a.port,
					rule: a.rule,
					severity: a.severity,
					message: a.message,
					messageArgs: a.messageArgs,
					openedAt: a.openedAt,
					at: a.at,
					tag: a.tag,
					lastAt: a.lastAt,
					count: a.count,
					costPaisa: a.cost?.paisa ?? null,
					costPer: a.cost?.per ?? null,
					currency: a.cost?.currency ?? null
				}) as { id: number } | undefined
			)?.id ?? null,
		/** One more start of the open alert's condition; its id, or null when none is open. */
		bump: (rule: Rule, deviceId: number, port: number | null, lastAt: number, at: number) =>
			(bump.get(lastAt, at, rule, deviceId, port ?? 0) as { id: number } | undefined)?.id ?? null,
		wasTagged: (rule: Rule, deviceId: number, tag: string) => tagged.get(deviceId, rule, tag) === 1,
		openTag: (rule: Rule, deviceId: number, port: number | null) =>
			(openTag.get(rule, deviceId, port ?? 0) as string | null | undefined) ?? null,
		clear: (rule: Rule, deviceId: number, port: number | null, at: number) =>
			(clear.all(at, at, rule, deviceId, port ?? 0) as { id: number }[]).map((r) => r.id),
		allOpen: () => allOpen.all() as { rule: Rule; device_id: number; port: number | null }[],
		get: (ownerId: number, id: number) => byId.get(id, ownerId) as AlertRow | undefined,
		/**
		 * The newest `limit` alerts. Newest first across a household's strips means sorting
		 * all it has: the last week's are sorted first, and the window widens only while it
		 * holds fewer than `limit`.
		 */
		list: (ownerId: number, openOnly: boolean, limit: number, now: number) => {
			const since = (from: number) =>
				list.all({ owner: ownerId, from, openOnly: openOnly ? 1 : 0, limit }) as AlertRow[];
			for (const days of [7, 30, 365]) {
				const rows = since(now - days * 86_400_000);
				if (rows.length === limit) return rows;
			}
			return since(0);
		},
		acknowledge: (ownerId: number, id: number, at: number) =>
			ack.run(at, at, id, ownerId).changes > 0,
		acknowledgeAll: (ownerId: number, at: number) => ackAll.run(at, at, ownerId).changes,
		unacknowledged: (ownerId: number) => unacked.get(ownerId) as number,
		purge: (before: number) => purge.run(before).changes
	};
}

export type AlertsRepository = ReturnType<typeof createAlertsRepository>;
