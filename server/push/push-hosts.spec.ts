import { describe, expect, it } from 'vitest';
import { DEFAULT_PUSH_SERVICE_HOSTS, HOST_PATTERN, pushHostMatcher } from './push-hosts';

describe('pushHostMatcher', () => {
	const known = pushHostMatcher(DEFAULT_PUSH_SERVICE_HOSTS);

	it('takes the push services of the common browsers', () => {
		for (const endpoint of [
			'https://fcm.googleapis.com/fcm/send/abc:def',
			'https://updates.push.services.mozilla.com/wpush/v2/gAAAA',
			'https://web.push.apple.com/QGx1bmNo',
			'https://wns2-by3p.notify.windows.com/w/?token=x'
		])
			expect(known(endpoint), endpoint).toBe(true);
	});

	it('refuses other hosts, look-alikes, plain http and what is not a URL', () => {
		for (const endpoint of [
			'https://192.168.1.1/admin',
			'https://169.254.169.254/latest/meta-data',
			'https://localhost/x',
			'https://fcm.googleapis.com.evil.example/x',
			'https://evilfcm.googleapis.com/x',
			'https://push.apple.com.evil.example/x',
			'https://evilpush.apple.com/x',
			'http://fcm.googleapis.com/fcm/send/x',
			'not a url'
		])
			expect(known(endpoint), endpoint).toBe(false);
	});

	it('takes a host the operator adds, with any port', () => {
		const local = pushHostMatcher([...DEFAULT_PUSH_SERVICE_HOSTS, '127.0.0.1']);
		expect(local('https://127.0.0.1:41234/push/1')).toBe(true);
		expect(local('https://127.0.0.2/push/1')).toBe(false);
	});

	it('says which host patterns are well formed', () => {
		expect(DEFAULT_PUSH_SERVICE_HOSTS.every((h) => HOST_PATTERN.test(h))).toBe(true);
		expect(HOST_PATTERN.test('127.0.0.1')).toBe(true);
		for (const bad of ['*', 'https://fcm.googleapis.com', 'a..b', 'fcm.googleapis.com/x', '*.'])
			expect(HOST_PATTERN.test(bad), bad).toBe(false);
	});
});
