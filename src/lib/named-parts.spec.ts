import { describe, expect, it } from 'vitest';
import { nameSlot, namedParts } from './named-parts';

describe('namedParts', () => {
	it('gives back the sentence with its names in their places, marked', () => {
		const text = `A ${nameSlot(0)} plug (${nameSlot(1)}): no token.`;
		expect(namedParts(text, ['Tasmota', 'desk-lamp'])).toEqual([
			{ text: 'A ', name: false },
			{ text: 'Tasmota', name: true },
			{ text: ' plug (', name: false },
			{ text: 'desk-lamp', name: true },
			{ text: '): no token.', name: false }
		]);
	});

	it('keeps a language’s own order of the names', () => {
		expect(namedParts(`${nameSlot(1)} — ${nameSlot(0)}`, ['a', 'b'])).toEqual([
			{ text: 'b', name: true },
			{ text: ' — ', name: false },
			{ text: 'a', name: true }
		]);
	});
});
