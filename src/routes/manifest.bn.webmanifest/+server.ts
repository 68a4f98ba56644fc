import { webManifest } from '$lib/pwa/manifest';

// The Bangla manifest beside vite-plugin-pwa's English one, written at build time.
export const prerender = true;

export const GET = () =>
	new Response(JSON.stringify(webManifest('bn')), {
		headers: { 'content-type': 'application/manifest+json' }
	});
