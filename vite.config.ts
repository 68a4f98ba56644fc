import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vite';
import { multiplugDevServer } from './server/dev/vite-plugin.ts';
import { startupChunk } from './scripts/startup-chunk.ts';
import { webManifest } from './src/lib/pwa/manifest.ts';

export default defineConfig({
	plugins: [
		multiplugDevServer(),
		// The usual first screen: the layouts and the dashboard (see scripts/startup-chunk.ts).
		startupChunk('shell', [
			'src/routes/+layout.svelte',
			'src/routes/(app)/+layout.svelte',
			'src/routes/(app)/+page.svelte'
		]),
		sveltekit(),
		SvelteKitPWA({
			// Our own TypeScript service worker (push handlers join it later); Workbox injects
			// the precache list of the app shell and the prerendered offline page.
			strategies: 'injectManifest',
			srcDir: 'src',
			filename: 'service-worker.ts',
			registerType: 'prompt',
			// Absolute: the default './' resolves against the page, so a first visit to a nested
			// page (/settings/notifications) registered /settings/service-worker.js, a 404.
			base: '/',
			scope: '/',
			injectRegister: false,
			manifest: webManifest,
			injectManifest: {
				globPatterns: [
					'client/**/*.{js,css,ico,png,svg,webp,woff2,webmanifest}',
					'prerendered/**/*.html'
				]
			},
			kit: { includeVersionFile: true },
			devOptions: { enabled: false }
		})
	],
	build: { target: 'es2022' }
});
