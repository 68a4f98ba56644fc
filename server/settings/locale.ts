/** The app's languages: English and Bangla. */
export const LOCALES = ['en', 'bn'] as const;
export type Locale = (typeof LOCALES)[number];

export const isLocale = (v: unknown): v is Locale => v === 'en' || v === 'bn';

/** The device's own choice of language (it outlives a session, and the offline page reads it). */
export const LOCALE_COOKIE = 'lang';

/** The household's language setting as an Intl locale: Bangla uses Bangladeshi digits and grouping. */
export function intlLocale(locale: string): string {
	return locale === 'bn' ? 'bn-BD' : 'en-BD';
}

/** The app's language of an Intl locale ('bn-BD' → 'bn'). */
export const localeOfIntl = (intl: string): Locale => (intl.startsWith('bn') ? 'bn' : 'en');

/**
 * The browser's preferred language among ours (an Accept-Language header or
 * navigator.languages): the first one that is Bangla or English, by its order; else English.
 */
export function preferredLocale(languages: readonly string[] | string | null | undefined): Locale {
	const list =
		typeof languages === 'string'
			? languages
					.split(',')
					.map((part) => part.split(';'))
					.filter(([, q]) => !q || Number(q.trim().slice(2)) > 0)
					.map(([tag]) => tag!.trim())
			: (languages ?? []);
	for (const tag of list) {
		const base = tag.toLowerCase().split('-')[0];
		if (isLocale(base)) return base;
	}
	return 'en';
}
