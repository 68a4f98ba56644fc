/** Gathers a household's last week of buckets and this and last month's bills for suggest(). */
import { tariffInForce } from '../billing';
import { dayKey } from '../billing/local-time';
import type { BillsService } from '../billing/bills.service';
import { shiftMonth } from '../billing/month-keys';
import { portKey, type UsageRepository } from '../billing/usage.repository';
import type { Clock } from '../clock';
import { bucketStart } from '../energy/units';
import type { SettingsService } from '../settings/settings.service';
import type { TariffsService } from '../billing/tariffs.service';
import { suggest, type Suggestion, type UsageBucket } from './suggest';

const DAYS = 7;
/** The biggest savings only: a household of 50 strips had 200, read by nobody. */
const MOST = 8;

/** A turn of the event loop: for a large household each step below takes a good part of a second. */
const turn = () => new Promise<void>((resume) => setImmediate(resume));

export function createSuggestionsService(deps: {
	usage: UsageRepository;
	bills: BillsService;
	tariffs: TariffsService;
	settings: SettingsService;
	clock: Clock;
}) {
	return {
		/** Other requests are served between its steps: the month, last month, the week, the advice. */
		async forUser(userId: number): Promise<{ currency: string; suggestions: Suggestion[] }> {
			const { usage, bills, tariffs, settings, clock } = deps;
			const tz = settings.forUser(userId).timezone;
			const now = clock.now();
			const end = bucketStart(now);
			const start = end - DAYS * 86_400_000;
			const view = bills.view(userId);
			await turn();
			const last = bills.ofMonth(userId, shiftMonth(view.key, -1));
			await turn();
			const byPort = new Map<string, UsageBucket[]>();
			for (const b of usage.buckets(userId, start, end)) {
				const k = portKey(b.device_id, b.port);
				const list = byPort.get(k) ?? [];
				list.push({
					start: b.start,
					energyMj: b.energy_mj,
					runtimeMs: b.runtime_ms,
					samples: b.samples
				});
				byPort.set(k, list);
			}
			await turn();
			// Each port at the month's projected pace: its share so far of the strips' projected energy.
			const scale =
				view.projected && view.strips.kwh > 0 ? view.projected.strips.kwh / view.strips.kwh : 1;
			const names = new Map(view.strips.ports.map((p) => [p.port, p.name]));
			const suggestions = suggest({
				ports: [...byPort].map(([key, buckets]) => ({
					key,
					name: names.get(key) ?? key,
					buckets,
					projectedKwh: (view.strips.ports.find((p) => p.port === key)?.kwh ?? 0) * scale,
					lastMonthKwh: last?.strips.ports.find((p) => p.port === key)?.kwh ?? 0
				})),
				tariff: tariffInForce(tariffs.versions(userId), dayKey(now, tz)),
				// Under slabs a saved kWh is worth the slab the household's month reaches.
				projectedMonthKwh:
					view.projected?.householdKwh ??
					view.householdKwh ??
					view.projected?.strips.kwh ??
					view.strips.kwh,
				tz,
				days: DAYS
			});
			return { currency: view.currency, suggestions: suggestions.slice(0, MOST) };
		}
	};
}

export type SuggestionsService = ReturnType<typeof createSuggestionsService>;
