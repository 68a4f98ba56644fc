/**
 * Asks the service worker to keep this user's offline pages (readings, bills, alerts,
 * history: see offline-pages.ts) that it has not kept yet, so they open with no network even
 * if the user never opened them online. A first visit's tab is controlled only once the
 * worker activates: then it asks. Returns a function that cancels the wait.
 */
export function keepOfflinePages(): () => void {
	const container = navigator.serviceWorker;
	if (!container) return () => undefined;
	const ask = () => container.controller?.postMessage({ type: 'KEEP_PAGES' });
	if (container.controller) {
		ask();
		return () => undefined;
	}
	container.addEventListener('controllerchange', ask, { once: true });
	return () => container.removeEventListener('controllerchange', ask);
}
