import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build', precompress: true }),
		alias: {
			$server: 'server'
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
