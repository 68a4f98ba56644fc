import { fail } from '@sveltejs/kit';
import { ProtectionInputError } from '$server/relays/protection.service';
import { fieldProblem } from './device-forms';

/** Runs a protection change; an input mistake becomes a 400 naming the field. */
export function protectionFailure(change: () => unknown, saved = 'protection') {
	try {
		change();
		return { saved };
	} catch (err) {
		if (err instanceof ProtectionInputError) {
			return fail(400, { field: err.field, message: fieldProblem(err.field, err.message) });
		}
		throw err;
	}
}

/** Checked weekday boxes (0 = Sunday … 6 = Saturday) as a bit mask; 0 when none. */
export function parseWeekdays(values: FormDataEntryValue[]): number {
	let mask = 0;
	for (const v of values) {
		const d = Number(v);
		if (Number.isInteger(d) && d >= 0 && d <= 6) mask |= 1 << d;
	}
	return mask;
}
