/**
 * The slab forecast as a sentence in money, the same on the bills page, in the in-app
 * alert and in the push notification: when the month passes its next slab, what a unit
 * costs after that, and the daily use that keeps it under. In the reader's language.
 */
import * as m from '../../i18n/paraglide/messages.js';
import { localeOfIntl } from '../settings/locale';
import type { SlabForecast } from './slab-forecast';

export interface SentenceFormat {
	/** an Intl locale, e.g. 'en-BD' or 'bn-BD' */
	locale: string;
	currency: string;
	timezone: string;
}

const moneyOf = (f: SentenceFormat) => (n: number) =>
	new Intl.NumberFormat(f.locale, {
		style: 'currency',
		currency: f.currency,
		currencyDisplay: 'narrowSymbol'
	}).format(n);

export function forecastSentence(s: SlabForecast, f: SentenceFormat): string {
	const o = { locale: localeOfIntl(f.locale) };
	const money = moneyOf(f);
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
	const prices = { now: money(s.rateNow), after: money(s.rateAfter) };
	const after = s.lifeline ? m.fc_lifeline_after(prices, o) : m.fc_after(prices, o);
	return m.fc_sentence({ bound: num(s.boundKwh, 0), when, after, perDay: num(s.maxPerDay, 1) }, o);
}

const PART_OF_DAY: [number, typeof m.part_night][] = [
	[5, m.part_night],
	[12, m.part_morning],
	[17, m.part_afternoon],
	[21, m.part_evening],
	[24, m.part_night]
];

/** "Thu 11 Dec, evening — between Wed and Fri": when a prepaid balance runs out, plainly. */
export function runOutPhrase(
	r: { at: number; early: number; late: number },
	f: SentenceFormat
): string {
	const o = { locale: localeOfIntl(f.locale) };
	const hour = Number(
		new Intl.DateTimeFormat('en-GB', {
			hour: 'numeric',
			hourCycle: 'h23',
			timeZone: f.timezone
		}).format(r.at)
	);
	const part = PART_OF_DAY.find(([until]) => hour < until)![1]({}, o);
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
	const range =
		a === b
			? a === weekday(r.at)
				? ''
				: ` ${m.runout_on({ day: a }, o)}`
			: ` ${m.runout_between({ a, b }, o)}`;
	return m.runout_phrase({ day, part, range }, o);
}

/** The low-balance alert and notification, in money. */
export function lowBalanceSentence(
	v: { balance: number; runOut: { at: number; early: number; late: number } | null },
	f: SentenceFormat
): string {
	const o = { locale: localeOfIntl(f.locale) };
	const money = moneyOf(f)(v.balance);
	return v.runOut
		? m.lowbal_runout({ money, when: runOutPhrase(v.runOut, f) }, o)
		: m.lowbal_soon({ money }, o);
}
