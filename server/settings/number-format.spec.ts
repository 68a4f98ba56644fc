import { describe, expect, it } from 'vitest';
import { formatIn, numberFormat } from './number-format';

describe('numbers through kept formats', () => {
	it('write what toLocaleString writes, in both languages', () => {
		const cases: [number, Intl.NumberFormatOptions | undefined][] = [
			[1234.5, { minimumFractionDigits: 1, maximumFractionDigits: 1 }],
			[1234567.891, { maximumFractionDigits: 2 }],
			[0.25, { minimumFractionDigits: 0, maximumFractionDigits: 0 }],
			[42, undefined]
		];
		for (const locale of ['en-BD', 'bn-BD'])
			for (const [n, options] of cases)
				expect(formatIn(n, locale, options)).toBe(n.toLocaleString(locale, options));
		expect(formatIn(1234.5, 'bn-BD', { maximumFractionDigits: 1 })).toBe('১,২৩৪.৫');
	});

	it('keep one format per locale and options', () => {
		expect(numberFormat('bn-BD', { maximumFractionDigits: 1 })).toBe(
			numberFormat('bn-BD', { maximumFractionDigits: 1 })
		);
		expect(numberFormat('bn-BD', { maximumFractionDigits: 1 })).not.toBe(
			numberFormat('en-BD', { maximumFractionDigits: 1 })
		);
	});
});
