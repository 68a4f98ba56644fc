import { describe, expect, it } from 'vitest';
import { createSlabForecasts } from './slab-forecasts';

const settle = () => new Promise((r) => setImmediate(r));

function setUp() {
	let slot = 1;
	const here: number[] = [];
	const away: { userId: number; answer: (f: string) => void; fail: () => void }[] = [];
	const looked: number[] = [];
	const forecasts = createSlabForecasts<string>({
		here: (userId) => (here.push(userId), `here ${userId}`),
		elsewhere: (userId) =>
			userId === 1
				? new Promise<string>((resolve, reject) =>
						away.push({ userId, answer: resolve, fail: () => reject(new Error('gone')) })
					)
				: null,
		slot: () => slot,
		answered: (userId) => looked.push(userId)
	});
	return {
		forecasts,
		here,
		away,
		looked,
		next: () => slot++
	};
}

describe('slab forecasts for the alert rules', () => {
	it("works a small household's out here at every look", () => {
		const t = setUp();
		expect(t.forecasts.get(2)).toBe('here 2');
		expect(t.forecasts.get(2)).toBe('here 2');
		expect(t.here).toEqual([2, 2]);
	});

	it('passes a large household by until its forecast comes from elsewhere, then looks again, and keeps it for the quarter hour', async () => {
		const t = setUp();
		expect(t.forecasts.get(1)).toBeUndefined();
		expect(t.forecasts.get(1)).toBeUndefined(); // asked once
		expect(t.away).toHaveLength(1);
		t.away[0]!.answer('away 1');
		await settle();
		expect(t.looked).toEqual([1]);
		expect(t.forecasts.get(1)).toBe('away 1');
		expect(t.here).toEqual([]);
		t.next();
		expect(t.forecasts.get(1)).toBeUndefined();
		expect(t.away).toHaveLength(2);
	});

	it('asks again when its meter or tariff changed while it was being worked out', async () => {
		const t = setUp();
		t.forecasts.get(1);
		t.forecasts.drop(1);
		t.away[0]!.answer('before the change');
		await settle();
		expect(t.looked).toEqual([1]);
		expect(t.forecasts.get(1)).toBeUndefined();
		expect(t.away).toHaveLength(2);
		t.away[1]!.answer('after the change');
		await settle();
		expect(t.forecasts.get(1)).toBe('after the change');
	});

	it('forgets a kept forecast when dropped, and tries again at the next look after a failure', async () => {
		const t = setUp();
		t.forecasts.get(1);
		t.away[0]!.answer('first');
		await settle();
		t.forecasts.drop(1);
		expect(t.forecasts.get(1)).toBeUndefined();
		t.away[1]!.fail();
		await settle();
		expect(t.looked).toEqual([1]); // a failure does not look again by itself
		expect(t.forecasts.get(1)).toBeUndefined();
		expect(t.away).toHaveLength(3);
	});
});
