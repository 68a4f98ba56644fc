import type { PortsUpdate } from '$server/realtime/events';
import type { SyncHistory, SyncPayload } from '$server/sync/sync.types';
import { packs, periodOf, pruneEnergy, putEnergy } from '$lib/db/energy-packs';
import type { LocalDb } from '$lib/db/local-db';
import { getMeta } from '$lib/db/meta';
import { reapplyPending } from './outbox';

export type Fetcher = (input: string, init?: RequestInit) => Promise<Response>;

export type PullResult =
	{ ok: true; reset: boolean } | { ok: false; reason: 'offline' | 'unauthorized' | 'server' };

const DAY = 86_400_000;
/** Far more pages than the largest account's full pull needs (~25): a loop guard. */
const MAX_PAGES = 500;
const kwhToMj = (kwh: number) => Math.round(kwh * 3_600_000_000);

/**
 * Fills the local database from `GET /api/sync?since=CURSOR` and its pages. One pull (all of
 * its pages) is applied in one IndexedDB transaction together with its cursor, so a page never sees half a sync and a
 * crash mid-way leaves the old cursor (the next pull repeats the delta).
 */
export class SyncEngine {
	private running: Promise<PullResult> | null = null;

	constructor(
		private readonly db: LocalDb,
		private readonly fetcher: Fetcher
	) {}

	/** Pulls once; concurrent callers share the pull in flight. */
	pull(): Promise<PullResult> {
		this.running ??= this.pullOnce().finally(() => (this.running = null));
		return this.running;
	}

	private async pullOnce(): Promise<PullResult> {
		const cursor = await getMeta<number>(this.db, 'cursor');
		const base = `/api/sync${cursor === undefined ? '' : `?since=${cursor}`}`;
		const first = await this.fetchPage(base);
		if (!first.ok) return first;
		const payload = first.body as SyncPayload;
		// The history comes in pages; the pull is applied once, whole, after the last.
		for (let pages = 1; payload.next; pages++) {
			if (pages > MAX_PAGES) return { ok: false, reason: 'server' };
			const sep = base.includes('?') ? '&' : '?';
			const more = await this.fetchPage(`${base}${sep}page=${encodeURIComponent(payload.next)}`);
			if (!more.ok) return more;
			const page = more.body as SyncHistory;
			payload.buckets.push(...page.buckets);
			payload.daily.push(...page.daily);
			payload.monthly.push(...page.monthly);
			payload.alerts.push(...page.alerts);
			payload.next = page.next;
		}
		await this.apply(payload);
		return { ok: true, reset: payload.reset };
	}

	private async fetchPage(
		url: string
	): Promise<
		{ ok: true; body: unknown } | { ok: false; reason: 'offline' | 'unauthorized' | 'server' }
	> {
		let res: Response;
		try {
			res = await this.fetcher(url, { headers: { accept: 'application/json' }, cache: 'no-store' });
		} catch {
			return { ok: false, reason: 'offline' };
		}
		if (res.status === 401) return { ok: false, reason: 'unauthorized' };
		if (!res.ok) return { ok: false, reason: 'server' };
		return { ok: true, body: (await res.json()) as unknown };
	}

	async apply(p: SyncPayload): Promise<void> {
		const db = this.db;
		await db.transaction('rw', [...db.synced, db.outbox], async () => {
			if (p.reset) await Promise.all(db.synced.map((t) => t.clear()));
			for (const id of p.deleted.devices) await this.dropDevice(id);
			// Devices and ports come whole: what is not listed is gone.
			const listed = new Set(p.devices.map((d) => d.id));
			for (const id of await db.devices.toCollection().primaryKeys()) {
				if (!listed.has(id)) await this.dropDevice(id);
			}
			await db.devices.bulkPut(p.devices);
			await db.ports.bulkPut(p.ports);
			await putEnergy(db, 'buckets', p.buckets);
			await putEnergy(db, 'daily', p.daily);
			await putEnergy(db, 'monthly', p.monthly);
			await db.alerts.bulkPut(p.alerts);
			// Thresholds come whole: a port without a row has the defaults.
			await db.thresholds.clear();
			await db.thresholds.bulkPut(p.thresholds);
			await this.prune(p);
			await db.meta.bulkPut([
				{ key: 'cursor', value: p.cursor },
				{ key: 'syncedAt', value: p.serverTime },
				{ key: 'settings', value: p.settings },
				{ key: 'tariffs', value: p.tariffs },
				{ key: 'bill', value: p.bill }
			]);
			// Changes still waiting in the outbox stay visible over the server's older values.
			await reapplyPending(db);
		});
	}

	/** A live update from the socket, into the same tables the pull fills. */
	async applyLive(u: PortsUpdate): Promise<void> {
		const db = this.db;
		const today = u.day;
		const month = today?.slice(0, 7);
		await db.transaction('rw', db.ports, db.dailyPacks, db.monthlyPacks, async () => {
			const old = await db.ports.bulkGet(u.ports.map((p) => [u.deviceId, p.port]));
			await db.ports.bulkPut(
				u.ports.map((p, i) => ({
					deviceId: u.deviceId,
					port: p.port,
					label: p.label,
					ts: p.ts,
					voltage: p.voltage,
					current: p.current,
					power: p.power,
					pf: p.pf,
					relay: p.relay,
					// The live message carries costs, not prices: the month's figure becomes the
					// anchor, and the pull's price stays (the month's average until there is one).
					pricePerKwh:
						old[i]?.pricePerKwh ?? (p.month.kwh > 0 ? p.month.cost / p.month.kwh : undefined),
					priced: { kwh: p.month.kwh, cost: p.month.cost }
				}))
			);
			if (!today || !month) return;
			await putEnergy(
				db,
				'daily',
				u.ports.map((p) => ({
					deviceId: u.deviceId,
					port: p.port,
					key: today,
					energyMj: kwhToMj(p.today.kwh),
					runtimeMs: Math.round(p.today.runtimeMin * 60_000),
					peakW: p.today.peakW
				}))
			);
			// The live message carries the month's energy only; keep the rest of the row.
			const year = periodOf('monthly', month);
			const monthly = await packs(db, 'monthly').bulkGet(
				u.ports.map((p) => [u.deviceId, p.port, year])
			);
			await putEnergy(
				db,
				'monthly',
				u.ports.map((p, i) => {
					const row = monthly[i]?.rows.find((r) => r.key === month);
					return {
						deviceId: u.deviceId,
						port: p.port,
						key: month,
						energyMj: kwhToMj(p.month.kwh),
						runtimeMs: row?.runtimeMs ?? 0,
						peakW: row?.peakW ?? null
					};
				})
			);
		});
	}

	private async dropDevice(id: number): Promise<void> {
		const db = this.db;
		await db.devices.delete(id);
		for (const t of [
			db.ports,
			db.bucketPacks,
			db.dailyPacks,
			db.monthlyPacks,
			db.alerts,
			db.thresholds
		]) {
			await t.where('deviceId').equals(id).delete();
		}
	}

	/** Cached history is bounded: 48 h of buckets, ~400 days of days, 90 days of alerts. */
	private async prune(p: SyncPayload): Promise<void> {
		const db = this.db;
		await pruneEnergy(db, 'buckets', p.serverTime - p.window.bucketsMs);
		const oldestDay = new Date(p.serverTime - p.window.dailyDays * DAY).toISOString().slice(0, 10);
		await pruneEnergy(db, 'daily', oldestDay);
		await db.alerts
			.where('openedAt')
			.below(p.serverTime - p.window.alertsDays * DAY)
			.delete();
	}
}
