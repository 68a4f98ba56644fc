/**
 * The sentences the bills page (and its offline copy) says about a month: what an
 * estimated figure rests on, how the projection was made, and the next slab. Pure, so the
 * same words come from the server's render and from the phone's store.
 */
import type { BillView } from '$server/billing/bills.service';
import { forecastSentence } from '$server/billing/forecast-text';
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
	return d < 1 ? `${n} h` : `${n} ${Math.round(d) === 1 ? 'day' : 'days'}`;
};

/** "Estimated from your reading on 3 Dec + 4 days measured" and the rest-of-home rate it uses. */
export function basisText(v: BillView, f: TextFormat): string | null {
	const b = v.basis;
	if (!b) return null;
	if (b.exact) return 'From your meter readings.';
	const asOf = Math.min(v.asOf, v.period.end);
	const rest =
		b.restFrom === 'readings'
			? ` The rest of the home: ${formatNumber(b.restPerDay, 1, f.locale)} units a day, learned from your readings.`
			: b.restFrom === 'estimate'
				? ` The rest of the home: ${formatNumber(b.restPerDay, 1, f.locale)} units a day, from your estimate of ${formatNumber(v.meter?.monthlyKwh ?? 0, 0, f.locale)} a month.`
				: ' Only what the strips measured: add a meter reading for the rest of the home.';
	if (b.lastReading) {
		const after = asOf - b.lastReading.at;
		const head =
			after > DAY_MS / 24
				? `Estimated from your reading on ${shortDate(b.lastReading.at, f)} + ${days(after, f)} measured.`
				: `Estimated between your readings; the last on ${shortDate(b.lastReading.at, f)}.`;
		return head + rest;
	}
	return `Estimated: no meter reading yet.${rest}`;
}

/** "Projected from 6 days measured". */
export function projectionText(v: BillView, f: TextFormat): string | null {
	if (!v.projected) return null;
	return `Projected at the pace of the ${days(v.projected.measuredDays * DAY_MS, f)} measured so far.`;
}

/** The next slab, in the words of the alert and the notification. */
export function forecastText(v: BillView, f: TextFormat): string | null {
	return v.forecast ? forecastSentence(v.forecast, f) : null;
}
