/**
 * The slab forecast as a sentence in money, the same on the bills page, in the in-app
 * alert and in the push notification: when the month passes its next slab, what a unit
 * costs after that, and the daily use that keeps it under.
 */
import type { SlabForecast } from './slab-forecast';

export interface SentenceFormat {
	/** an Intl locale, e.g. 'en-BD' or 'bn-BD' */
	locale: string;
	currency: string;
	timezone: string;
}

export function forecastSentence(s: SlabForecast, f: SentenceFormat): string {
	const money = (n: number) =>
		new Intl.NumberFormat(f.locale, {
			style: 'currency',
			currency: f.currency,
			currencyDisplay: 'narrowSymbol'
		}).format(n);
	const num = (n: number, digits: number) =>
		new Intl.NumberFormat(f.locale, {
			minimumFractionDigits: digits,
			maximumFractionDigits: digits
		}).format(n);
	const when = new Intl.DateTimeFormat(f.locale, {
		day: 'numeric',
		month: 'short',
		timeZone: f.timezone
	}).format(s.crossesAt);
	const bound = num(s.boundKwh, 0);
	const after = s.lifeline
		? `the lifeline rate of ${money(s.rateNow)} no longer applies and every unit of the month costs from ${money(s.rateAfter)}`
		: `each unit costs ${money(s.rateAfter)} instead of ${money(s.rateNow)}`;
	return `At this pace you pass ${bound} units on ${when}; after that ${after}. Stay under ${bound} by using at most ${num(s.maxPerDay, 1)} units a day.`;
}
