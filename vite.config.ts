import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { multiplugDevServer } from './server/dev/vite-plugin.ts';

export default defineConfig({
	plugins: [multiplugDevServer(), sveltekit()],
	build: { target: 'es2022' }
});
