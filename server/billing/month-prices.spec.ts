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

	it('serves a large household’s expired prices while they are worked out elsewhere, then the new ones', async () => {
		const clock = new FakeClock(0);
		let rate = 8;
		const here: number[] = [];
		const prices = createMonthPrices(
			{
				portPrices: (userId) => {
					here.push(userId);
					return new Map([['*', bareRate(rate)]]);
				}
			},
			clock
		);
		const away: string[] = [];
		let answer: () => void = () => {};
		prices.refreshIn(
			(userId, keys) => {
				away.push(`${userId}:${keys.join()}`);
				return new Promise((resolve) => {
					answer = () => resolve(new Map(keys.map((k) => [k, new Map([['*', bareRate(rate)]])])));
				});
			},
			(userId) => userId === 1
		);
		prices.portPrices(1, '2026-03');
		prices.portPrices(2, '2026-03');
		expect(here).toEqual([1, 2]); // nothing kept yet: priced here
		rate = 9;
		clock.set(60_000);
		// Expired: the old price still serves, once asked for elsewhere however often it is read.
		expect(prices.portPrices(1, '2026-03').get('*')!.rate).toBe(8);
		expect(prices.portPrices(1, '2026-03').get('*')!.rate).toBe(8);
		expect(away).toEqual(['1:2026-03']);
		// A small household is priced here as before.
		expect(prices.portPrices(2, '2026-03').get('*')!.rate).toBe(9);
		answer();
		await new Promise((r) => setImmediate(r));
		expect(prices.portPrices(1, '2026-03').get('*')!.rate).toBe(9);
		expect(here).toEqual([1, 2, 2]);
		// Expired for over a minute more: too old to serve, priced here.
		rate = 10;
		clock.set(240_000);
		expect(prices.portPrices(1, '2026-03').get('*')!.rate).toBe(10);
		expect(here).toEqual([1, 2, 2, 1]);
	});

	it('prices here next time when the prices could not be worked out elsewhere', async () => {
		const clock = new FakeClock(0);
		const here: number[] = [];
		const prices = createMonthPrices(
			{ portPrices: (userId) => (here.push(userId), new Map([['*', bareRate(8)]])) },
			clock
		);
		prices.refreshIn(
			async () => new Map(),
			() => true
		);
		prices.portPrices(1, '2026-03');
		clock.set(60_000);
		prices.portPrices(1, '2026-03'); // stale, sent elsewhere, which comes back empty
		await new Promise((r) => setImmediate(r));
		prices.portPrices(1, '2026-03');
		expect(here).toEqual([1, 1]);
	});
});
