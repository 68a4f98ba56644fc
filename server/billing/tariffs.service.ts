/**
 * A household's tariff: versioned records valid from a local date (docs/decisions.md, rule 3).
 * Until the household saves one, the seed's flat 8.0 BDT/kWh applies. Bills are computed
 * from stored energy on read, so saving or deleting a version "recomputes" every month it
 * touches simply by being read again; listeners hear about it to refresh alert state.
 */
import type { Clock } from '../clock';
import { SEED_FLAT_TARIFF, TARIFF_PRESETS, parseTariff, sortVersions, type Tariff } from './index';
import type { TariffsRepository } from './tariffs.repository';
import * as msg from '../../i18n/paraglide/messages.js';
import { sayOf, type Say } from '../meter/entry-time';
import { tariffRefusal } from './tariff-refusal';

/** A refusal's `message` is the API's detail in English; `say` is what a page shows. */
export type TariffResult =
	{ ok: true; tariff: Tariff } | { ok: false; message: string; field: string; say: Say };

export function createTariffsService(repo: TariffsRepository, clock: Clock) {
	const cache = new Map<number, Tariff[]>();
	const listeners: ((userId: number) => void)[] = [];

	function versions(userId: number): Tariff[] {
		let list = cache.get(userId);
		if (!list) {
			const rows = repo.list(userId);
			list = rows.length ? sortVersions(rows.map((r) => JSON.parse(r.body))) : [SEED_FLAT_TARIFF];
			cache.set(userId, list);
		}
		return list;
	}

	function changed(userId: number): void {
		cache.delete(userId);
		for (const l of listeners) l(userId);
	}

	return {
		/** Every version in force for the household, oldest first (never empty). */
		versions,
		/** True while the household has not saved a tariff of its own. */
		isDefault: (userId: number) => repo.list(userId).length === 0,
		presets: (): readonly Tariff[] => TARIFF_PRESETS,
		/** Validates and saves a version; one on the same date is replaced. */
		save(userId: number, input: unknown): TariffResult {
			let tariff: Tariff;
			try {
				const raw = { ...(input as object), id: 'pending' };
				tariff = parseTariff(raw);
			} catch (err) {
				const issue = (err as { issues?: { path: PropertyKey[]; message: string }[] }).issues?.[0];
				const field = issue?.path.length ? issue.path.map(String).join('.') : 'body';
				return {
					ok: false,
					field,
					message: issue
						? `${issue.path.join('.') || 'tariff'}: ${issue.message}`
						: 'invalid tariff',
					say: tariffRefusal(field)
				};
			}
			// The id names the household's version, so bills can say which one priced a line.
			tariff = { ...tariff, id: `u${userId}-${tariff.validFrom}` };
			const others = repo.list(userId).filter((r) => r.valid_from !== tariff.validFrom);
			const currencies = new Set(others.map((r) => (JSON.parse(r.body) as Tariff).currency));
			if (currencies.size && !currencies.has(tariff.currency)) {
				return {
					ok: false,
					field: 'currency',
					message: 'all versions of a tariff must use the same currency',
					say: sayOf(msg.tf_err_same_currency)
				};
			}
			repo.save(userId, tariff.validFrom, JSON.stringify(tariff), clock.now());
			changed(userId);
			return { ok: true, tariff };
		},
		remove(userId: number, validFrom: string): boolean {
			const ok = repo.remove(userId, validFrom);
			if (ok) changed(userId);
			return ok;
		},
		onChange(listener: (userId: number) => void): void {
			listeners.push(listener);
		},
		/** Saved or removed elsewhere (another process of a cluster): read again when next asked. */
		forget(userId: number): void {
			cache.delete(userId);
		}
	};
}

export type TariffsService = ReturnType<typeof createTariffsService>;
