import type { PortControl } from '$server/relays/relay.types';

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** "23:00" on the household's wall clock, whatever the phone's zone. */
export function formatClock(ms: number, timeZone: string): string {
	let f = timeFormats.get(timeZone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' });
		timeFormats.set(timeZone, f);
	}
	return f.format(ms);
}

/** "in 45 min", "in 2 h", "in 3 d": a countdown, rounded the way people say it. */
export function formatIn(ms: number): string {
	const min = Math.max(1, Math.round(ms / 60_000));
	if (min < 60) return `in ${min} min`;
	const h = Math.round(min / 60);
	return h < 48 ? `in ${h} h` : `in ${Math.round(h / 24)} d`;
}

/** "off at 23:00" for a schedule within a day, "off in 2 h" for a timer. */
export function formatNext(
	next: NonNullable<PortControl['next']>,
	now: number,
	tz: string
): string {
	const what = next.on ? 'on' : 'off';
	if (next.kind === 'timer') return `${what} ${formatIn(next.at - now)}`;
	if (next.at - now < 24 * 3_600_000) return `${what} at ${formatClock(next.at, tz)}`;
	const day = new Intl.DateTimeFormat('en-GB', { timeZone: tz, weekday: 'short' }).format(next.at);
	return `${what} ${day} ${formatClock(next.at, tz)}`;
}

export const SOURCE_NAMES = {
	user: 'by hand',
	schedule: 'schedule',
	timer: 'timer',
	overload: 'overload protection'
} as const;

export const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
