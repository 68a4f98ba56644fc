import { createECDH } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isP256PublicKey } from './subscription';

describe('isP256PublicKey', () => {
	it('takes a browser’s key', () => {
		const browser = createECDH('prime256v1');
		browser.generateKeys();
		expect(isP256PublicKey(browser.getPublicKey())).toBe(true);
	});

	it('refuses 65 bytes that are not a point on the curve, and other shapes', () => {
		const offCurve = Buffer.alloc(65, 7);
		offCurve[0] = 0x04;
		expect(isP256PublicKey(offCurve)).toBe(false);
		expect(isP256PublicKey(Buffer.alloc(65))).toBe(false);
		expect(isP256PublicKey(Buffer.alloc(33, 2))).toBe(false);
	});
});
