/**
 * The language the app shows in this tab. The server renders in the account's language
 * (or the device's, or the browser's: src/hooks.server.ts) and the page hydrates in it;
 * a tap in Settings changes it here at once — every message re-renders, online or not —
 * and the device and the account remember it.
 */
import { browser } from '$app/environment';
import { overwriteGetLocale } from '$i18n/runtime';
import { isLocale, LOCALE_COOKIE, preferredLocale, type Locale } from '$server/settings/locale';

const STORE_KEY = 'lang';
const YEAR_S = 365 * 24 * 3600;

const state = $state<{ current: Locale }>({ current: 'en' });

// On the server the request's language comes from hooks.server.ts; in the browser, from here.
if (browser) overwriteGetLocale(() => state.current);

export { lang } from './i18n';

/** The language the page was rendered in, set once at hydration. */
export function hydrateLocale(locale: Locale): void {
	state.current = locale;
}

/**
 * A choice made on this device after the page was rendered (offline, on a kept page); for a
 * prerendered page (renderedAt 0), the device's language whenever it was chosen.
 */
export function deviceChoice(renderedAt: number): Locale | null {
	try {
		const kept = JSON.parse(localStorage.getItem(STORE_KEY) ?? 'null') as {
			locale: Locale;
			at: number;
		} | null;
		if (kept && kept.at > renderedAt) return kept.locale;
	} catch {
		// unreadable storage: the cookie below, or nothing
	}
	if (renderedAt > 0) return null;
	const cookie = document.cookie.match(new RegExp(`(?:^|; )${LOCALE_COOKIE}=(\\w+)`))?.[1];
	return isLocale(cookie) ? cookie : preferredLocale(navigator.languages);
}

/** Shows the app in `locale` now, in this tab. */
export function showLocale(locale: Locale): void {
	state.current = locale;
	document.documentElement.lang = locale;
}

/** Shows the app in `locale` now and remembers it on this device (cookie and storage). */
export function chooseLocale(locale: Locale, now = Date.now()): void {
	showLocale(locale);
	document.cookie = `${LOCALE_COOKIE}=${locale}; path=/; max-age=${YEAR_S}; samesite=lax`;
	try {
		localStorage.setItem(STORE_KEY, JSON.stringify({ locale, at: now }));
	} catch {
		// Private mode without storage: the cookie still remembers it.
	}
}
