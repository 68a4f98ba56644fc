import { describe, expect, it } from 'vitest';
import { commandReports } from './command-poll';

describe('commandReports', () => {
	it('reads acks, refusals and meter results from every frame of a batch', () => {
		expect(
			commandReports([
				{
					ts: 1,
					acks: ['c_a'],
					refused: ['c_b'],
					results: [
						{ id: 'c_a', outcome: 'confirmed', read_back: 3 },
						{ id: 'c_b', outcome: 'no_answer' }
					],
					ports: []
				},
				{ ts: 2, results: [{ id: 'c_c', outcome: 'wrong_address', read_back: 2 }], ports: [] }
			])
		).toEqual({
			acks: ['c_a'],
			refused: ['c_b'],
			results: [
				{ id: 'c_a', outcome: 'confirmed', readBack: 3 },
				{ id: 'c_b', outcome: 'no_answer', readBack: null },
				{ id: 'c_c', outcome: 'wrong_address', readBack: 2 }
			]
		});
	});

	it('leaves out results it cannot use instead of guessing', () => {
		const out = commandReports({
			ts: 1,
			results: [
				{ id: 'c_1', outcome: 'exploded' },
				{ id: '', outcome: 'confirmed' },
				{ outcome: 'confirmed' },
				'c_2',
				null,
				{ id: 'c_3', outcome: 'confirmed', read_back: 0 },
				{ id: 'c_4', outcome: 'confirmed', read_back: 2.5 }
			]
		});
		expect(out?.results).toEqual([
			{ id: 'c_3', outcome: 'confirmed', readBack: null },
			{ id: 'c_4', outcome: 'confirmed', readBack: null }
		]);
	});

	it('is null for frames that report nothing', () => {
		expect(commandReports([{ ts: 1, ports: [] }])).toBeNull();
	});
});
