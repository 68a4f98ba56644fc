/**
 * Which hosts the server sends Web Push requests to. A subscription's endpoint comes from
 * the browser, so through the API anyone signed in can name any URL: without a list, the
 * server would POST to whatever host a user typed, including ones only it can reach
 * (a router's admin page, a metadata service). Browsers use a handful of push services.
 */
export const DEFAULT_PUSH_SERVICE_HOSTS: readonly string[] = Object.freeze([
	// Chrome, Edge, Samsung Internet, Opera, Brave (Firebase Cloud Messaging)
	'fcm.googleapis.com',
	'android.googleapis.com',
	// Firefox
	'updates.push.services.mozilla.com',
	// Safari on macOS and iOS (web.push.apple.com)
	'*.push.apple.com',
	// Edge on Windows through WNS
	'*.notify.windows.com'
]);

/** A host (`fcm.googleapis.com`, `127.0.0.1`) or every host under a domain (`*.push.apple.com`). */
export const HOST_PATTERN = /^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*$/i;

/** True when the endpoint is an https URL on one of the hosts. */
export function pushHostMatcher(patterns: readonly string[]): (endpoint: string) => boolean {
	const exact = new Set<string>();
	const suffixes: string[] = [];
	for (const p of patterns) {
		const host = p.toLowerCase();
		if (host.startsWith('*.')) suffixes.push(host.slice(1));
		else exact.add(host);
	}
	return (endpoint) => {
		let url: URL;
		try {
			url = new URL(endpoint);
		} catch {
			return false;
		}
		if (url.protocol !== 'https:') return false;
		const host = url.hostname.toLowerCase();
		return exact.has(host) || suffixes.some((s) => host.endsWith(s));
	};
}
