import { describe, expect, it } from 'vitest';
import { checkServerUrl } from './server-url';

const lan = ['192.168.1.20'];

describe('whether a strip can reach the server’s address', () => {
	it.each([
		'http://localhost:3000',
		'http://127.0.0.1:3000',
		'http://127.1.2.3',
		'http://[::1]:3000'
	])('refuses the loopback address %s and suggests the LAN address', (origin) => {
		const check = checkServerUrl(origin, lan);
		expect(check).toMatchObject({ reachable: false, why: 'loopback' });
		if (!check.reachable)
			expect(check.suggestion).toBe(
				`http://192.168.1.20${new URL(origin).port ? `:${new URL(origin).port}` : ''}`
			);
	});

	it('warns about an mDNS name a strip may not resolve', () => {
		expect(checkServerUrl('https://plug-server.local', lan)).toEqual({
			reachable: false,
			why: 'mdns',
			suggestion: 'https://192.168.1.20'
		});
	});

	it('accepts a LAN address or a real host name', () => {
		expect(checkServerUrl('http://192.168.1.20:3000', lan)).toEqual({ reachable: true });
		expect(checkServerUrl('https://energy.example.com', lan)).toEqual({ reachable: true });
	});

	it('has no suggestion when the machine has no network address', () => {
		expect(checkServerUrl('http://localhost:3000', [])).toEqual({
			reachable: false,
			why: 'loopback',
			suggestion: null
		});
	});
});
