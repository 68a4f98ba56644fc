/**
 * The alerts page's cards: alerts nobody has acknowledged yet, newest first, grouped by the
 * local day they last happened on; acknowledged ones go to a short list of their own.
 */
import * as m from '$i18n/messages';
import { lang } from '$lib/i18n';
import type { AlertView } from '$server/alerts/alert.types';

export interface AlertDay {
	/** 'YYYY-MM-DD' in the zone the page shows times in */
	key: string;
	/** "Today", "Yesterday" or the date */
	title: string;
	alerts: AlertView[];
}

/** 'YYYY-MM-DD' of an instant in `timeZone`: one formatter for a whole list (making one per alert was most of the page's time). */
function dayKeys(timeZone?: string): (ms: number) => string {
	const f = new Intl.DateTimeFormat('en-CA', {
		timeZone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit'
	});
	return (ms) => f.format(ms).slice(0, 10);
}

/** The newest `limit` cards, by day (the server draws a first screenful; the phone the rest). */
export function alertDays(
	alerts: readonly AlertView[],
	now: number,
	timeZone?: string,
	limit = Infinity
): AlertDay[] {
	const dayKey = dayKeys(timeZone);
	const today = dayKey(now);
	const yesterday = dayKey(now - 86_400_000);
	const days = new Map<string, AlertDay>();
	let medium: Intl.DateTimeFormat | undefined;
	const waiting = alerts
		.filter((a) => a.acknowledgedAt === null)
		.sort((a, b) => b.lastAt - a.lastAt || b.id - a.id)
		.slice(0, limit);
	for (const a of waiting) {
		const key = dayKey(a.lastAt);
		let day = days.get(key);
		if (!day) {
			const title =
				key === today
					? m.day_today()
					: key === yesterday
						? m.day_yesterday()
						: (medium ??= new Intl.DateTimeFormat(lang.intl, {
								timeZone,
								dateStyle: 'medium'
							})).format(a.lastAt);
			days.set(key, (day = { key, title, alerts: [] }));
		}
		day.alerts.push(a);
	}
	return [...days.values()];
}

/** Alerts already seen, newest first. */
export const acknowledged = (alerts: readonly AlertView[]): AlertView[] =>
	alerts.filter((a) => a.acknowledgedAt !== null).sort((a, b) => b.lastAt - a.lastAt);
