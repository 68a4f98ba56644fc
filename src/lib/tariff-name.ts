/**
 * A tariff version's name in the language shown. The presets and the form's default names
 * are the app's words, stored in English when saved: shown in the reader's language. A
 * name the household typed is theirs and shown as typed.
 */
import * as m from '$i18n/messages';
import { formatNumber } from '$lib/format';
import { BD_LT_A_RESIDENTIAL_TARIFF, SEED_FLAT_TARIFF } from '$server/billing/presets';

export const DEFAULT_FLAT_NAME = 'Flat rate';
export const DEFAULT_TOU_NAME = 'Time of use';

const SEED_RATE = SEED_FLAT_TARIFF.energy.kind === 'flat' ? SEED_FLAT_TARIFF.energy.rate : 0;

/** By name: a saved copy of a preset gets the household's own id, and keeps the name. */
export function tariffName(t: { name: string }): string {
	if (t.name === SEED_FLAT_TARIFF.name) return m.tf_seed_name({ rate: formatNumber(SEED_RATE, 1) });
	if (t.name === BD_LT_A_RESIDENTIAL_TARIFF.name) return m.tf_lt_a_name();
	if (t.name === DEFAULT_FLAT_NAME) return m.tf_flat_name();
	if (t.name === DEFAULT_TOU_NAME) return m.tf_tou_name();
	return t.name;
}
