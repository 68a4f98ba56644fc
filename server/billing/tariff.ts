/**
 * The tariff record (docs/decisions.md, rule 3): a version valid from a local date, with a
 * flat or time-of-use energy rate, optional monthly slabs, fixed, demand and meter
 * charges and VAT. Rates are currency units per kWh; monthly charges are per billing
 * month. The schema rejects records the calculator could only guess at (overlapping
 * windows, unordered slabs), so pricing code can trust what it gets.
 */
import { z } from 'zod';

const HHMM = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const rate = z.number().finite().nonnegative();

/** 'HH:MM' → minutes after local midnight (24:00 → 1440). */
export function minuteOfDay(hhmm: string): number {
	return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

export const TouWindowSchema = z
	.object({
		name: z.string().min(1),
		start: z.string().regex(HHMM, 'expected HH:MM'),
		end: z.string().regex(HHMM, 'expected HH:MM'),
		rate
	})
	.refine((w) => minuteOfDay(w.start) % 1440 !== minuteOfDay(w.end) % 1440, {
		message: 'a window needs a start different from its end'
	});

export const EnergyRateSchema = z.discriminatedUnion('kind', [
	z.object({ kind: z.literal('flat'), rate }),
	z.object({
		kind: z.literal('tou'),
		windows: z.array(TouWindowSchema).min(1),
		/** rate for the hours outside every window */
		defaultRate: rate
	})
]);

function boundsAscend(bounds: (number | null)[]): boolean {
	let previous = 0;
	for (const b of bounds) {
		if (b === null || b <= previous) return false;
		previous = b;
	}
	return true;
}

export const SlabsSchema = z.object({
	/** Cumulative upper bounds in kWh per month, ascending; the last is null (no bound). */
	tiers: z
		.array(z.object({ upToKwh: z.number().positive().nullable(), rate }))
		.min(1)
		.refine((t) => t[t.length - 1]?.upToKwh === null, {
			message: 'the last tier must have upToKwh: null'
		})
		.refine((t) => boundsAscend(t.slice(0, -1).map((x) => x.upToKwh)), {
			message: 'tier bounds must be ascending and only the last may be null'
		}),
	/** When the month's total is ≤ maxKwh, the whole energy is charged at this rate. */
	lifeline: z.object({ maxKwh: z.number().positive(), rate }).optional()
});

export const TariffSchema = z
	.object({
		id: z.string().min(1),
		name: z.string().min(1),
		validFrom: z
			.string()
			.regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
			.refine((d) => new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), {
				message: 'not a calendar date'
			}),
		currency: z
			.string()
			.regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code')
			.default('BDT'),
		energy: EnergyRateSchema,
		slabs: SlabsSchema.optional(),
		fixedMonthly: rate.optional(),
		demandPerKw: rate.optional(),
		sanctionedLoadKw: z.number().finite().nonnegative().optional(),
		meterRent: rate.optional(),
		vatPercent: z.number().finite().min(0).max(100).optional(),
		/** Figures come from secondary sources: the UI says "check against your bill". */
		checkAgainstBill: z.boolean().optional()
	})
	.superRefine((t, ctx) => {
		if (t.energy.kind !== 'tou') return;
		const owner = new Array<string | undefined>(1440);
		for (const w of t.energy.windows) {
			for (const m of windowMinutes(w.start, w.end)) {
				if (owner[m] !== undefined) {
					ctx.addIssue({
						code: 'custom',
						path: ['energy', 'windows'],
						message: `windows "${owner[m]}" and "${w.name}" overlap`
					});
					return;
				}
				owner[m] = w.name;
			}
		}
	});

export type Tariff = z.output<typeof TariffSchema>;
export type TariffInput = z.input<typeof TariffSchema>;
export type TouWindow = z.output<typeof TouWindowSchema>;
export type Slabs = z.output<typeof SlabsSchema>;

/** Validate an untrusted tariff (settings form, database row); throws ZodError. */
export function parseTariff(input: unknown): Tariff {
	return TariffSchema.parse(input);
}

/** Minutes of the day a window covers; a window whose end is not after its start wraps past midnight. */
function* windowMinutes(start: string, end: string): Generator<number> {
	const s = minuteOfDay(start) % 1440;
	const e = minuteOfDay(end);
	const stop = e > s ? e : e + 1440;
	for (let m = s; m < stop; m++) yield m % 1440;
}

export function inWindow(minute: number, w: Pick<TouWindow, 'start' | 'end'>): boolean {
	const s = minuteOfDay(w.start) % 1440;
	const e = minuteOfDay(w.end);
	return e > s ? minute >= s && minute < e : minute >= s || minute < e % 1440;
}

/**
 * Pick the version in force on a local date: the latest validFrom ≤ date. A date
 * before every version uses the earliest one, so history recorded before the first
 * tariff was entered can still be billed (the alternative is no bill at all).
 */
export function tariffInForce(sortedVersions: readonly Tariff[], date: string): Tariff {
	let chosen = sortedVersions[0];
	if (!chosen) throw new RangeError('at least one tariff version is needed');
	for (const t of sortedVersions) {
		if (t.validFrom <= date) chosen = t;
		else break;
	}
	return chosen;
}

/** Versions ordered by validFrom; two versions valid from the same date are ambiguous. */
export function sortVersions(versions: readonly TariffInput[]): Tariff[] {
	if (versions.length === 0) throw new RangeError('at least one tariff version is needed');
	const sorted = versions
		.map((v) => parseTariff(v))
		.sort((a, b) => (a.validFrom < b.validFrom ? -1 : a.validFrom > b.validFrom ? 1 : 0));
	sorted.reduce((previous, t) => {
		if (t.validFrom === previous.validFrom) {
			throw new RangeError(`tariffs ${previous.id} and ${t.id} are both valid from ${t.validFrom}`);
		}
		if (t.currency !== previous.currency) {
			throw new RangeError('all tariff versions of one bill must use the same currency');
		}
		return t;
	});
	return sorted;
}
