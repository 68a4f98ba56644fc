/**
 * The words the history page uses for a period, in one place for the translation pass.
 * Dates are local calendar keys, so they are formatted in UTC: no zone shifts them.
 */
import * as m from '$i18n/messages';
import { lang } from '$lib/i18n';
import type { PeriodView } from '$server/history/periods';

// en-GB's day-month order in English; bn-BD in Bangla.
const fmt = (opts: Intl.DateTimeFormatOptions) =>
	new Intl.DateTimeFormat(lang.current === 'bn' ? 'bn-BD' : 'en-GB', { ...opts, timeZone: 'UTC' });
const asDate = (key: string) => new Date(`${key.length === 7 ? `${key}-01` : key}T00:00:00Z`);

/** 'Monday 7 December 2026', '7 – 13 Dec 2026', 'December 2026', '2026'. */
export function periodName(view: PeriodView, first: string, last: string): string {
	switch (view) {
		case 'day':
			return fmt({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(
				asDate(first)
			);
		case 'week':
			return fmt({ day: 'numeric', month: 'short', year: 'numeric' }).formatRange(
				asDate(first),
				asDate(last)
			);
		case 'month':
			return fmt({ month: 'long', year: 'numeric' }).format(asDate(first));
		case 'year':
			return first.slice(0, 4);
	}
}

type Word = () => string;

export const PREVIOUS: Record<PeriodView, Word> = {
	day: m.ph_prev_day,
	week: m.ph_prev_week,
	month: m.ph_prev_month,
	year: m.ph_prev_year
};

/** The dashed line's name in the legend. */
export const GHOST: Record<PeriodView, Word> = {
	day: m.ph_ghost_day,
	week: m.ph_ghost_week,
	month: m.ph_ghost_month,
	year: m.ph_ghost_year
};

/** The chart's name, by unit and period. */
export const CAPTION: Record<'kwh' | 'money', Record<PeriodView, Word>> = {
	kwh: {
		day: m.ph_energy_hour,
		week: m.ph_energy_day,
		month: m.ph_energy_day,
		year: m.ph_energy_month
	},
	money: {
		day: m.ph_cost_hour,
		week: m.ph_cost_day,
		month: m.ph_cost_day,
		year: m.ph_cost_month
	}
};

export const SLOT: Record<PeriodView, Word> = {
	day: m.ph_slot_hour,
	week: m.ph_slot_day,
	month: m.ph_slot_day,
	year: m.ph_slot_month
};

/** A slot's label as a table row says it: '13:00', 'Mon 7 Dec', 'December'. */
export function slotName(view: PeriodView, label: string): string {
	if (view === 'day') return label.replace(/\d/g, (d) => digit(d));
	if (view === 'year') return fmt({ month: 'long' }).format(asDate(label));
	return fmt({ weekday: 'short', day: 'numeric', month: 'short' }).format(asDate(label));
}

/** A digit in the language shown ('৭' in Bangla). */
const digit = (d: string) => Number(d).toLocaleString(lang.intl);

/** The currency's own sign ('৳' for BDT), for the unit switch. */
export function currencySign(currency: string): string {
	const parts = new Intl.NumberFormat(lang.intl, {
		style: 'currency',
		currency,
		currencyDisplay: 'narrowSymbol'
	}).formatToParts(0);
	return parts.find((p) => p.type === 'currency')?.value ?? currency;
}
