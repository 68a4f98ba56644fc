/** Numbers as people type them into the meter forms (also on the phone, offline). */
const BANGLA_DIGITS = /[০-৯]/g;

/** A number as people type it: Bangla digits and thousands separators allowed. */
export function parseAmount(raw: unknown): number {
	if (typeof raw === 'number') return raw;
	const text = String(raw ?? '')
		.trim()
		.replace(BANGLA_DIGITS, (d) => String(d.charCodeAt(0) - 0x09e6))
		.replace(/[,\s]/g, '');
	return text === '' || !/^\d*\.?\d+$/.test(text) ? NaN : Number(text);
}
