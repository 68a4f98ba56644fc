/**
 * What the household's forms have in common (meter readings, recharges, balances): a
 * verdict that names the field it refuses, and the instant a typed date stands for.
 */
import * as msg from '../../i18n/paraglide/messages.js';
import { localMidnight } from '../billing/local-time';
import type { Locale } from '../settings/locale';
import { localDayKey } from '../time/calendar-keys';

/** A refusal's sentence in the reader's language (`message` keeps the English for the API). */
export type Say = (locale: Locale) => string;

export type EntryResult<T = void> =
	{ ok: true; value: T } | { ok: false; field: string; message: string; say: Say };

export const refuse = (field: string, say: Say) => ({
	ok: false as const,
	field,
	message: say('en'),
	say
});

/** A message without inputs as a `Say`. */
export const sayOf =
	(message: (inputs: Record<string, never>, options: { locale: Locale }) => string): Say =>
	(locale) =>
		message({}, { locale });

/**
 * A date typed as 'YYYY-MM-DD' in the household's zone: now when it is today, else that
 * day's local noon (half a day at most from when it was read). A blank date is now when
 * `blankIsNow`, else refused like any other bad date.
 */
export function entryInstant(
	raw: unknown,
	o: { field: string; tz: string; now: number; blankIsNow: boolean; future: Say }
): EntryResult<number> {
	const date = String(raw ?? '').trim();
	if (date === '' && o.blankIsNow) return { ok: true, value: o.now };
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
	if (!m || !new Date(`${date}T00:00:00Z`).toISOString().startsWith(date)) {
		return refuse(o.field, sayOf(msg.entry_err_date));
	}
	const today = localDayKey(o.now, o.tz);
	if (date > today) return refuse(o.field, o.future);
	if (date === today) return { ok: true, value: o.now };
	return {
		ok: true,
		value: localMidnight(Number(m[1]), Number(m[2]), Number(m[3]), o.tz) + 12 * 3_600_000
	};
}
