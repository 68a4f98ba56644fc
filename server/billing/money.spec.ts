import { describe, expect, it } from 'vitest';
import { formatMoney, roundMoney } from './money';

describe('roundMoney', () => {
	it('rounds to two decimals, half away from zero', () => {
		expect(roundMoney(1.005)).toBe(1.01);
		expect(roundMoney(-2.345)).toBe(-2.35);
		expect(roundMoney(0.1 + 0.2)).toBe(0.3);
		expect(roundMoney(1845.8999999)).toBe(1845.9);
	});

	it('never returns negative zero', () => {
		expect(Object.is(roundMoney(-0.001), 0)).toBe(true);
	});
});

describe('formatMoney', () => {
	it('formats Taka in English with the ISO code and a no-break space', () => {
		expect(formatMoney(1845.9, 'BDT', 'en')).toBe('BDT\u00a01,845.90');
	});

	it('formats Taka in Bangla with Bengali digits, lakh grouping and the ৳ sign after', () => {
		expect(formatMoney(1845.9, 'BDT', 'bn-BD')).toBe('১,৮৪৫.৯০৳');
		expect(formatMoney(1234567.5, 'BDT', 'bn-BD')).toBe('১২,৩৪,৫৬৭.৫০৳');
	});

	it('rounds before formatting', () => {
		expect(formatMoney(0.125, 'BDT', 'en')).toBe('BDT\u00a00.13');
	});
});
