import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build', precompress: true }),
		// No inline scripts: SvelteKit hashes its own bootstrap script. Styles may be inline
		// (Svelte renders style attributes); frames of this app are refused everywhere.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'worker-src': ['self'],
				'manifest-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		},
		// Absolute asset paths: the service worker serves the prerendered offline page for any
		// path, and its relative `./_app/...` links broke under a nested one (/alerts/thresholds
		// got no styles and no script).
		paths: { relative: false },
		// vite-plugin-pwa builds and registers the service worker (with workbox-window).
		serviceWorker: { register: false },
		alias: {
			$server: 'server',
			// The compiled messages (scripts/compile-messages.js), shared with server/.
			$i18n: 'i18n/paraglide'
		},
		typescript: {
			// One type-check covers the app, the backend core, scripts and tests.
			config(cfg) {
				cfg.include.push(
					'../server/**/*.ts',
					'../scripts/**/*.ts',
					'../tests/**/*.ts',
					'../bench/**/*.ts',
					'../vite.config.ts',
					'../playwright.config.ts'
				);
				return cfg;
			}
		}
	}
};

export default config;
