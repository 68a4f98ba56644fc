/**
 * The words the history page uses for a period, in one place for the translation pass.
 * Dates are local calendar keys, so they are formatted in UTC: no zone shifts them.
 */
import type { PeriodView } from '$server/history/periods';

const fmt = (opts: Intl.DateTimeFormatOptions) =>
	new Intl.DateTimeFormat('en-GB', { ...opts, timeZone: 'UTC' });
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

export const PREVIOUS: Record<PeriodView, string> = {
	day: 'the day before',
	week: 'the week before',
	month: 'the month before',
	year: 'the year before'
};

/** The dashed line's name in the legend. */
export const GHOST: Record<PeriodView, string> = {
	day: 'The day before',
	week: 'The week before',
	month: 'The month before',
	year: 'The year before'
};

/** The chart's name, by unit and period. */
export const CAPTION: Record<'kwh' | 'money', Record<PeriodView, string>> = {
	kwh: {
		day: 'Energy per hour',
		week: 'Energy per day',
		month: 'Energy per day',
		year: 'Energy per month'
	},
	money: {
		day: 'Cost per hour',
		week: 'Cost per day',
		month: 'Cost per day',
		year: 'Cost per month'
	}
};

export const SLOT: Record<PeriodView, string> = {
	day: 'hour',
	week: 'day',
	month: 'day',
	year: 'month'
};

/** A slot's label as a table row says it: '13:00', 'Mon 7 Dec', 'December'. */
export function slotName(view: PeriodView, label: string): string {
	if (view === 'day') return label;
	if (view === 'year') return fmt({ month: 'long' }).format(asDate(label));
	return fmt({ weekday: 'short', day: 'numeric', month: 'short' }).format(asDate(label));
}

/** The currency's own sign ('৳' for BDT), for the unit switch. */
export function currencySign(currency: string): string {
	const parts = new Intl.NumberFormat('en', {
		style: 'currency',
		currency,
		currencyDisplay: 'narrowSymbol'
	}).formatToParts(0);
	return parts.find((p) => p.type === 'currency')?.value ?? currency;
}
