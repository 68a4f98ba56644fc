import * as m from '../../i18n/paraglide/messages.js';
import { intlLocale, type Locale } from '../settings/locale';
import { formatIn } from '../settings/number-format';
import type { ChargeLine } from './slabs';
import { PEAK_WINDOW_NAME } from './presets';

const kwh = (n: number, locale: Locale) =>
	formatIn(n, intlLocale(locale), { maximumFractionDigits: 2 });

/** A bill's energy line in the reader's language: "0–75 kWh", "০–৭৫ ইউনিট", "Lifeline (≤ 50 kWh)". */
export function lineLabel(line: Pick<ChargeLine, 'label' | 'part'>, locale: Locale): string {
	const o = { locale };
	const p = line.part;
	if (!p) return line.label;
	switch (p.kind) {
		case 'lifeline':
			return m.line_lifeline({ max: kwh(p.maxKwh, locale) }, o);
		case 'tier':
			return m.line_tier({ from: kwh(p.fromKwh, locale), to: kwh(p.toKwh, locale) }, o);
		case 'above':
			return m.line_above({ from: kwh(p.fromKwh, locale) }, o);
		case 'energy':
			return m.line_energy({}, o);
		case 'window':
			// The form's own window is the app's word; other windows were named by the household.
			return p.name === PEAK_WINDOW_NAME ? m.tf_peak_name({}, o) : p.name;
		case 'other-hours':
			return m.line_other_hours({}, o);
	}
}
