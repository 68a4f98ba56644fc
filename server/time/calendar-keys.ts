/**
 * Local calendar keys ('YYYY-MM-DD', 'YYYY-MM') of an instant in the household's zone.
 * Formatting through Intl is slow, so formatters are cached per zone and results per
 * 15-minute bucket (the only instants the rollups ask about).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
const dayCache = new Map<string, string>();
const DAY_CACHE_LIMIT = 50_000;

function formatter(tz: string): Intl.DateTimeFormat {
	let f = formatters.get(tz);
	if (!f) {
		// en-CA formats dates as YYYY-MM-DD.
		f = new Intl.DateTimeFormat('en-CA', {
			timeZone: tz,
			year: 'numeric',
			month: '2-digit',
			day: '2-digit'
		});
		formatters.set(tz, f);
	}
	return f;
}

export function localDayKey(ms: number, tz: string): string {
	const key = `${tz}|${ms}`;
	let day = dayCache.get(key);
	if (day === undefined) {
		day = formatter(tz).format(ms);
		if (dayCache.size >= DAY_CACHE_LIMIT) dayCache.clear();
		dayCache.set(key, day);
	}
	return day;
}

export const localMonthKey = (ms: number, tz: string): string => localDayKey(ms, tz).slice(0, 7);

const hourFormatters = new Map<string, Intl.DateTimeFormat>();

/** The local time of day as fractional hours (0 ≤ h < 24). */
export function localHour(ms: number, tz: string): number {
	let f = hourFormatters.get(tz);
	if (!f) {
		f = new Intl.DateTimeFormat('en-GB', {
			timeZone: tz,
			hour: '2-digit',
			minute: '2-digit',
			hourCycle: 'h23'
		});
		hourFormatters.set(tz, f);
	}
	const [h, m] = f.format(ms).split(':').map(Number);
	return (h ?? 0) + (m ?? 0) / 60;
}
