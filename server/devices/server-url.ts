import { networkInterfaces } from 'node:os';

/**
 * Whether a strip on the household's network can reach the server at the address the
 * browser used. A phone on the server itself sees `localhost`, which for a strip is the
 * strip; an mDNS name (`.local`) needs a resolver the ESP8266's network stack lacks.
 */
export type ServerUrlCheck =
	{ reachable: true } | { reachable: false; why: 'loopback' | 'mdns'; suggestion: string | null };

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[?::1\]?|\[?0:0:0:0:0:0:0:1\]?|0\.0\.0\.0)$/i;

export function checkServerUrl(origin: string, lanAddresses: string[]): ServerUrlCheck {
	const url = new URL(origin);
	const host = url.hostname.toLowerCase();
	const why =
		LOOPBACK.test(host) || host.endsWith('.localhost')
			? 'loopback'
			: host.endsWith('.local')
				? 'mdns'
				: null;
	if (!why) return { reachable: true };
	const lan = lanAddresses[0];
	const suggestion = lan ? `${url.protocol}//${lan}${url.port ? `:${url.port}` : ''}` : null;
	return { reachable: false, why, suggestion };
}

const isPrivate = (ip: string) => /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(ip);

/** This machine's IPv4 addresses a strip can reach, home-network ranges first. */
export function lanAddresses(): string[] {
	const all = Object.values(networkInterfaces())
		.flat()
		.filter((a) => a && a.family === 'IPv4' && !a.internal)
		.map((a) => a!.address);
	return [...all.filter(isPrivate), ...all.filter((a) => !isPrivate(a))];
}
