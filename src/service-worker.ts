/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute, setCatchHandler } from 'workbox-routing';
import { NetworkFirst } from 'workbox-strategies';
import { installPushHandlers } from '$lib/pwa/push-handlers';

declare const self: ServiceWorkerGlobalScope & {
	__WB_MANIFEST: (string | { url: string; revision: string | null })[];
};

/** Pages the user opened, for reading them again with no network; wiped at log-out. */
export const PAGES_CACHE = 'pages';

// The app shell (scripts, styles, icons) and the prerendered offline page.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Only whole, successful pages are kept: never a redirect to log-in or an error.
const keepOk = {
	cacheWillUpdate: async ({ response }: { response: Response }) =>
		response.status === 200 && !response.redirected ? response : null
};

// Navigations and SvelteKit's page data: fresh from the network when there is one (within
// a few seconds on a poor signal), else the copy from the last visit.
const pages = new NetworkFirst({
	cacheName: PAGES_CACHE,
	networkTimeoutSeconds: 4,
	plugins: [keepOk]
});
const NOT_PAGES = [/^\/api\//, /^\/logout/, /^\/socket\.io\//];
registerRoute(new NavigationRoute(pages, { denylist: NOT_PAGES }));
registerRoute(
	({ url, request }) => request.method === 'GET' && url.pathname.endsWith('/__data.json'),
	pages
);

// A page never visited and no network: the offline page rather than the browser's error.
setCatchHandler(async ({ request }) => {
	if (request.destination === 'document')
		return (await matchPrecache('/offline')) ?? Response.error();
	return Response.error();
});

// Take charge of the tabs already open when the first version installs (a later version
// waits for the reload prompt): a tab the worker does not control can be neither navigated
// from a notification nor served offline.
self.addEventListener('activate', (event) =>
	event.waitUntil(self.clients.claim().then(keepOpenPages))
);

/**
 * A page loaded before this worker existed never went through it, so it had no copy for a
 * start with no network: someone who logs in, lands on the dashboard and installs the app
 * got the offline page the first time they opened it without signal. The pages open now
 * are fetched once more and kept, as a visit through the worker would have kept them.
 */
async function keepOpenPages(): Promise<void> {
	const windows = await self.clients.matchAll({ type: 'window' });
	const cache = await caches.open(PAGES_CACHE);
	await Promise.all(
		windows.map(async (client) => {
			const url = new URL(client.url);
			if (url.origin !== self.location.origin || NOT_PAGES.some((re) => re.test(url.pathname)))
				return;
			url.hash = '';
			try {
				const response = await fetch(url, { headers: { accept: 'text/html' } });
				const kept = await keepOk.cacheWillUpdate({ response });
				if (kept) await cache.put(url, kept);
			} catch {
				// Offline already: nothing to keep, and nothing lost.
			}
		})
	);
}

self.addEventListener('message', (event) => {
	const type = (event.data as { type?: string } | null)?.type;
	if (type === 'SKIP_WAITING') void self.skipWaiting();
	if (type === 'CLEAR_USER_DATA') event.waitUntil(caches.delete(PAGES_CACHE));
});

// Alerts that reach a closed app (issue 6).
installPushHandlers(self);
