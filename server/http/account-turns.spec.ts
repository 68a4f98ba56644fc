import { describe, expect, it } from 'vitest';
import { createAccountTurns } from './account-turns';

const granted = async (p: Promise<unknown>) => {
	const t = (await p) as { release?: () => void };
	if (!t.release) throw new Error(`not granted: ${JSON.stringify(t)}`);
	return t.release;
};

describe('account turns', () => {
	it('hands turns on in arrival order as they are given back', async () => {
		const turns = createAccountTurns({ atOnce: 1, queued: 4 });
		const release = await granted(turns.take(1));
		const order: string[] = [];
		const second = turns.take(1).then((t) => (order.push('second'), t));
		const third = turns.take(1).then((t) => (order.push('third'), t));
		expect(turns.waiting()).toBe(2);
		release();
		(await granted(second))();
		(await granted(third))();
		expect(order).toEqual(['second', 'third']);
		expect(turns.running()).toBe(0);
	});

	it('refuses beyond the queue, per account', async () => {
		const turns = createAccountTurns({ atOnce: 1, queued: 1 });
		await granted(turns.take(1));
		void turns.take(1);
		expect(await turns.take(1)).toEqual({ refused: true });
		await granted(turns.take(2));
	});

	it('drops a waiter whose signal aborts, and a release given twice counts once', async () => {
		const turns = createAccountTurns({ atOnce: 1, queued: 4 });
		const release = await granted(turns.take(1));
		const gone = new AbortController();
		const abandoned = turns.take(1, gone.signal);
		const next = turns.take(1);
		gone.abort();
		expect(await abandoned).toEqual({ aborted: true });
		expect(turns.waiting()).toBe(1);
		release();
		release();
		const nextRelease = await granted(next);
		expect(turns.running()).toBe(1);
		nextRelease();
		expect(turns.running()).toBe(0);
	});
});
