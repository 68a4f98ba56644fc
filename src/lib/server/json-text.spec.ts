import { describe, expect, it } from 'vitest';
import { joinedObjects } from './json-text';

describe('joined JSON objects', () => {
	it('is the object with every key of each, empty ones left out', () => {
		const text = joinedObjects(
			JSON.stringify({ a: 1, b: [1, { c: '}' }] }),
			'{}',
			JSON.stringify({ d: null })
		);
		expect(JSON.parse(text)).toEqual({ a: 1, b: [1, { c: '}' }], d: null });
		expect(joinedObjects('{}', '{}')).toBe('{}');
	});
});
