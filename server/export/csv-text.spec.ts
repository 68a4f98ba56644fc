import { describe, expect, it } from 'vitest';
import { csvText } from './csv-text';

describe('csvText', () => {
	it('prefixes text a spreadsheet would take for a formula', () => {
		for (const t of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])
			expect(csvText(t)).toBe(`'${t}`);
	});

	it('leaves other text as it is', () => {
		for (const t of ['Desk strip', '', "'quoted", 'a=b']) expect(csvText(t)).toBe(t);
	});
});
