import * as m from '../../i18n/paraglide/messages.js';
import { intlLocale, type Locale } from '../settings/locale';
import { formatIn } from '../settings/number-format';
import type { Suggestion } from './suggest';

/** A suggestion's title and detail in the reader's language, from its figures. */
export function suggestionText(
	s: Pick<Suggestion, 'kind' | 'portName' | 'facts'>,
	locale: Locale
): { title: string; detail: string } {
	const o = { locale };
	const n = (x: number, digits = 0) =>
		formatIn(x, intlLocale(locale), {
			minimumFractionDigits: digits,
			maximumFractionDigits: digits
		});
	const name = s.portName;
	const f = s.facts;
	switch (s.kind) {
		case 'standby':
			return {
				title: m.sug_standby_title({ name }, o),
				detail: m.sug_standby_detail({ w: n(f.watts ?? 0, 1), percent: n(f.percent ?? 0) }, o)
			};
		case 'night':
			return {
				title: m.sug_night_title({ name }, o),
				detail: m.sug_night_detail({ nights: n(f.nights ?? 0), days: n(f.days ?? 0) }, o)
			};
		case 'peak':
			return {
				title: m.sug_peak_title({ name }, o),
				detail: m.sug_peak_detail({ kwh: n(f.kwh ?? 0, 1) }, o)
			};
		case 'jump':
			return {
				title: m.sug_jump_title({ name }, o),
				detail: m.sug_jump_detail(
					{ projected: n(f.projectedKwh ?? 0, 1), last: n(f.lastMonthKwh ?? 0, 1) },
					o
				)
			};
	}
}
