/**
 * The household's meter and its readings (docs/decisions.md, rule 8: money belongs to the meter).
 * Every change is checked here, whoever sends it: a reading lower than the one before it
 * (or higher than the one after), a date in the future, a number that is not one. A
 * rejected change names its field and changes nothing. A new meter is its own action,
 * since a register that starts again from zero is otherwise indistinguishable from a typo.
 */
import type { Clock } from '../clock';
import type { MeterSpan } from '../billing/household-units';
import type { MeterFields, MeterRepository, MeterRow, ReadingRow } from './meter.repository';
import * as msg from '../../i18n/paraglide/messages.js';
import { intlLocale, type Locale } from '../settings/locale';
import { entryInstant, refuse, sayOf, type EntryResult } from './entry-time';
import { parseAmount } from './parse-amount';

export { parseAmount };

export type MeterResult<T = void> = EntryResult<T>;

/** A meter's figure as the reader writes it ("12345.6", "১২৩৪৫.৬"), not rounded. */
const kwhText = (kwh: number, locale: Locale) =>
	kwh.toLocaleString(intlLocale(locale), { maximumFractionDigits: 3, useGrouping: false });

export interface MeterView {
	id: number;
	kind: MeterRow['kind'];
	phase: MeterRow['phase'];
	sanctionedLoadKw: number;
	monthlyKwh: number | null;
	installedAt: number;
	readings: { id: number; at: number; kwh: number }[];
}

export interface Household {
	/** the meter in use, null until the household has told us about it */
	meter: MeterView | null;
	/** every meter, oldest first, as the bill's units model takes them */
	spans: MeterSpan[];
}

export function createMeterService(
	repo: MeterRepository,
	clock: Clock,
	timezone: (userId: number) => string
) {
	const listeners: ((userId: number) => void)[] = [];
	const changed = (userId: number) => listeners.forEach((l) => l(userId));

	function household(userId: number): Household {
		const meters = repo.meters(userId);
		const readings = repo.readings(userId);
		const of = (m: MeterRow) => readings.filter((r) => r.meter_id === m.id);
		const current = meters.find((m) => m.replaced_at === null) ?? null;
		return {
			meter: current && {
				id: current.id,
				kind: current.kind,
				phase: current.phase,
				sanctionedLoadKw: current.sanctioned_load_kw,
				monthlyKwh: current.monthly_kwh,
				installedAt: current.installed_at,
				readings: of(current).map((r) => ({ id: r.id, at: r.taken_at, kwh: r.kwh }))
			},
			// The first meter stands for the household's meter before we heard of it too.
			spans: meters.map((m, i) => ({
				from: i === 0 ? -Infinity : m.installed_at,
				until: m.replaced_at,
				readings: of(m).map((r) => ({ at: r.taken_at, kwh: r.kwh }))
			}))
		};
	}

	/** A reading's date → the instant it stands for: now when today, else that day's local noon. */
	function instantOf(userId: number, field: string, raw: unknown): MeterResult<number> {
		return entryInstant(raw, {
			field,
			tz: timezone(userId),
			now: clock.now(),
			blankIsNow: false,
			future: sayOf(msg.meter_err_future)
		});
	}

	function fields(
		input: Record<string, unknown>,
		current: MeterRow | null
	): MeterResult<MeterFields> {
		const kind = String(input.kind ?? current?.kind ?? '');
		if (kind !== 'postpaid' && kind !== 'prepaid') return refuse('kind', sayOf(msg.meter_err_kind));
		const phase = String(input.phase ?? current?.phase ?? '');
		if (phase !== 'single' && phase !== 'three') return refuse('phase', sayOf(msg.meter_err_phase));
		const load = parseAmount(input.sanctionedLoadKw ?? current?.sanctioned_load_kw);
		if (!Number.isFinite(load) || load <= 0 || load > 80) {
			return refuse('sanctionedLoadKw', sayOf(msg.meter_err_load));
		}
		// Left out: unchanged; sent empty: the estimate is withdrawn.
		const rawMonthly = input.monthlyKwh === undefined ? current?.monthly_kwh : input.monthlyKwh;
		const blank =
			rawMonthly === undefined || rawMonthly === null || String(rawMonthly).trim() === '';
		const monthly = blank ? null : parseAmount(rawMonthly);
		if (monthly !== null && (!Number.isFinite(monthly) || monthly <= 0 || monthly > 100_000)) {
			return refuse('monthlyKwh', sayOf(msg.meter_err_monthly));
		}
		return { ok: true, value: { kind, phase, sanctionedLoadKw: load, monthlyKwh: monthly } };
	}

	/** Checks a reading against its neighbours on the same meter. */
	function checkReading(
		userId: number,
		readings: ReadingRow[],
		meter: MeterRow,
		at: number,
		kwh: number
	): MeterResult {
		if (!Number.isFinite(kwh) || kwh < 0 || kwh > 1e9) {
			return refuse('kwh', sayOf(msg.meter_err_reading));
		}
		// The first meter may get readings from before it was set up here (an old bill).
		const first = repo.meters(userId)[0]?.id === meter.id;
		if (!first && at < meter.installed_at) {
			return refuse('date', sayOf(msg.meter_err_before_install));
		}
		const own = readings.filter((r) => r.meter_id === meter.id && r.taken_at !== at);
		const before = own.filter((r) => r.taken_at < at).at(-1);
		const after = own.find((r) => r.taken_at > at);
		if (before && kwh < before.kwh) {
			return refuse('kwh', (locale) =>
				msg.meter_err_lower({ kwh: kwhText(before.kwh, locale) }, { locale })
			);
		}
		if (after && kwh > after.kwh) {
			return refuse('kwh', (locale) =>
				msg.meter_err_higher({ kwh: kwhText(after.kwh, locale) }, { locale })
			);
		}
		return { ok: true, value: undefined };
	}

	return {
		household,
		/** Sets up the household's meter, or changes its details; a first reading may come with it. */
		save(userId: number, input: Record<string, unknown>): MeterResult {
			const current = repo.meters(userId).find((m) => m.replaced_at === null) ?? null;
			const f = fields(input, current);
			if (!f.ok) return f;
			const hasReading = String(input.kwh ?? '').trim() !== '';
			let reading: { at: number; kwh: number } | null = null;
			if (hasReading) {
				const at = instantOf(userId, 'date', input.date);
				if (!at.ok) return at;
				reading = { at: at.value, kwh: parseAmount(input.kwh) };
			}
			// A prepaid meter is anchored by its balance readings instead.
			if (!hasReading && f.value.monthlyKwh === null && !current && f.value.kind === 'postpaid') {
				return refuse('kwh', sayOf(msg.meter_err_first));
			}
			const now = clock.now();
			const check = (meter: MeterRow) =>
				reading
					? checkReading(userId, repo.readings(userId), meter, reading.at, reading.kwh)
					: ({ ok: true, value: undefined } as const);
			if (current) {
				const ok = check(current);
				if (!ok.ok) return ok;
			} else if (reading && !(Number.isFinite(reading.kwh) && reading.kwh >= 0)) {
				return refuse('kwh', sayOf(msg.meter_err_reading));
			}
			repo.transaction(() => {
				let id = current?.id;
				if (id === undefined) {
					// A new household's meter counts from its first reading (or from now, on an estimate).
					id = repo.create(userId, f.value, Math.min(reading?.at ?? now, now), now);
				} else {
					repo.update(userId, id, f.value, now);
				}
				if (reading) repo.addReading(id, reading.at, reading.kwh, now);
			});
			changed(userId);
			return { ok: true, value: undefined };
		},
		addReading(userId: number, input: Record<string, unknown>): MeterResult {
			const current = repo.meters(userId).find((m) => m.replaced_at === null);
			if (!current) return refuse('kind', sayOf(msg.meter_err_none));
			const at = instantOf(userId, 'date', input.date);
			if (!at.ok) return at;
			const kwh = parseAmount(input.kwh);
			const ok = checkReading(userId, repo.readings(userId), current, at.value, kwh);
			if (!ok.ok) return ok;
			repo.addReading(current.id, at.value, kwh, clock.now());
			changed(userId);
			return { ok: true, value: undefined };
		},
		/** The utility fitted a new meter: the old one's last reading closes it, the new one's first opens it. */
		replace(userId: number, input: Record<string, unknown>): MeterResult {
			const meters = repo.meters(userId);
			const current = meters.find((m) => m.replaced_at === null);
			if (!current) return refuse('kind', sayOf(msg.meter_err_none));
			const at = instantOf(userId, 'date', input.date);
			if (!at.ok) return at;
			if (at.value <= current.installed_at)
				return refuse('date', sayOf(msg.meter_err_before_present));
			const startKwh = parseAmount(input.newKwh);
			if (!Number.isFinite(startKwh) || startKwh < 0) {
				return refuse('newKwh', sayOf(msg.meter_err_new_kwh));
			}
			const rawOld = String(input.oldKwh ?? '').trim();
			const oldKwh = rawOld === '' ? null : parseAmount(rawOld);
			const readings = repo.readings(userId);
			if (readings.some((r) => r.meter_id === current.id && r.taken_at > at.value)) {
				return refuse('date', sayOf(msg.meter_err_after));
			}
			if (oldKwh !== null) {
				const ok = checkReading(userId, readings, current, at.value, oldKwh);
				if (!ok.ok) return { ...ok, field: 'oldKwh' };
			}
			const now = clock.now();
			repo.transaction(() => {
				if (oldKwh !== null) repo.addReading(current.id, at.value, oldKwh, now);
				repo.close(userId, current.id, at.value, now);
				const id = repo.create(
					userId,
					{
						kind: current.kind,
						phase: current.phase,
						sanctionedLoadKw: current.sanctioned_load_kw,
						monthlyKwh: current.monthly_kwh
					},
					at.value,
					now
				);
				repo.addReading(id, at.value, startKwh, now);
			});
			changed(userId);
			return { ok: true, value: undefined };
		},
		removeReading(userId: number, id: number): boolean {
			const ok = repo.removeReading(userId, id);
			if (ok) changed(userId);
			return ok;
		},
		onChange(listener: (userId: number) => void): void {
			listeners.push(listener);
		}
	};
}

export type MeterService = ReturnType<typeof createMeterService>;
