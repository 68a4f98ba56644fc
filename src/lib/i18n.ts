/**
 * The language being shown, for code that formats: a message or a number formatted here
 * follows a switch at once (in the browser the runtime reads the tab's state,
 * src/lib/i18n.svelte.ts; on the server, the request's).
 */
import { getLocale } from '$i18n/runtime';
import { intlLocale, type Locale } from '$server/settings/locale';

export const lang = {
	get current(): Locale {
		return getLocale();
	},
	/** The Intl locale of the current language (bn-BD digits and grouping in Bangla). */
	get intl(): string {
		return intlLocale(getLocale());
	}
};
