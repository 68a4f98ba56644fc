import type { Tariff, TariffInput } from '$server/billing/tariff';
import type { OutboxResult, SyncTariffs, SyncThresholds } from '$server/sync/sync.types';
import type { LocalDb, OutboxEntry } from '$lib/db/local-db';
import { getMeta } from '$lib/db/meta';
import type { Fetcher } from './sync-engine';

/**
 * Offline changes. Each is written to the local tables and to the outbox in one
 * transaction, so what the user sees and what will be sent never disagree; `flush` replays
 * them in order and forgets each once the server has answered for its id. Relay switching
 * is never queued here (a stale switch could surprise someone at home).
 */
export type Change =
	| { type: 'alert.acknowledge'; alertId: number }
	| { type: 'alert.acknowledgeAll' }
	| { type: 'port.label'; deviceId: number; port: number; label: string | null }
	| { type: 'settings.set'; key: string; value: unknown }
	| {
			type: 'thresholds.set';
			deviceId: number;
			port: number;
			/** Only the fields the user changed (last writer wins per field); null: the default. */
			values: Partial<Omit<SyncThresholds, 'deviceId' | 'port'>>;
	  }
	| { type: 'tariff.save'; tariff: TariffInput }
	| { type: 'tariff.remove'; validFrom: string }
	| { type: 'prepaid.recharge'; amount: number; at: number; token: string | null }
	| { type: 'prepaid.balance'; amount: number; at: number };

const newId = () =>
	(globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random()}`).replace(/[^\w-]/g, '');

async function applyLocally(db: LocalDb, change: Change, at: number): Promise<void> {
	switch (change.type) {
		case 'alert.acknowledge':
			await db.alerts
				.where('id')
				.equals(change.alertId)
				.modify((a) => {
					a.acknowledgedAt ??= at;
				});
			break;
		case 'alert.acknowledgeAll':
			await db.alerts.toCollection().modify((a) => {
				a.acknowledgedAt ??= at;
			});
			break;
		case 'port.label':
			await db.ports.update([change.deviceId, change.port], { label: change.label });
			break;
		case 'settings.set': {
			const settings = (await getMeta<Record<string, unknown>>(db, 'settings')) ?? {};
			await db.meta.put({ key: 'settings', value: { ...settings, [change.key]: change.value } });
			break;
		}
		case 'thresholds.set': {
			const { deviceId, port } = change;
			const old = (await db.thresholds.get([deviceId, port])) ?? {
				deviceId,
				port,
				highUsageW: null,
				dailyCost: null,
				peakW: null
			};
			await db.thresholds.put({ ...old, ...change.values });
			break;
		}
		case 'prepaid.recharge':
		case 'prepaid.balance':
			// The balance is the meter's model on the server: the next pull brings it.
			break;
		case 'tariff.save':
		case 'tariff.remove': {
			const old = await getMeta<SyncTariffs>(db, 'tariffs');
			// The seed's rate is not a version of the household's: it goes with the first saved.
			const kept = old && !old.isDefault ? old.versions : [];
			const date = change.type === 'tariff.save' ? change.tariff.validFrom : change.validFrom;
			const versions = kept.filter((v) => v.validFrom !== date);
			// Shown as the server will store it; the next pull brings the validated record.
			if (change.type === 'tariff.save') versions.push(change.tariff as Tariff);
			versions.sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1));
			await db.meta.put({
				key: 'tariffs',
				value: { versions, isDefault: versions.length === 0 } satisfies SyncTariffs
			});
			break;
		}
	}
}

export async function enqueue(db: LocalDb, change: Change, now = Date.now()): Promise<string> {
	const id = newId();
	const { type, ...payload } = change;
	await db.transaction('rw', [db.outbox, db.alerts, db.ports, db.thresholds, db.meta], async () => {
		await applyLocally(db, change, now);
		await db.outbox.add({ id, type, payload, createdAt: now, attempts: 0 });
	});
	return id;
}

/** After a pull replaced local rows with the server's, pending changes are laid on top again. */
export async function reapplyPending(db: LocalDb): Promise<void> {
	for (const e of await db.outbox.orderBy('seq').toArray()) {
		await applyLocally(db, { type: e.type, ...e.payload } as Change, e.createdAt);
	}
}

export const pendingCount = (db: LocalDb): Promise<number> => db.outbox.count();

export type FlushResult =
	| {
			ok: true;
			applied: number;
			duplicates: number;
			rejected: OutboxResult[];
			/** The server's answer for each op sent, in order. */
			results: OutboxResult[];
	  }
	| { ok: false; reason: 'offline' | 'unauthorized' | 'server'; results: OutboxResult[] };

/** Replays the outbox in order, in batches; stops at the first transport failure. */
export async function flush(db: LocalDb, fetcher: Fetcher, batch = 100): Promise<FlushResult> {
	let applied = 0;
	let duplicates = 0;
	const rejected: OutboxResult[] = [];
	const all: OutboxResult[] = [];
	for (;;) {
		const entries = await db.outbox.orderBy('seq').limit(batch).toArray();
		if (entries.length === 0) return { ok: true, applied, duplicates, rejected, results: all };
		let res: Response;
		try {
			res = await fetcher('/api/outbox', {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({
					ops: entries.map((e) => ({ id: e.id, type: e.type, ...e.payload }))
				})
			});
		} catch {
			await bumpAttempts(db, entries);
			return { ok: false, reason: 'offline', results: all };
		}
		if (res.status === 401) return { ok: false, reason: 'unauthorized', results: all };
		if (!res.ok) {
			await bumpAttempts(db, entries);
			return { ok: false, reason: 'server', results: all };
		}
		const { results } = (await res.json()) as { results: OutboxResult[] };
		const answered = new Set(results.map((r) => r.id));
		all.push(...results);
		for (const r of results) {
			if (r.status === 'applied') applied++;
			else if (r.status === 'duplicate') duplicates++;
			else rejected.push(r);
		}
		// A rejected op will never be accepted: it leaves the outbox too (and is reported).
		await db.outbox
			.where('id')
			.anyOf([...answered])
			.delete();
		if (answered.size === 0) return { ok: false, reason: 'server', results: all };
	}
}

async function bumpAttempts(db: LocalDb, entries: OutboxEntry[]): Promise<void> {
	await db.outbox
		.where('seq')
		.anyOf(entries.map((e) => e.seq!))
		.modify((e) => void (e.attempts += 1));
}
