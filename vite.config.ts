import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { multiplugDevServer } from './server/dev/vite-plugin.ts';
import { startupChunk } from './scripts/startup-chunk.ts';
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
	// Dexie's ES module build for modern browsers: its default entry wraps the ES5 UMD build
	// (larger, and the app's first load counts it).
	resolve: {
		alias: [
			{
				find: /^dexie$/,
				replacement: fileURLToPath(
					new URL('./node_modules/dexie/dist/modern/dexie.mjs', import.meta.url)
				)
			}
		]
	},
	build: { target: 'es2022' }
});
