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

const PART_OF_DAY: [number, string][] = [
	[5, 'night'],
	[12, 'morning'],
	[17, 'afternoon'],
	[21, 'evening'],
	[24, 'night']
];

/** "Thu 11 Dec, evening — between Wed and Fri": when a prepaid balance runs out, plainly. */
export function runOutPhrase(
	r: { at: number; early: number; late: number },
	f: SentenceFormat
): string {
	const hour = Number(
		new Intl.DateTimeFormat('en-GB', {
			hour: 'numeric',
			hourCycle: 'h23',
			timeZone: f.timezone
		}).format(r.at)
	);
	const part = PART_OF_DAY.find(([until]) => hour < until)![1];
	const day = new Intl.DateTimeFormat(f.locale, {
		weekday: 'short',
		day: 'numeric',
		month: 'short',
		timeZone: f.timezone
	}).format(r.at);
	const weekday = (ms: number) =>
		new Intl.DateTimeFormat(f.locale, { weekday: 'short', timeZone: f.timezone }).format(ms);
	const a = weekday(r.early);
	const b = weekday(r.late);
	const range = a === b ? (a === weekday(r.at) ? '' : ` — on ${a}`) : ` — between ${a} and ${b}`;
	return `${day}, ${part}${range}`;
}

/** The low-balance alert and notification, in money. */
export function lowBalanceSentence(
	v: { balance: number; runOut: { at: number; early: number; late: number } | null },
	f: SentenceFormat
): string {
	const money = new Intl.NumberFormat(f.locale, {
		style: 'currency',
		currency: f.currency,
		currencyDisplay: 'narrowSymbol'
	}).format(v.balance);
	return v.runOut
		? `Balance about ${money}: at the recent pace it runs out ${runOutPhrase(v.runOut, f)}. Recharge before then.`
		: `Balance about ${money}. Recharge soon.`;
}
