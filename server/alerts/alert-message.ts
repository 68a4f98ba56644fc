/**
 * What an alert's condition says, kept as figures (alerts.message_args) so that the alerts
 * page, the phone's offline copy and the notification say it in the reader's language. The
 * English text is still stored beside it (alerts.message) for older rows and for scripts.
 */
import * as m from '../../i18n/paraglide/messages.js';
import { forecastSentence, lowBalanceSentence } from '../billing/forecast-text';
import type { SlabForecast } from '../billing/slab-forecast';
import { intlLocale, type Locale } from '../settings/locale';
import { formatIn } from '../settings/number-format';

export type AlertMessage =
	| { k: 'high_usage'; limitW: number; powerW: number }
	| { k: 'peak_usage'; powerW: number; peakW: number }
	| { k: 'offline'; min: number }
	| { k: 'high_cost'; cost: number; limit: number }
	| { k: 'standby'; w: number; hours: number }
	| { k: 'overload'; strip: boolean; port: number; powerW: number; limitW: number; holdS: number }
	| { k: 'slab'; forecast: SlabForecast; currency: string; timezone: string }
	| {
			k: 'balance';
			balance: number;
			runOut: { at: number; early: number; late: number } | null;
			currency: string;
			timezone: string;
	  };

/** The condition in `locale`. */
export function alertMessageText(a: AlertMessage, locale: Locale): string {
	const intl = intlLocale(locale);
	const o = { locale };
	const num = (n: number, digits = 0) =>
		formatIn(n, intl, { minimumFractionDigits: digits, maximumFractionDigits: digits });
	const watts = (w: number, digits = 0) => `${num(w, digits)} W`;
	switch (a.k) {
		case 'high_usage':
			return m.am_high_usage({ limit: watts(a.limitW), power: watts(a.powerW) }, o);
		case 'peak_usage':
			return m.am_peak_usage({ power: watts(a.powerW), peak: watts(a.peakW) }, o);
		case 'offline':
			return m.am_offline({ min: num(a.min) }, o);
		case 'high_cost':
			return m.am_high_cost({ cost: num(a.cost, 2), limit: num(a.limit, 2) }, o);
		case 'standby':
			return m.am_standby({ w: watts(a.w, 1), hours: num(a.hours) }, o);
		case 'overload': {
			const args = {
				power: watts(a.powerW),
				limit: watts(a.limitW),
				hold: num(a.holdS),
				port: num(a.port)
			};
			return a.strip ? m.am_overload_strip(args, o) : m.am_overload_port(args, o);
		}
		case 'slab':
			return forecastSentence(a.forecast, {
				locale: intl,
				currency: a.currency,
				timezone: a.timezone
			});
		case 'balance':
			return lowBalanceSentence(a, { locale: intl, currency: a.currency, timezone: a.timezone });
	}
}

/** An alert's message as stored: JSON figures, or null for a row from before them. */
export function parseAlertMessage(json: string | null): AlertMessage | null {
	if (!json) return null;
	try {
		const v = JSON.parse(json) as AlertMessage;
		return v && typeof v.k === 'string' ? v : null;
	} catch {
		return null;
	}
}
