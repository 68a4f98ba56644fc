/**
 * Why a tariff version was refused, in the reader's language, from the field the validation
 * named ("energy.windows.0.start"): a person gets a sentence, the API keeps the detail.
 */
import * as msg from '../../i18n/paraglide/messages.js';
import { sayOf, type Say } from '../meter/entry-time';

const CHARGES = new Set([
	'meterRent',
	'vatPercent',
	'fixedMonthly',
	'demandPerKw',
	'sanctionedLoadKw'
]);

export function tariffRefusal(field: string): Say {
	const [top, ...rest] = field.split('.');
	if (top === 'validFrom') return sayOf(msg.tf_err_valid_from);
	if (top === 'currency') return sayOf(msg.tf_err_currency);
	if (top === 'energy' || top === 'slabs') {
		const last = rest.at(-1);
		return last === 'start' || last === 'end' || last === 'windows'
			? sayOf(msg.tf_err_hours)
			: sayOf(msg.tf_err_rate);
	}
	if (top && CHARGES.has(top)) return sayOf(msg.tf_err_charges);
	return sayOf(msg.tf_err_other);
}
