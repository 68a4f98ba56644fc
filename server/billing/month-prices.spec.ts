import { describe, expect, it } from 'vitest';
import { FakeClock } from '../clock';
import { createMonthPrices } from './month-prices';
import { bareRate } from './port-price';

describe('month prices', () => {
	it('prices a household’s month once a minute, and again at once after a change', () => {
		const clock = new FakeClock(0);
		const asked: string[] = [];
		let rate = 8;
		const prices = createMonthPrices(
			{
				portPrices: (userId, key) => {
					asked.push(`${userId}:${key}`);
					return new Map([['*', bareRate(rate)]]);
				}
			},
			clock
		);
		expect(prices.portPrices(1, '2026-03').get('*')!.rate).toBe(8);
		rate = 9;
		expect(prices.portPrices(1, '2026-03').get('*')!.rate).toBe(8);
		prices.portPrices(1, '2026-02');
		prices.portPrices(2, '2026-03');
		expect(asked).toEqual(['1:2026-03', '1:2026-02', '2:2026-03']);
		clock.set(60_000);
		expect(prices.portPrices(1, '2026-03').get('*')!.rate).toBe(9);
		rate = 10;
		prices.drop(1);
		expect(prices.portPrices(1, '2026-03').get('*')!.rate).toBe(10);
		expect(asked).toHaveLength(5);
	});

	it('never keeps a price past the quarter hour it was priced in', () => {
		const clock = new FakeClock(900_000 - 5_000);
		let rate = 8;
		const prices = createMonthPrices({ portPrices: () => new Map([['*', bareRate(rate)]]) }, clock);
		expect(prices.portPrices(1, '2026-03').get('*')!.rate).toBe(8);
		rate = 9;
		clock.advance(4_000);
		expect(prices.portPrices(1, '2026-03').get('*')!.rate).toBe(8);
		// Two seconds later, inside the minute but in the next quarter hour.
		clock.advance(2_000);
		expect(prices.portPrices(1, '2026-03').get('*')!.rate).toBe(9);
	});
});
