import * as m from '../../../i18n/paraglide/messages.js';
import type { Locale } from '../../../server/settings/locale';

/**
 * The web app manifest: what the phone shows when the app is installed, in each language
 * (the page links the one of its language: src/lib/server/language.ts).
 */
export const webManifest = (locale: Locale) => ({
	id: '/',
	name: m.app_name({}, { locale }),
	short_name: m.app_short_name({}, { locale }),
	description: m.app_description({}, { locale }),
	start_url: '/',
	scope: '/',
	display: 'standalone' as const,
	orientation: 'portrait' as const,
	theme_color: '#0f766e',
	background_color: '#0b1117',
	lang: locale,
	categories: ['utilities', 'productivity'],
	icons: [
		{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
		{ src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
		{ src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' }
	],
	screenshots: [
		{
			src: '/screenshots/dashboard-narrow.png',
			sizes: '390x844',
			type: 'image/png',
			form_factor: 'narrow' as const,
			label: m.manifest_shot_narrow({}, { locale })
		},
		{
			src: '/screenshots/dashboard-wide.png',
			sizes: '1280x800',
			type: 'image/png',
			form_factor: 'wide' as const,
			label: m.manifest_shot_wide({}, { locale })
		}
	]
});
