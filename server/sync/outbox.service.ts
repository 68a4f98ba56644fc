import { z } from 'zod';
import type { Clock } from '../clock';
import type { Db } from '../db/connection';
import type { OutboxResult } from './sync.types';

/** What the outbox may carry. Relay switching is deliberately absent: it is never queued. */
const opSchema = z.discriminatedUnion('type', [
	z.object({
		id: z.string().min(8).max(64),
		type: z.literal('alert.acknowledge'),
		alertId: z.number().int().positive()
	}),
	z.object({ id: z.string().min(8).max(64), type: z.literal('alert.acknowledgeAll') }),
	z.object({
		id: z.string().min(8).max(64),
		type: z.literal('port.label'),
		deviceId: z.number().int().positive(),
		port: z.number().int().min(1).max(8),
		label: z.string().max(40).nullable()
	}),
	z.object({
		id: z.string().min(8).max(64),
		type: z.literal('settings.set'),
		key: z.string().max(40),
		value: z.unknown()
	})
]);

export type ValidOp = z.output<typeof opSchema>;

/** How each kind of change is applied; each returns false when the target is not the user's. */
export interface OutboxHandlers {
	acknowledgeAlert: (userId: number, alertId: number) => boolean;
	acknowledgeAll: (userId: number) => void;
	labelPort: (userId: number, deviceId: number, port: number, label: string | null) => boolean;
	setSetting: (userId: number, key: string, value: unknown) => void;
	/** After the batch: tell the user's other open apps. */
	changed: (userId: number) => void;
}

/**
 * Replays offline changes in the order they were made. An op's id is recorded in the same
 * transaction as its change, so a replay after a lost answer applies nothing twice.
 * Conflicts are last-writer-wins per field by server time: the later arrival wins.
 */
export function createOutboxService(db: Db, clock: Clock, h: OutboxHandlers) {
	const record = db.prepare(
		`INSERT OR IGNORE INTO applied_ops (user_id, op_id, applied_at) VALUES (?, ?, ?)`
	);
	const purge = db.prepare(`DELETE FROM applied_ops WHERE applied_at < ?`);

	const applyOne = db.transaction((userId: number, op: ValidOp): OutboxResult => {
		if (record.run(userId, op.id, clock.now()).changes === 0)
			return { id: op.id, status: 'duplicate' };
		let ok = true;
		switch (op.type) {
			case 'alert.acknowledge':
				// Already acknowledged is fine: the user's intent holds.
				h.acknowledgeAlert(userId, op.alertId);
				break;
			case 'alert.acknowledgeAll':
				h.acknowledgeAll(userId);
				break;
			case 'port.label':
				ok = h.labelPort(userId, op.deviceId, op.port, op.label);
				break;
			case 'settings.set':
				h.setSetting(userId, op.key, op.value);
				break;
		}
		if (!ok) throw new NotYours();
		return { id: op.id, status: 'applied' };
	});

	return {
		apply(userId: number, ops: unknown[]): OutboxResult[] {
			const results = ops.map((raw, i): OutboxResult => {
				const parsed = opSchema.safeParse(raw);
				const id = (raw as { id?: unknown } | null)?.id;
				if (!parsed.success) {
					return {
						id: typeof id === 'string' ? id : `#${i}`,
						status: 'rejected',
						reason: parsed.error.issues[0]!.message
					};
				}
				try {
					return applyOne(userId, parsed.data);
				} catch (err) {
					// Rolled back together with its id, so a corrected op may come later.
					const reason =
						err instanceof NotYours ? 'not found' : err instanceof Error ? err.message : 'failed';
					return { id: parsed.data.id, status: 'rejected', reason };
				}
			});
			if (results.some((r) => r.status === 'applied')) h.changed(userId);
			return results;
		},
		/** Ids older than any client keeps an op (a week) can go. */
		purge: () => purge.run(clock.now() - 7 * 86_400_000).changes
	};
}

class NotYours extends Error {}

export type OutboxService = ReturnType<typeof createOutboxService>;
