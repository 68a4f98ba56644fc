/**
 * Tariffs the app ships (figures and sources in docs/decisions.md, tariff facts). They are ordinary
 * versioned records: a household copies one and edits it, never the preset itself.
 */
import type { Tariff } from './tariff';

// Presets are shared module state: freeze them all the way down so a caller that
// edits one (instead of copying it) fails loudly rather than changing every bill.
function deepFreeze<T>(value: T): T {
	if (value && typeof value === 'object') {
		for (const inner of Object.values(value)) deepFreeze(inner);
		Object.freeze(value);
	}
	return value;
}

/** The name the tariff form gives its one time-of-use window: shown in the reader's language. */
export const PEAK_WINDOW_NAME = 'Peak';

/** Peak hours shown by the PEAK_USAGE alert; informational only, the seed rate is flat. */
export const SEED_PEAK_HOURS = { start: '18:00', end: '23:00' } as const;

/** The seed default: 8.0 BDT/kWh at all hours, no other charges. */
export const SEED_FLAT_TARIFF: Tariff = deepFreeze<Tariff>({
	id: 'seed-flat',
	name: 'Flat 8.0 BDT/kWh',
	// Far in the past so it covers any history a new installation imports.
	validFrom: '2000-01-01',
	currency: 'BDT',
	energy: { kind: 'flat', rate: 8.0 }
});

/**
 * Bangladesh residential LT-A, schedule of March 2024. Taken from published bill
 * calculators rather than the gazette, hence checkAgainstBill. Meter rent depends on the
 * meter (40 single phase, 250 three phase, none on a meter the customer bought), so it is
 * 0 here and the tariff form fills it from the household's meter.
 */
export const BD_LT_A_RESIDENTIAL_TARIFF: Tariff = deepFreeze<Tariff>({
	id: 'bd-lt-a-2024-03',
	name: 'Bangladesh LT-A residential (March 2024)',
	validFrom: '2024-03-01',
	currency: 'BDT',
	// Unused while slabs are present (slabs replace the energy rate); kept as the
	// first-slab rate so the record still reads sensibly if slabs are removed.
	energy: { kind: 'flat', rate: 5.26 },
	slabs: {
		tiers: [
			{ upToKwh: 75, rate: 5.26 },
			{ upToKwh: 200, rate: 7.2 },
			{ upToKwh: 300, rate: 7.59 },
			{ upToKwh: 400, rate: 8.02 },
			{ upToKwh: 600, rate: 12.67 },
			{ upToKwh: null, rate: 14.61 }
		],
		lifeline: { maxKwh: 50, rate: 4.63 }
	},
	demandPerKw: 42,
	meterRent: 0,
	vatPercent: 5,
	checkAgainstBill: true
});

export const TARIFF_PRESETS: readonly Tariff[] = Object.freeze([
	SEED_FLAT_TARIFF,
	BD_LT_A_RESIDENTIAL_TARIFF
]);
