import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { multiplugDevServer } from './server/dev/vite-plugin.ts';
import { startupChunk } from './scripts/startup-chunk.ts';
import { websocketOnly } from './scripts/websocket-only.ts';
import { compileMessages } from './scripts/compile-messages.js';

// The manifest is written from the messages: they are compiled before it is loaded.
await compileMessages();
const { webManifest } = await import('./src/lib/pwa/manifest.ts');

export default defineConfig({
	plugins: [
		// Messages compiled before the app is (and again when a message file changes in dev).
		{
			name: 'multiplug-messages',
			buildStart: () => compileMessages(),
			handleHotUpdate: ({ file }) =>
				file.includes('/i18n/messages/') ? compileMessages().then(() => undefined) : undefined
		},
		multiplugDevServer(),
		websocketOnly(new URL('./src/lib/live/engine-transports.js', import.meta.url)),
		// The usual first screen: the layouts, the dashboard and the error page SvelteKit loads
		// with every page (see scripts/startup-chunk.ts).
		startupChunk('shell', [
			'src/routes/+layout.svelte',
			'src/routes/(app)/+layout.svelte',
			'src/routes/(app)/+page.svelte',
			'src/routes/+error.svelte'
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
			manifest: webManifest('en'),
			injectManifest: {
				globPatterns: [
					'client/**/*.{js,css,ico,png,svg,webp,woff2,webmanifest}',
					'prerendered/**/*.{html,webmanifest}'
				]
			},
			kit: { includeVersionFile: true },
			devOptions: { enabled: false }
		})
	],
	// Dexie's and workbox-window's ES module builds for modern browsers: their default entries
	// are ES5 builds (larger, and the app's first load counts them).
	resolve: {
		alias: [
			{
				find: /^workbox-window$/,
				replacement: fileURLToPath(
					new URL('./node_modules/workbox-window/build/workbox-window.prod.mjs', import.meta.url)
				)
			},
			{
				find: /^dexie$/,
				replacement: fileURLToPath(
					new URL('./node_modules/dexie/dist/modern/dexie.mjs', import.meta.url)
				)
			}
		]
	},
	build: {
		target: 'es2022',
		// Terser's output of the first load gzips 0.8 kB smaller than the default minifier's.
		minify: 'terser',
		terserOptions: { ecma: 2020, module: true, compress: { passes: 2 } },
		// SOURCEMAP=1 npm run build: maps to see what a chunk is made of.
		sourcemap: process.env.SOURCEMAP === '1'
	}
});
