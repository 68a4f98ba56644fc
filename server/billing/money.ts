/**
 * Money is computed in full floating-point precision and rounded only where a person
 * reads it (docs/decisions.md, rule 3), so rounding errors never compound across lines.
 */

/** Round half away from zero to 2 decimals, for display and export only. */
export function roundMoney(amount: number): number {
	// The EPSILON nudge makes 1.005-style binary underestimates round as written.
	const scaled = Math.abs(amount) * 100 * (1 + Number.EPSILON);
	return (Math.sign(amount) * Math.round(scaled)) / 100 || 0;
}

const formatters = new Map<string, Intl.NumberFormat>();

/** Localised currency text, e.g. 'BDT 1,845.90' (en) or '১,৮৪৫.৯০৳' (bn-BD). */
export function formatMoney(amount: number, currency = 'BDT', locale = 'en'): string {
	const key = `${locale}|${currency}`;
	let f = formatters.get(key);
	if (!f) {
		f = new Intl.NumberFormat(locale, {
			style: 'currency',
			currency,
			minimumFractionDigits: 2,
			maximumFractionDigits: 2
		});
		formatters.set(key, f);
	}
	return f.format(roundMoney(amount));
}
