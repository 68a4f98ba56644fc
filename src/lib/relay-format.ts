import * as m from '$i18n/messages';
import { formatCount, formatTime } from '$lib/format';
import { lang } from '$lib/i18n';
import type { PortControl } from '$server/relays/relay.types';

/** "23:00" on the household's wall clock, whatever the phone's zone. */
export const formatClock = (ms: number, timeZone: string): string => formatTime(ms, timeZone);

/** "in 45 min", "in 2 h", "in 3 d": a countdown, rounded the way people say it. */
export function formatIn(ms: number): string {
	const min = Math.max(1, Math.round(ms / 60_000));
	if (min < 60) return m.in_min({ n: formatCount(min) });
	const h = Math.round(min / 60);
	return h < 48 ? m.in_h({ n: formatCount(h) }) : m.in_d({ n: formatCount(Math.round(h / 24)) });
}

/** "off at 23:00" for a schedule within a day, "off in 2 h" for a timer. */
export function formatNext(
	next: NonNullable<PortControl['next']>,
	now: number,
	tz: string
): string {
	if (next.kind === 'timer') {
		const inText = formatIn(next.at - now);
		return next.on ? m.next_on_in({ in: inText }) : m.next_off_in({ in: inText });
	}
	const time = formatClock(next.at, tz);
	if (next.at - now < 24 * 3_600_000)
		return next.on ? m.next_on_at({ time }) : m.next_off_at({ time });
	const day = new Intl.DateTimeFormat(lang.intl, { timeZone: tz, weekday: 'short' }).format(
		next.at
	);
	return next.on ? m.next_on_day({ day, time }) : m.next_off_day({ day, time });
}

export const SOURCE_NAMES = {
	user: m.source_hand,
	schedule: m.source_schedule,
	timer: m.source_timer,
	overload: m.source_overload
} as const;

/** Sunday first, as the schedules' day mask counts them: short names in the language. */
export const weekdayNames = (): string[] =>
	// 2026-01-04 was a Sunday.
	Array.from({ length: 7 }, (_, i) =>
		new Intl.DateTimeFormat(lang.intl, { weekday: 'short', timeZone: 'UTC' }).format(
			Date.UTC(2026, 0, 4 + i)
		)
	);
