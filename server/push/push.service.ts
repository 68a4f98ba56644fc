import { guarded } from '../db/background';
/**
 * Web Push for alerts. An alert opening puts one notice per allowed browser in a
 * durable queue (SQLite), so a restart or a push service's bad minute loses nothing; a
 * small worker sends them off the ingestion path, a few at a time, and settles each by the
 * push service's answer (retry.ts).
 */
import type { Locale } from '../settings/locale';
import { Agent } from 'node:https';
import webpush from 'web-push';
import { z } from 'zod';
import type { AlertView } from '../alerts/alert.types';
import { RULES, type Rule, type Severity } from '../alerts/rules';
import type { Clock } from '../clock';
import type { Db } from '../db/connection';
import { browserLabel } from './browser-label';
import { alertPayload, DELIVERY, encodePayload, testPayload, type PushPayload } from './payload';
import { createPushRepository, type Preferences, type QueueRow } from './push.repository';
import { quietUntil } from './quiet-hours';
import { outcomeOf } from './retry';
import { DEFAULT_PUSH_SERVICE_HOSTS, pushHostMatcher } from './push-hosts';
import { subscriptionSchema } from './subscription';

export interface VapidKeys {
	publicKey: string;
	privateKey: string;
	subject: string;
}

export interface PushDeps {
	db: Db;
	clock: Clock;
	/** Whether this process delivers (in a cluster, one process does). */
	delivers?: () => boolean;
	/** Resolved once, on first use (generated and stored if not configured). */
	vapid: () => VapidKeys;
	timezoneOf: (userId: number) => string;
	/** The language the account reads notifications in (English when not given). */
	localeOf?: (userId: number) => Locale;
	/** Notices in flight at once. */
	concurrency?: number;
	/** How often the queue is looked at for notices whose time came (retries, quiet hours). */
	pollMs?: number;
	log?: (msg: string) => void;
	/** Hosts subscriptions may point at (see push-hosts.ts); the common browsers' by default. */
	serviceHosts?: readonly string[];
	/** Browsers per account (PUSH_MAX_SUBSCRIPTIONS). */
	maxSubscriptions?: number;
}

const SEVERITIES = ['CRITICAL', 'WARNING', 'INFO'] as const;

/** Standby hints and peak-hour use are advice, not alarms: they stay in the app unless asked. */
export const DEFAULT_PREFERENCES: Preferences = Object.freeze({
	severities: ['CRITICAL', 'WARNING'],
	rules: [...RULES],
	quiet: null,
	criticalInQuiet: true
}) as Preferences;

/** A bound on waiting notices, whatever happens to the push services. */
export const MAX_QUEUED = 10_000;
/** One account's share of the queue, so its backlog cannot crowd out everyone else's. */
export const MAX_QUEUED_PER_ACCOUNT = 1_000;

const minute = z.number().int().min(0).max(1439);
export const preferencesSchema = z.object({
	severities: z.array(z.enum(SEVERITIES)).max(3),
	rules: z.array(z.enum(RULES)).max(RULES.length),
	quiet: z.object({ start: minute, end: minute }).nullable(),
	criticalInQuiet: z.boolean()
});

export function createPushService(deps: PushDeps) {
	const { clock } = deps;
	const localeOf = (userId: number): Locale => deps.localeOf?.(userId) ?? 'en';
	const repo = createPushRepository(deps.db);
	const concurrency = deps.concurrency ?? 4;
	const log = deps.log ?? (() => {});
	const hosts = deps.serviceHosts ?? DEFAULT_PUSH_SERVICE_HOSTS;
	const knownService = pushHostMatcher(hosts);
	const subscription = subscriptionSchema.refine((s) => knownService(s.endpoint), {
		path: ['endpoint'],
		message: `must be a push service this server sends to (${hosts.join(', ')}); PUSH_SERVICE_HOSTS adds others`
	});
	// Keep-alive: one TLS handshake per push service, not per notice.
	const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
	const inFlight = new Set<number>();
	// At most half the senders on one account: a push service that hangs for one account's
	// browsers leaves the other half to everyone else.
	const perAccount = Math.max(1, Math.floor(concurrency / 2));
	const inFlightOf = new Map<number, number>();
	let timer: NodeJS.Timeout | null = null;
	let stopped = true;
	let waking = false;

	const preferences = (userId: number) => repo.preferences(userId, DEFAULT_PREFERENCES);

	function enqueue(userId: number, alertId: number | null, p: PushPayload): number {
		const all = repo.list(userId);
		if (all.length === 0) return 0;
		// As many of its browsers as the account's share and the whole queue have room for.
		const room = Math.min(
			MAX_QUEUED_PER_ACCOUNT - repo.queuedFor(userId),
			MAX_QUEUED - repo.queued()
		);
		const subs = all.slice(0, Math.max(0, room));
		if (subs.length < all.length)
			log(`push queue full for user ${userId}: ${all.length - subs.length} notices dropped`);
		if (subs.length === 0) return 0;
		const now = clock.now();
		const { ttlS, urgency } = DELIVERY[p.severity];
		const payload = encodePayload(p);
		repo.enqueue(
			subs.map((s) => ({
				subscriptionId: s.id,
				alertId,
				userId,
				topic: p.tag,
				severity: p.severity,
				payload,
				urgency,
				now,
				expiresAt: now + ttlS * 1000
			}))
		);
		wake();
		return subs.length;
	}

	/** Whether a queued notice still says something true, and whether now is its time. */
	function settleBeforeSend(row: QueueRow, now: number): 'send' | 'drop' | number {
		if (row.alert_id === null) return 'send';
		const state = repo.alertState(row.alert_id);
		// Acknowledged or over while it waited: telling the user now would only be noise.
		if (!state || state.acknowledgedAt !== null || state.clearedAt !== null) return 'drop';
		const prefs = preferences(row.user_id);
		if (row.severity === 'CRITICAL' && prefs.criticalInQuiet) return 'send';
		return quietUntil(prefs.quiet, now, deps.timezoneOf(row.user_id)) ?? 'send';
	}

	async function deliver(row: QueueRow): Promise<void> {
		const sub = repo.get(row.subscription_id);
		if (!sub) return;
		// Stored before the list existed, or the list was narrowed since: never sent there.
		if (!knownService(sub.endpoint)) {
			log(`push: not sending to ${new URL(sub.endpoint).host}: not in PUSH_SERVICE_HOSTS`);
			repo.dequeue(row.id);
			return;
		}
		const now = clock.now();
		let status: number | null = null;
		let retryAfter: string | undefined;
		let why = '';
		try {
			const res = await webpush.sendNotification(
				{ endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } },
				row.payload,
				{
					vapidDetails: deps.vapid(),
					// What is left of its life: a retried or held notice does not live longer.
					TTL: Math.max(0, Math.ceil((row.expires_at - now) / 1000)),
					urgency: row.urgency as webpush.Urgency,
					topic: row.topic,
					timeout: 15_000,
					agent
				}
			);
			status = res.statusCode;
		} catch (e) {
			const err = e as { statusCode?: number; headers?: Record<string, string>; message?: string };
			status = err.statusCode ?? null;
			retryAfter = err.headers?.['retry-after'];
			why = status === null ? `no answer: ${err.message ?? e}` : `HTTP ${status}`;
		}
		if (stopped) return; // the database may be closed; the row stays queued for next start
		const at = clock.now();
		const outcome = outcomeOf(status, row.attempts, retryAfter);
		switch (outcome.kind) {
			case 'delivered':
				repo.dequeue(row.id);
				repo.succeeded(sub.id, at);
				break;
			case 'gone':
				repo.forget(sub.id);
				log(`push subscription ${sub.id} gone (HTTP ${status}); deleted`);
				break;
			case 'retry':
				repo.failed(sub.id, at, why);
				if (at + outcome.afterMs >= row.expires_at) repo.dequeue(row.id);
				else repo.reschedule(row.id, at + outcome.afterMs, row.expires_at, row.attempts + 1);
				break;
			case 'failed':
				repo.failed(sub.id, at, why);
				repo.dequeue(row.id);
				log(`push to subscription ${sub.id} failed: ${why}`);
				break;
		}
	}

	function pump(): void {
		if (stopped || deps.delivers?.() === false) return;
		const free = concurrency - inFlight.size;
		if (free <= 0) return;
		const now = clock.now();
		// More than the free senders: rows of an account at its share are skipped, not sent.
		for (const row of repo.due(now, concurrency * 4)) {
			if (inFlight.has(row.id) || inFlight.size >= concurrency) continue;
			if ((inFlightOf.get(row.user_id) ?? 0) >= perAccount) continue;
			if (row.expires_at <= now) {
				repo.dequeue(row.id);
				continue;
			}
			const verdict = settleBeforeSend(row, now);
			if (verdict === 'drop') {
				repo.dequeue(row.id);
				continue;
			}
			if (typeof verdict === 'number') {
				// Held for quiet hours: its time to live starts when they end.
				const ttl = DELIVERY[row.severity].ttlS * 1000;
				repo.reschedule(row.id, verdict, verdict + ttl, row.attempts);
				continue;
			}
			inFlight.add(row.id);
			inFlightOf.set(row.user_id, (inFlightOf.get(row.user_id) ?? 0) + 1);
			void deliver(row)
				.catch((e) => log(`push delivery error: ${e}`))
				.finally(() => {
					inFlight.delete(row.id);
					const left = inFlightOf.get(row.user_id)! - 1;
					if (left > 0) inFlightOf.set(row.user_id, left);
					else inFlightOf.delete(row.user_id);
					wake();
				});
		}
	}

	const safePump = guarded('Push delivery', () => pump());

	function wake(): void {
		if (waking || stopped) return;
		waking = true;
		setImmediate(() => {
			waking = false;
			safePump();
		});
	}

	return {
		publicKey: () => deps.vapid().publicKey,
		subscribe(userId: number, input: unknown, userAgent: string | null) {
			const parsed = subscription.safeParse(input);
			if (!parsed.success) return { ok: false as const, error: parsed.error };
			const { endpoint, keys } = parsed.data;
			const max = deps.maxSubscriptions ?? 20;
			if (!repo.hasEndpoint(userId, endpoint) && repo.subscriptionCount(userId) >= max)
				return { ok: false as const, limit: max };
			const id = repo.subscribe({
				userId,
				endpoint,
				p256dh: keys.p256dh,
				auth: keys.auth,
				label: browserLabel(userAgent),
				now: clock.now()
			});
			return { ok: true as const, id };
		},
		list: (userId: number) =>
			repo.list(userId).map((s) => ({
				id: s.id,
				endpoint: s.endpoint,
				label: s.label,
				createdAt: s.created_at,
				lastSuccessAt: s.last_success_at,
				lastFailureAt: s.last_failure_at,
				lastFailure: s.last_failure
			})),
		remove: (userId: number, id: number) => repo.remove(userId, id),
		removeEndpoint: (userId: number, endpoint: string) => repo.removeEndpoint(userId, endpoint),
		removeAll: (userId: number) => repo.removeAll(userId),
		preferences,
		setPreferences(userId: number, input: unknown) {
			const parsed = preferencesSchema.safeParse(input);
			if (!parsed.success) return { ok: false as const, error: parsed.error };
			repo.setPreferences(userId, parsed.data);
			repo.releaseHeld(userId, clock.now());
			wake();
			return { ok: true as const };
		},
		/** "Send a test notification": to every browser of the user, now, whatever the hour. */
		sendTest: (userId: number) => enqueue(userId, null, testPayload(localeOf(userId))),
		/** The alerts engine's hook: called once when an alert opens. */
		alertOpened(userId: number, alert: AlertView): number {
			const prefs = preferences(userId);
			if (!prefs.severities.includes(alert.severity as Severity)) return 0;
			if (!prefs.rules.includes(alert.rule as Rule)) return 0;
			return enqueue(userId, alert.id, alertPayload(alert, localeOf(userId)));
		},
		queued: () => repo.queued(),
		start(): void {
			if (!stopped) return;
			stopped = false;
			timer = setInterval(safePump, deps.pollMs ?? 1000);
			timer.unref();
			wake();
		},
		stop(): void {
			stopped = true;
			if (timer) clearInterval(timer);
			timer = null;
			agent.destroy();
		}
	};
}

export type PushService = ReturnType<typeof createPushService>;
