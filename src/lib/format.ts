/** Display formatting; values are stored unrounded and rounded only here. */
const numberFormats = new Map<string, Intl.NumberFormat>();

function nf(locale: string | undefined, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
	const key = `${locale}|${JSON.stringify(opts)}`;
	let f = numberFormats.get(key);
	if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(locale, opts)));
	return f;
}

export function formatNumber(value: number | null, digits: number, locale?: string): string {
	if (value === null || !Number.isFinite(value)) return '—';
	return nf(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

export function formatMoney(value: number, currency: string, locale?: string): string {
	return nf(locale, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).format(value);
}

export function formatKwh(kwh: number, locale?: string): string {
	return `${formatNumber(kwh, kwh < 10 ? 3 : 2, locale)} kWh`;
}

/** "just now", "12 s ago", "5 min ago", "3 h ago", "2 d ago". */
export function formatAge(ms: number): string {
	if (ms < 2000) return 'just now';
	const s = Math.round(ms / 1000);
	if (s < 60) return `${s} s ago`;
	const m = Math.round(s / 60);
	if (m < 60) return `${m} min ago`;
	const h = Math.round(m / 60);
	if (h < 48) return `${h} h ago`;
	return `${Math.round(h / 24)} d ago`;
}
