/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute, setCatchHandler } from 'workbox-routing';
import { NetworkFirst } from 'workbox-strategies';
import {
	isPageData,
	keepMissingPages,
	keepOk,
	NOT_PAGES,
	PAGES_CACHE,
	refreshPages
} from '$lib/pwa/offline-pages';
import { installPushHandlers } from '$lib/pwa/push-handlers';

declare const self: ServiceWorkerGlobalScope & {
	__WB_MANIFEST: (string | { url: string; revision: string | null })[];
};

// The app shell (scripts, styles, icons) and the prerendered offline page.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Navigations and SvelteKit's page data: fresh from the network when there is one (within
// a few seconds on a poor signal), else the copy from the last visit.
const pages = new NetworkFirst({
	cacheName: PAGES_CACHE,
	networkTimeoutSeconds: 4,
	plugins: [keepOk]
});
registerRoute(new NavigationRoute(pages, { denylist: NOT_PAGES }));
registerRoute(({ url, request }) => request.method === 'GET' && isPageData(url), pages);

// A page never visited and no network: the offline page rather than the browser's error.
setCatchHandler(async ({ request }) => {
	if (request.destination === 'document')
		return (await matchPrecache('/offline')) ?? Response.error();
	return Response.error();
});

// Take charge of the tabs already open when the first version installs (a later version
// waits for the reload prompt): a tab the worker does not control can be neither navigated
// from a notification nor served offline. Then bring the kept pages up to this version.
self.addEventListener('activate', (event) =>
	event.waitUntil(self.clients.claim().then(() => refreshPages(self)))
);

self.addEventListener('message', (event) => {
	const type = (event.data as { type?: string } | null)?.type;
	if (type === 'SKIP_WAITING') void self.skipWaiting();
	if (type === 'CLEAR_USER_DATA') event.waitUntil(caches.delete(PAGES_CACHE));
	if (type === 'KEEP_PAGES') event.waitUntil(keepMissingPages(self));
});

// Alerts that reach a closed app.
installPushHandlers(self);
