import type { Tariff } from '$server/billing/tariff';
import type { Settings } from '$server/settings/settings.service';
import type { SyncTariffs } from '$server/sync/sync.types';
import type { LocalDb } from './local-db';
import { getMeta } from './meta';

export interface LocalTariffs {
	versions: Tariff[];
	isDefault: boolean;
	household: {
		currency: string;
		locale: string;
		cycleDay: number;
		rebatePercent: number;
		lowBalanceDays: number;
	};
}

/** The household's tariff versions and billing settings from the local database; null before a sync that carried them. */
export async function readTariffs(db: LocalDb): Promise<LocalTariffs | null> {
	const [tariffs, settings] = await Promise.all([
		getMeta<SyncTariffs>(db, 'tariffs'),
		getMeta<Partial<Settings>>(db, 'settings')
	]);
	if (!tariffs) return null;
	return {
		versions: tariffs.versions,
		isDefault: tariffs.isDefault,
		household: {
			currency: settings?.currency ?? 'BDT',
			locale: settings?.locale ?? 'en',
			cycleDay: settings?.billing_cycle_day ?? 1,
			rebatePercent: settings?.prepaid_rebate_percent ?? 0.5,
			lowBalanceDays: settings?.low_balance_days ?? 3
		}
	};
}
