import { z } from 'zod';
import type { StoredThresholds } from '../alerts/thresholds.repository';
import type { ThresholdsResult } from '../alerts/thresholds.service';
import type { Clock } from '../clock';
import type { Db } from '../db/connection';
import { SETTING_KEYS, type SettingKey } from '../settings/settings.service';
import type { TariffResult } from '../billing/tariffs.service';
import type { OutboxResult } from './sync.types';
import * as msg from '../../i18n/paraglide/messages.js';
import type { Say } from '../meter/entry-time';
import type { Locale } from '../settings/locale';
import { createAppliedOpsRepository } from './applied-ops.repository';

const threshold = z.number().nullable().optional();

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
		key: z.enum(SETTING_KEYS),
		value: z.unknown()
	}),
	z.object({
		id: z.string().min(8).max(64),
		type: z.literal('thresholds.set'),
		deviceId: z.number().int().positive(),
		port: z.number().int().min(1).max(8),
		// Only the fields the user changed; null is the default again.
		values: z.strictObject({ highUsageW: threshold, dailyCost: threshold, peakW: threshold })
	}),
	z.object({
		id: z.string().min(8).max(64),
		type: z.literal('tariff.save'),
		// Validated as a tariff by the tariffs service, which names the field that is wrong.
		tariff: z.record(z.string(), z.unknown())
	}),
	z.object({
		id: z.string().min(8).max(64),
		type: z.literal('tariff.remove'),
		validFrom: z.iso.date()
	}),
	// A recharge or a balance reading typed offline: `at` is when it was typed, checked by the service.
	z.object({
		id: z.string().min(8).max(64),
		type: z.literal('prepaid.recharge'),
		amount: z.number(),
		at: z.number().int(),
		token: z.string().max(40).nullable().optional()
	}),
	z.object({
		id: z.string().min(8).max(64),
		type: z.literal('prepaid.balance'),
		amount: z.number(),
		at: z.number().int()
	})
]);

export type ValidOp = z.output<typeof opSchema>;

/** How each kind of change is applied: false or a reason when it cannot be. */
export interface OutboxHandlers {
	acknowledgeAlert: (userId: number, alertId: number) => boolean;
	acknowledgeAll: (userId: number) => void;
	labelPort: (userId: number, deviceId: number, port: number, label: string | null) => boolean;
	/** Throws (a validation error) on a bad value. */
	setSetting: (userId: number, key: SettingKey, value: unknown) => void;
	setThresholds: (
		userId: number,
		deviceId: number,
		port: number,
		values: Partial<StoredThresholds>
	) => ThresholdsResult;
	saveTariff: (userId: number, tariff: unknown) => TariffResult;
	/** Removing a version that is not there (any more) is fine: the user's intent holds. */
	removeTariff: (userId: number, validFrom: string) => void;
	/** A prepaid recharge or balance reading; a refusal names what is wrong. */
	prepaid: (
		userId: number,
		kind: 'recharge' | 'balance',
		input: Record<string, unknown>
	) => { ok: true } | { ok: false; field: string; message: string; say: Say };
	/** After the batch: tell the user's other open apps. */
	changed: (userId: number) => void;
}

/**
 * Replays offline changes in the order they were made. An op's id is recorded in the same
 * transaction as its change, so a replay after a lost answer applies nothing twice.
 * Conflicts are last-writer-wins per field by server time: the later arrival wins.
 */
/** "not found" is what scripts match in English; a person reading Bangla gets a sentence. */
const notFound = (locale: Locale) =>
	locale === 'en' ? 'not found' : msg.outbox_not_found({}, { locale });

export function createOutboxService(db: Db, clock: Clock, h: OutboxHandlers) {
	const appliedOps = createAppliedOpsRepository(db);

	const applyOne = db.transaction((userId: number, op: ValidOp, locale: Locale): OutboxResult => {
		if (!appliedOps.record(userId, op.id, clock.now())) return { id: op.id, status: 'duplicate' };
		let refused: string | null = null;
		switch (op.type) {
			case 'alert.acknowledge':
				// Already acknowledged is fine: the user's intent holds.
				h.acknowledgeAlert(userId, op.alertId);
				break;
			case 'alert.acknowledgeAll':
				h.acknowledgeAll(userId);
				break;
			case 'port.label':
				if (!h.labelPort(userId, op.deviceId, op.port, op.label)) refused = notFound(locale);
				break;
			case 'settings.set':
				h.setSetting(userId, op.key, op.value);
				break;
			case 'thresholds.set': {
				const r = h.setThresholds(userId, op.deviceId, op.port, op.values);
				if (!r.ok) refused = r.reason === 'not found' ? notFound(locale) : r.reason;
				break;
			}
			case 'tariff.save': {
				const r = h.saveTariff(userId, op.tariff);
				if (!r.ok) refused = locale === 'en' ? r.message : r.say(locale);
				break;
			}
			case 'tariff.remove':
				h.removeTariff(userId, op.validFrom);
				break;
			case 'prepaid.recharge':
			case 'prepaid.balance': {
				const { id: _, type, ...input } = op;
				const r = h.prepaid(userId, type === 'prepaid.recharge' ? 'recharge' : 'balance', input);
				// A person reads it on the page that sent the change; a script matches the field.
				if (!r.ok) refused = locale === 'en' ? `${r.field}: ${r.message}` : r.say(locale);
				break;
			}
		}
		if (refused !== null) throw new Refused(refused);
		return { id: op.id, status: 'applied' };
	});

	return {
		/** `locale`: the language of the person whose phone sends the ops, for refusals' reasons. */
		apply(userId: number, ops: unknown[], locale: Locale = 'en'): OutboxResult[] {
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
					return applyOne(userId, parsed.data, locale);
				} catch (err) {
					// Rolled back together with its id, so a corrected op may come later.
					const reason = err instanceof Refused ? err.message : describe(err);
					return { id: parsed.data.id, status: 'rejected', reason };
				}
			});
			if (results.some((r) => r.status === 'applied')) h.changed(userId);
			return results;
		},
		/** Ids older than any client keeps an op (a week) can go. */
		purge: () => appliedOps.purge(clock.now() - 7 * 86_400_000)
	};
}

/** A validation error's first issue ("must be a three-letter currency code"), else its message. */
function describe(err: unknown): string {
	const issue = (err as { issues?: { message: string }[] }).issues?.[0];
	return issue ? issue.message : err instanceof Error ? err.message : 'failed';
}

/** Not applied (not the user's, out of range, invalid): the op is answered as rejected. */
class Refused extends Error {}

export type OutboxService = ReturnType<typeof createOutboxService>;
