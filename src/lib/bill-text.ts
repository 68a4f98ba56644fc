/**
 * The sentences the bills page (and its offline copy) says about a month: what an
 * estimated figure rests on, how the projection was made, and the next slab. Pure, so the
 * same words come from the server's render and from the phone's store.
 */
import type { BillView } from '$server/billing/bills.service';
import { forecastSentence } from '$server/billing/forecast-text';
import * as m from '$i18n/messages';
import { localeOfIntl } from '$server/settings/locale';
import { formatNumber } from './format';

const DAY_MS = 86_400_000;

export interface TextFormat {
	locale: string;
	currency: string;
	timezone: string;
}

const shortDate = (ms: number, f: TextFormat) =>
	new Intl.DateTimeFormat(f.locale, {
		day: 'numeric',
		month: 'short',
		timeZone: f.timezone
	}).format(ms);

const days = (ms: number, f: TextFormat) => {
	const d = Math.max(0, ms / DAY_MS);
	const n = d < 1 ? formatNumber(d * 24, 0, f.locale) : formatNumber(Math.round(d), 0, f.locale);
	const o = { locale: localeOfIntl(f.locale) };
	return d < 1 ? m.bt_hours({ n }, o) : m.bt_days({ count: Math.round(d), n }, o);
};

/** "Estimated from your reading on 3 Dec + 4 days measured" and the rest-of-home rate it uses. */
export function basisText(v: BillView, f: TextFormat): string | null {
	const b = v.basis;
	if (!b) return null;
	const o = { locale: localeOfIntl(f.locale) };
	if (b.exact) return m.bt_exact({}, o);
	const asOf = Math.min(v.asOf, v.period.end);
	const rest =
		b.restFrom === 'readings'
			? ` ${m.bt_rest_readings({ n: formatNumber(b.restPerDay, 1, f.locale) }, o)}`
			: b.restFrom === 'estimate'
				? ` ${m.bt_rest_estimate({ n: formatNumber(b.restPerDay, 1, f.locale), monthly: formatNumber(v.meter?.monthlyKwh ?? 0, 0, f.locale) }, o)}`
				: ` ${m.bt_rest_none({}, o)}`;
	if (b.lastReading) {
		const after = asOf - b.lastReading.at;
		const head =
			after > DAY_MS / 24
				? m.bt_from_reading({ date: shortDate(b.lastReading.at, f), days: days(after, f) }, o)
				: m.bt_between({ date: shortDate(b.lastReading.at, f) }, o);
		return head + rest;
	}
	return m.bt_no_reading({}, o) + rest;
}

/** "Projected from 6 days measured". */
export function projectionText(v: BillView, f: TextFormat): string | null {
	if (!v.projected) return null;
	return m.bt_projected(
		{ days: days(v.projected.measuredDays * DAY_MS, f) },
		{ locale: localeOfIntl(f.locale) }
	);
}

/** The next slab, in the words of the alert and the notification. */
export function forecastText(v: BillView, f: TextFormat): string | null {
	return v.forecast ? forecastSentence(v.forecast, f) : null;
}
