import { deleteLocalData } from '$lib/sync/runtime.svelte';
import { grantedSubscription } from './granted-subscription';

/**
 * Wipes what this browser kept for the signed-in user: the service worker's page cache, the
 * push subscription and the local database (IndexedDB).
 * The server also sends Clear-Site-Data on log-out, but browsers honour it only over HTTPS,
 * and a home server is often plain HTTP on the LAN.
 */
export async function forgetUserData(): Promise<void> {
	navigator.serviceWorker?.controller?.postMessage({ type: 'CLEAR_USER_DATA' });
	if ('caches' in globalThis) await caches.delete('pages');
	await Promise.all([
		// The next person on this browser must not get this user's alerts.
		grantedSubscription()
			.then((s) => s?.unsubscribe())
			.catch(() => false),
		deleteLocalData()
	]);
}
