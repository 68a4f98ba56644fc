import type { ServerResponse } from 'node:http';

/**
 * Headers on every answer, set before anything handles the request: static files (the
 * manifest, the service worker) and the device API never pass through SvelteKit's hooks.
 * HSTS only when the public URL is https: a LAN install over plain HTTP must keep working,
 * and browsers ignore HSTS sent over HTTP anyway. No includeSubDomains: the app may share
 * a domain with other hosts its owner runs.
 */
export function createBaseHeaders(origin: string | undefined) {
	const headers: [string, string][] = [['x-content-type-options', 'nosniff']];
	if (origin?.startsWith('https:')) headers.push(['strict-transport-security', 'max-age=31536000']);
	return (res: ServerResponse) => {
		for (const [name, value] of headers) res.setHeader(name, value);
	};
}
