import { describe, expect, it } from 'vitest';
import type { AlertView } from '../alerts/alert.types';
import { alertPayload, encodePayload, MAX_PAYLOAD_BYTES, testPayload, topicOf } from './payload';

const alert: AlertView = {
	id: 42,
	deviceId: 7,
	deviceName: 'Kitchen strip',
	port: 3,
	portLabel: 'Heater',
	rule: 'HIGH_USAGE',
	severity: 'WARNING',
	message: 'Port 3 drew 1,500 W for over a minute (limit 1,000 W)',
	openedAt: 0,
	lastAt: 0,
	count: 1,
	costPaisa: 1240,
	costPer: 'day',
	currency: 'BDT',
	updatedAt: 0,
	clearedAt: null,
	acknowledgedAt: null
};

describe('push payload', () => {
	it('names the rule, the place, what it costs and what to do, and links to the alert', () => {
		const p = alertPayload(alert);
		expect(p).toEqual({
			title: 'Warning: High usage',
			body:
				'Kitchen strip · Heater — Port 3 drew 1,500 W for over a minute (limit 1,000 W) ' +
				'About ৳12.40 a day at the last 24 hours’ use. ' +
				'Check what is plugged in. If this is its normal draw, raise the port’s threshold.',
			alertId: 42,
			url: '/alerts/42',
			tag: 'HIGH_USAGE-7-3',
			severity: 'WARNING',
			lang: 'en'
		});
	});

	it('speaks the recipient’s language: Bangla words, Bangla digits, ৳ after the amount', () => {
		const p = alertPayload(
			{ ...alert, messageArgs: { k: 'high_usage', limitW: 3300, powerW: 3450 } },
			'bn'
		);
		expect(p.title).toBe('সতর্কতা: বেশি ব্যবহার');
		expect(p.body).toBe(
			'Kitchen strip · Heater — এক মিনিটের বেশি ৩,৩০০ W-এর ওপরে (৩,৪৫০ W) ' +
				'গত ২৪ ঘণ্টার ব্যবহারে দিনে প্রায় ১২.৪০৳। ' +
				'কী লাগানো আছে দেখুন। এটাই স্বাভাবিক হলে সকেটের সীমা বাড়িয়ে দিন।'
		);
		expect(p.lang).toBe('bn');
		expect(testPayload('bn').title).toBe('স্মার্ট মাল্টিপ্লাগ: পরীক্ষামূলক নোটিফিকেশন');
	});

	it('a whole-device alert has port 0 in its tag and no port in its text', () => {
		const p = alertPayload({ ...alert, rule: 'DEVICE_OFFLINE', port: null, portLabel: null });
		expect(p.tag).toBe('DEVICE_OFFLINE-7-0');
		expect(p.body.startsWith('Kitchen strip — ')).toBe(true);
	});

	it('topics stay within the 32 URL-safe characters RFC 8030 allows', () => {
		const t = topicOf({ rule: 'STANDBY_WASTE', deviceId: 123456789, port: 8 });
		expect(t.length).toBeLessThanOrEqual(32);
		expect(t).toMatch(/^[A-Za-z0-9_-]+$/);
	});

	it('a huge label is cut so the payload stays under the limit, still valid JSON', () => {
		const huge = alertPayload({ ...alert, portLabel: 'ৡ'.repeat(5000), message: 'x'.repeat(9000) });
		const out = encodePayload(huge);
		expect(Buffer.byteLength(out)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
		const back = JSON.parse(out);
		expect(back.alertId).toBe(42);
		expect(back.body.endsWith('…')).toBe(true);
	});
});
