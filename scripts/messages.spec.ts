import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { messageIssues, type Messages } from './messages-check';

const read = (locale: string): Messages =>
	JSON.parse(
		readFileSync(resolve(import.meta.dirname, `../i18n/messages/${locale}.json`), 'utf8')
	) as Messages;

describe('the messages of both languages', () => {
	it('have the same keys, none empty, with the same parameters', () => {
		expect(messageIssues(read('en'), read('bn'))).toEqual([]);
	});
});

describe('messageIssues', () => {
	const en = { $schema: 'x', a: 'Hello {name}', b: 'Bye' };

	it('finds a key missing in either language', () => {
		expect(messageIssues(en, { a: 'নমস্কার {name}' })).toEqual(['b: missing in bn']);
		expect(messageIssues({ a: 'Hello {name}' }, { a: 'নমস্কার {name}', b: 'বিদায়' })).toEqual([
			'b: missing in en'
		]);
	});

	it('finds an empty or blank message', () => {
		expect(messageIssues(en, { a: 'নমস্কার {name}', b: ' ' })).toEqual(['b: empty in bn']);
		expect(messageIssues({ ...en, b: '' }, { a: 'নমস্কার {name}', b: 'বিদায়' })).toEqual([
			'b: empty in en'
		]);
	});

	it('finds parameters that differ', () => {
		expect(messageIssues(en, { a: 'নমস্কার {who}', b: 'বিদায়' })).toEqual([
			'a: parameters en {name}, bn {who}'
		]);
	});

	it('reads the parameters of every variant, and lets a language not count', () => {
		const plural = (one: string, other: string) => [
			{
				declarations: ['input count', 'input n', 'local countPlural = count: plural'],
				selectors: ['countPlural'],
				match: { 'countPlural=one': one, 'countPlural=*': other }
			}
		];
		// Bangla says "{n} দিন" for one day or many: the count only chooses an English variant.
		expect(messageIssues({ d: plural('1 day', '{n} days') }, { d: '{n} দিন' })).toEqual([]);
		expect(messageIssues({ d: plural('1 day', '{n} days') }, { d: '{m} দিন' })).toEqual([
			'd: parameters en {n}, bn {m}'
		]);
		expect(messageIssues({ d: plural('1 day', '') }, { d: '{n} দিন' })).toEqual(['d: empty in en']);
	});
});
