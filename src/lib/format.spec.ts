import { describe, expect, it } from 'vitest';
import { formatAge, formatDateKey, formatKwh, formatMoney, formatNumber } from './format';

describe('format', () => {
	it('shows a dash for a value never measured', () => {
		expect(formatNumber(null, 1)).toBe('—');
	});

	it('rounds only for display', () => {
		expect(formatNumber(229.84, 1, 'en')).toBe('229.8');
		expect(formatKwh(1.23456, 'en')).toBe('1.235 kWh');
		expect(formatKwh(1.23456, 'bn-BD')).toBe('১.২৩৫ ইউনিট');
	});

	it('writes a typed date in the language’s digits, in the order it was typed', () => {
		expect(formatDateKey('2024-03-01', 'en-BD')).toBe('2024-03-01');
		expect(formatDateKey('2024-03-01', 'bn-BD')).toBe('২০২৪-০৩-০১');
	});

	it('formats taka with the currency sign', () => {
		expect(formatMoney(1845.9, 'BDT', 'en')).toBe('৳1,845.90');
	});

	it('says how old a value is in the largest sensible unit', () => {
		expect(formatAge(500)).toBe('just now');
		expect(formatAge(12_000)).toBe('12 s ago');
		expect(formatAge(5 * 60_000)).toBe('5 min ago');
		expect(formatAge(3 * 3_600_000)).toBe('3 h ago');
	});
});
