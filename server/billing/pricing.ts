/**
 * The pricing module wired once: stored energy, tariffs, the household's meter and prepaid
 * records, and the services every money figure comes from (docs/decisions.md, rule 8). The
 * app's composition (insights.ts), the specs and the benchmark all build it here.
 */
import type { Clock } from '../clock';
import type { Db } from '../db/connection';
import { createMeterRepository } from '../meter/meter.repository';
import { createMeterService } from '../meter/meter.service';
import { createPrepaidRepository } from '../meter/prepaid.repository';
import type { SettingsService } from '../settings/settings.service';
import { createBillsService } from './bills.service';
import { createHouseholdMonths } from './household-months';
import { createPrepaidService } from './prepaid.service';
import { createTariffsRepository } from './tariffs.repository';
import { createTariffsService } from './tariffs.service';
import { createSpanSums } from './span-sums';
import { createUsageRepository, type UsageRepository } from './usage.repository';

export function createPricing(db: Db, clock: Clock, settings: SettingsService) {
	const stored = createUsageRepository(db);
	// Span sums from a per-household index instead of a scan of every bucket in the span.
	const spans = createSpanSums(stored);
	const usage: UsageRepository = { ...stored, ...spans };
	const tariffs = createTariffsService(createTariffsRepository(db), clock);
	const meter = createMeterService(
		createMeterRepository(db),
		clock,
		(id) => settings.forUser(id).timezone
	);
	const months = createHouseholdMonths({ usage, tariffs, settings, meter, clock });
	const prepaid = createPrepaidService({
		repo: createPrepaidRepository(db),
		usage,
		tariffs,
		settings,
		months,
		meter,
		clock
	});
	const bills = createBillsService({
		months,
		usage,
		tariffs,
		settings,
		clock,
		prepaid: prepaid.view
	});
	return { usage, tariffs, meter, months, prepaid, bills, householdReady: spans.ready };
}

export type Pricing = ReturnType<typeof createPricing>;
