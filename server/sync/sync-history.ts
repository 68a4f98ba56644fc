import type { SettingsService } from '../settings/settings.service';
import { localDayKey } from '../time/calendar-keys';
import type { EnergyKey, SyncRepository } from './sync.repository';
import { CURSOR_MAX_AGE_MS, SYNC_WINDOW, type SyncEnergy, type SyncHistory } from './sync.types';

const KINDS = ['buckets', 'daily', 'monthly', 'alerts'] as const;
type Kind = (typeof KINDS)[number];

/**
 * How much of the history one answer carries. A full pull of the largest account (50 strips,
 * 48 h of buckets and 400 days of days per port, 90 days of alerts) is ~13 MB of JSON; it is
 * sent in pages of at most this many rows (an alert counts as three: its message makes it
 * about three energy rows long), each well under 1 MB and each a short read.
 */
export const PAGE_ROWS = 5000;
const COST: Record<Kind, number> = { buckets: 1, daily: 1, monthly: 1, alerts: 3 };

/** Where the next page starts: the pull's own time, and the last key sent of one list. */
export interface SyncPageToken {
	at: number;
	kind: Kind;
	after: EnergyKey | number;
}

/** The first page of a pull answered at `at`: the lists from their start. */
export const firstPage = (at: number): SyncPageToken => ({ at, kind: 'buckets', after: null });

export const encodePage = (t: SyncPageToken) =>
	Buffer.from(JSON.stringify([t.at, t.kind, t.after])).toString('base64url');

/** A token from `encodePage`, or null for anything else. */
export function decodePage(raw: string): SyncPageToken | null {
	let value: unknown;
	try {
		value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
	} catch {
		return null;
	}
	if (!Array.isArray(value) || value.length !== 3) return null;
	const [at, kind, after] = value as unknown[];
	if (!Number.isSafeInteger(at) || !KINDS.includes(kind as Kind)) return null;
	if (kind === 'alerts') {
		return Number.isSafeInteger(after) ? { at: at as number, kind, after: after as number } : null;
	}
	const key = after as unknown[];
	const ok =
		Array.isArray(key) &&
		key.length === 3 &&
		Number.isSafeInteger(key[0]) &&
		Number.isSafeInteger(key[1]) &&
		(kind === 'buckets' ? Number.isSafeInteger(key[2]) : typeof key[2] === 'string');
	return ok ? { at: at as number, kind: kind as Kind, after: key as EnergyKey } : null;
}

/**
 * The history lists of the sync pull, a page at a time: read-only, so a large household's
 * pages can be read in the reads worker as well as here.
 */
export function createSyncHistory(d: {
	repo: SyncRepository;
	settings: Pick<SettingsService, 'forUser'>;
}) {
	/** Up to `limit` rows of one list, port by port in key order, strictly after `after`. */
	function energyPage(
		user: number,
		kind: 'buckets' | 'daily' | 'monthly',
		since: number,
		from: number | string,
		after: EnergyKey,
		limit: number
	): SyncEnergy[] {
		const rows: SyncEnergy[] = [];
		const ports = d.repo.ports(user);
		let i = after
			? ports.findIndex(
					(p) => p.deviceId > after[0] || (p.deviceId === after[0] && p.port >= after[1])
				)
			: 0;
		if (i < 0) return rows;
		for (; i < ports.length && rows.length < limit; i++) {
			const { deviceId: device, port } = ports[i]!;
			const resume = after && device === after[0] && port === after[1] ? after[2] : null;
			rows.push(
				...d.repo.energy(kind, {
					user,
					device,
					port,
					since,
					from,
					after: resume,
					limit: limit - rows.length
				})
			);
		}
		return rows;
	}

	/**
	 * One page of the history lists, from `start` on, at most PAGE_ROWS rows. `next` is where
	 * the following page starts, or null when this one ends the pull.
	 */
	function history(userId: number, since: number, at: number, start: SyncPageToken | null) {
		const tz = d.settings.forUser(userId).timezone;
		const dailyFrom = localDayKey(at - SYNC_WINDOW.dailyDays * 86_400_000, tz);
		const out: SyncHistory = { buckets: [], daily: [], monthly: [], alerts: [], next: null };
		let budget = PAGE_ROWS;
		for (const kind of KINDS.slice(start ? KINDS.indexOf(start.kind) : 0)) {
			const after = start?.kind === kind ? start.after : null;
			const limit = Math.floor(budget / COST[kind]);
			if (limit === 0) {
				out.next = encodePage({ at, kind, after: kind === 'alerts' ? 0 : null });
				break;
			}
			if (kind === 'alerts') {
				const rows = d.repo.alerts(
					userId,
					since,
					at - SYNC_WINDOW.alertsDays * 86_400_000,
					(after as number | null) ?? 0,
					limit
				);
				out.alerts = rows;
				if (rows.length === limit) out.next = encodePage({ at, kind, after: rows.at(-1)!.id });
			} else {
				const from =
					kind === 'buckets' ? at - SYNC_WINDOW.bucketsMs : kind === 'daily' ? dailyFrom : '';
				const rows = energyPage(userId, kind, since, from, after as EnergyKey, limit);
				out[kind] = rows;
				const last = rows.at(-1);
				if (rows.length === limit && last)
					out.next = encodePage({ at, kind, after: [last.deviceId, last.port, last.key] });
			}
			if (out.next) break;
			budget -= out[kind].length * COST[kind];
		}
		return out;
	}

	return {
		history,
		/** A later page of the same pull (same `since`), read as of the pull's own time. */
		page(userId: number, since: number | null, token: SyncPageToken): SyncHistory {
			const from = isReset(since, token.at) ? 0 : since!;
			return history(userId, from, token.at, token);
		}
	};
}

/** No cursor, or one the server cannot continue from: the pull starts over. */
export const isReset = (since: number | null, now: number) =>
	since === null || !Number.isFinite(since) || since > now || since < now - CURSOR_MAX_AGE_MS;
