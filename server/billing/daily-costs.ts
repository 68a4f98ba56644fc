/**
 * Energy and cost per local day and port, from the daily rollups. A day's cost is its
 * kWh at the port's average price in the billing month the day falls in (see
 * BillsService.portPrices): exact under a flat tariff, and under slabs or time-of-use the
 * days of a month add up to the port's charge on that month's bill.
 */
import { billingPeriod, localMidnight } from './index';
import { mjToKwh } from '../energy/units';
import type { SettingsService } from '../settings/settings.service';
import type { PortPrice } from './port-price';
import type { BillsService } from './bills.service';
import { portKey, type UsageRepository } from './usage.repository';

export interface DayUsage {
	day: string;
	deviceId: number;
	port: number;
	kwh: number;
	cost: number;
	runtimeMin: number;
	peakW: number | null;
}

export function createDailyCosts(
	usage: UsageRepository,
	bills: Pick<BillsService, 'portPrices'>,
	settings: SettingsService
) {
	return function dailyCosts(userId: number, from: string, to: string): DayUsage[] {
		const s = settings.forUser(userId);
		const rates = new Map<string, Map<string, PortPrice>>();
		const monthOf = new Map<string, string>();
		return usage.daily(userId, from, to).map((r) => {
			let month = monthOf.get(r.key);
			if (!month) {
				const [y, m, d] = r.key.split('-').map(Number) as [number, number, number];
				month = billingPeriod(
					localMidnight(y, m, d, s.timezone),
					s.timezone,
					s.billing_cycle_day
				).key;
				monthOf.set(r.key, month);
			}
			let byPort = rates.get(month);
			if (!byPort) rates.set(month, (byPort = bills.portPrices(userId, month)));
			const kwh = mjToKwh(r.energy_mj);
			const rate = (byPort.get(portKey(r.device_id, r.port)) ?? byPort.get('*'))?.rate ?? 0;
			return {
				day: r.key,
				deviceId: r.device_id,
				port: r.port,
				kwh,
				cost: kwh * rate,
				runtimeMin: r.runtime_ms / 60_000,
				peakW: r.peak_w
			};
		});
	};
}

export type DailyCosts = ReturnType<typeof createDailyCosts>;
