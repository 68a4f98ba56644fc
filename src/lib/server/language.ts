import { AsyncLocalStorage } from 'node:async_hooks';
import type { Handle, RequestEvent } from '@sveltejs/kit';
import * as m from '$i18n/messages';
import { overwriteGetLocale } from '$i18n/runtime';
import { appContext } from '$lib/server/app';
import { isLocale, LOCALE_COOKIE, preferredLocale, type Locale } from '$server/settings/locale';

const YEAR_S = 365 * 24 * 3600;
const requestLocale = new AsyncLocalStorage<Locale>();

// Messages rendered on the server speak the language of the request they render.
overwriteGetLocale(() => requestLocale.getStore() ?? 'en');

/**
 * The account's choice when one was made; else this device's (its cookie); else the
 * browser's language. A signed-in device keeps the account's choice in its cookie, so the
 * log-in page and the offline page speak it too.
 */
export function localeOf(event: RequestEvent): Locale {
	const user = event.locals.user;
	const saved = user ? appContext().settings.savedLocale(user.id) : null;
	if (saved) return saved;
	const device = event.cookies.get(LOCALE_COOKIE);
	if (isLocale(device)) return device;
	return preferredLocale(event.request.headers.get('accept-language'));
}

const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

export const chooseLanguage: Handle = ({ event, resolve }) => {
	const locale = localeOf(event);
	event.locals.locale = locale;
	if (event.locals.user && event.cookies.get(LOCALE_COOKIE) !== locale) {
		event.cookies.set(LOCALE_COOKIE, locale, {
			path: '/',
			maxAge: YEAR_S,
			httpOnly: false,
			sameSite: 'lax',
			secure: event.url.protocol === 'https:'
		});
	}
	const fill = (html: string) =>
		html
			.replace('%lang%', locale)
			.replace('%description%', escapeAttribute(m.app_description()))
			.replace('%manifest%', locale === 'bn' ? 'manifest.bn.webmanifest' : 'manifest.webmanifest');
	// The placeholders are in the head: a large page's body is not copied three times over.
	return requestLocale.run(locale, () =>
		resolve(event, {
			transformPageChunk: ({ html }) => {
				const body = html.indexOf('</head>');
				return body < 0 ? fill(html) : fill(html.slice(0, body)) + html.slice(body);
			}
		})
	);
};
