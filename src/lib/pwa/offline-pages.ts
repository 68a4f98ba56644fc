/// <reference lib="webworker" />
// The service worker's copies of the user's pages, for starting with no network. They are
// wiped at log-out (CLEAR_USER_DATA).

/** Pages the user opened (and SvelteKit's data for them), kept for reading with no network. */
export const PAGES_CACHE = 'pages';

/**
 * What the app is for with no signal, kept even before the user has opened them: the
 * readings, this month's bill, the alerts and the history, the More tab, and the pages where changes are
 * made offline through the outbox (thresholds, tariff, the strips' list).
 */
export const OFFLINE_PAGES = [
	'/',
	'/bills',
	'/alerts',
	'/history',
	'/more',
	'/devices',
	'/alerts/thresholds',
	'/bills/tariff'
];

/** Paths that are never pages. */
export const NOT_PAGES = [/^\/api\//, /^\/logout/, /^\/socket\.io\//];

/** SvelteKit's data for a page (client-side navigation), kept beside the pages. */
export const isPageData = (url: URL) => url.pathname.endsWith('/__data.json');

/** Only whole, successful pages are kept: never a redirect to log-in or an error. */
export const keepOk = {
	cacheWillUpdate: async ({ response }: { response: Response }) =>
		response.status === 200 && !response.redirected ? response : null
};

const fetching = new Map<string, Promise<void>>();

/** Fetches one page with the user's cookie and keeps it if it is whole; never throws. */
function keepPage(cache: Cache, href: string): Promise<void> {
	let pending = fetching.get(href);
	if (!pending) {
		pending = (async () => {
			try {
				// Low priority: on a first visit this runs while the page itself starts.
				const response = await fetch(href, { headers: { accept: 'text/html' }, priority: 'low' });
				const kept = await keepOk.cacheWillUpdate({ response });
				if (kept) await cache.put(href, kept);
			} catch {
				// No network: the copy there is (if any) stays.
			}
		})().finally(() => fetching.delete(href));
		fetching.set(href, pending);
	}
	return pending;
}

/** The cache key of a page: absolute, without the fragment; null for what is no page. */
function pageHref(sw: ServiceWorkerGlobalScope, raw: string): string | null {
	const url = new URL(raw, sw.location.origin);
	if (NOT_PAGES.some((re) => re.test(url.pathname))) return null;
	url.hash = '';
	return url.href;
}

/**
 * When a version activates. Every kept page is fetched again: a copy from the last version
 * names that version's scripts and styles, which the new precache no longer holds, so it
 * would open with no network as a bare, broken page. SvelteKit's data copies are dropped
 * (the new code may not read the old ones; a miss falls back to the page). The pages open
 * now are kept too: a page loaded before the first version existed never went through it,
 * and someone who logged in, landed on the dashboard and installed the app got the offline
 * page the first time they opened it without signal. And the offline pages, when the user
 * is logged in (otherwise they redirect and nothing is kept).
 */
export async function refreshPages(sw: ServiceWorkerGlobalScope): Promise<void> {
	const cache = await caches.open(PAGES_CACHE);
	const hrefs = new Set<string>();
	for (const request of await cache.keys()) {
		if (isPageData(new URL(request.url))) await cache.delete(request);
		else hrefs.add(request.url);
	}
	for (const client of await sw.clients.matchAll({ type: 'window' })) {
		const href = pageHref(sw, client.url);
		if (href) hrefs.add(href);
	}
	for (const path of OFFLINE_PAGES) hrefs.add(pageHref(sw, path)!);
	// One at a time: seven renders at once would compete with the page's own first requests.
	for (const href of hrefs) await keepPage(cache, href);
}

/** When a logged-in page asks (KEEP_PAGES): the offline pages not kept yet. */
export async function keepMissingPages(sw: ServiceWorkerGlobalScope): Promise<void> {
	const cache = await caches.open(PAGES_CACHE);
	for (const path of OFFLINE_PAGES) {
		const href = pageHref(sw, path)!;
		if (!(await cache.match(href))) await keepPage(cache, href);
	}
}
