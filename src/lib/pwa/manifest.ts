/** The web app manifest: what the phone shows when the app is installed. */
export const webManifest = {
	id: '/',
	name: 'Smart Multiplug',
	short_name: 'Multiplug',
	description: 'Live power, energy and cost of your smart power strip — with or without a network.',
	start_url: '/',
	scope: '/',
	display: 'standalone' as const,
	orientation: 'portrait' as const,
	theme_color: '#0f766e',
	background_color: '#0b1117',
	lang: 'en',
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
			label: 'Live power and cost per port'
		},
		{
			src: '/screenshots/dashboard-wide.png',
			sizes: '1280x800',
			type: 'image/png',
			form_factor: 'wide' as const,
			label: 'The dashboard on a larger screen'
		}
	]
};
