/**
 * Display formatting, through Intl in the language shown (bn-BD: Bangla digits, lakh
 * grouping, ৳). Values are stored unrounded and rounded only here. One date style per
 * purpose: a clock time, a day, a day with its time, a month.
 */
import * as m from '$i18n/messages';
import { lang } from '$lib/i18n';
import { localeOfIntl } from '$server/settings/locale';
import { numberFormat as nf } from '$server/settings/number-format';

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function df(locale: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	const key = `${locale}|${JSON.stringify(opts)}`;
	let f = dateFormats.get(key);
	if (!f) dateFormats.set(key, (f = new Intl.DateTimeFormat(locale, opts)));
	return f;
}

export function formatNumber(value: number | null, digits: number, locale = lang.intl): string {
	if (value === null || !Number.isFinite(value)) return '—';
	return nf(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/** A whole count: "১২" in Bangla. */
export const formatCount = (n: number, locale = lang.intl): string => formatNumber(n, 0, locale);

export function formatMoney(value: number, currency: string, locale = lang.intl): string {
	return nf(locale, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).format(value);
}

/** Energy: "1.235 kWh"; in Bangla "১.২৩৫ ইউনিট", the bills' word for a kWh. */
export function formatKwh(kwh: number, locale = lang.intl): string {
	const n = formatNumber(kwh, kwh < 10 ? 3 : 2, locale);
	return m.kwh_value({ n }, { locale: localeOfIntl(locale) });
}

/** Watts, whole: "১,২০০ W". */
export const formatWatts = (w: number | null, locale = lang.intl): string =>
	`${formatNumber(w, 0, locale)} W`;

/** A clock time, 24-hour in both languages ("22:30", "২২:৩০"): no AM/PM in Latin letters. */
export const formatTime = (ms: number, timeZone?: string, locale = lang.intl): string =>
	df(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);

/** A day: "3 Dec", "৩ ডিসে". */
export const formatDay = (ms: number, timeZone?: string, locale = lang.intl): string =>
	df(locale, { timeZone, day: 'numeric', month: 'short' }).format(ms);

/** A day and its time: "3 Dec, 22:30". */
export const formatDayTime = (ms: number, timeZone?: string, locale = lang.intl): string =>
	`${formatDay(ms, timeZone, locale)}, ${formatTime(ms, timeZone, locale)}`;

/**
 * A date as the household types it, year-month-day ("2024-03-01", "২০২৪-০৩-০১"): the form a
 * tariff version is valid from, kept recognisable beside the date field that set it.
 */
export const formatDateKey = (key: string, locale = lang.intl): string =>
	key.replace(/\d+/g, (d) =>
		nf(locale, { useGrouping: false, minimumIntegerDigits: d.length }).format(Number(d))
	);

/** A month: "December 2026", "ডিসেম্বর ২০২৬". */
export const formatMonth = (ms: number, timeZone = 'UTC', locale = lang.intl): string =>
	df(locale, { timeZone, month: 'long', year: 'numeric' }).format(ms);

/**
 * The household's time zone by name: the usual one in words (ICU's names differ between
 * Node and the phone, and Node's say "GMT+6" in Bangla); any other by its IANA id.
 */
export const formatZone = (timeZone: string): string =>
	timeZone === 'Asia/Dhaka' ? m.zone_dhaka() : timeZone;

/** "just now", "12 s ago", "5 min ago", "3 h ago", "2 d ago". */
export function formatAge(ms: number, locale = lang.intl): string {
	if (ms < 2000) return m.age_now();
	const s = Math.round(ms / 1000);
	if (s < 60) return m.age_s({ n: formatCount(s, locale) });
	const min = Math.round(s / 60);
	if (min < 60) return m.age_min({ n: formatCount(min, locale) });
	const h = Math.round(min / 60);
	if (h < 48) return m.age_h({ n: formatCount(h, locale) });
	return m.age_d({ n: formatCount(Math.round(h / 24), locale) });
}
