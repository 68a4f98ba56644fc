/** The household's language setting as an Intl locale: Bangla uses Bangladeshi digits and grouping. */
export function intlLocale(locale: string): string {
	return locale === 'bn' ? 'bn-BD' : 'en-BD';
}
