import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { LocalDb } from './local-db';
import { localView } from './local-view';

let n = 0;
const port = (p: number, power: number) => ({
	deviceId: 1,
	port: p,
	label: null,
	ts: 1000,
	voltage: 230,
	current: power / 230,
	power,
	pf: 1,
	relay: true
});

/** Collects what a page subscribed to the view would get. */
function watch<T>(store: ReturnType<typeof localView<T>>) {
	const seen: (T | null)[] = [];
	const stop = store.subscribe((v) => seen.push(v));
	return { seen, stop };
}

const until = async (check: () => boolean) => {
	for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
	expect(check()).toBe(true);
};

describe('localView', () => {
	it('delivers the first read, then only reads that changed, keeping unchanged ports', async () => {
		const db = new LocalDb(`local-view-${++n}`);
		await db.ports.bulkPut([port(1, 10), port(2, 20)]);
		const { seen, stop } = watch(
			localView(
				async () => db,
				(d) => d.ports.toArray()
			)
		);
		await until(() => seen.length === 2);
		expect(seen[0]).toBeNull();
		const first = seen[1]!;
		expect(first.map((p) => p.power)).toEqual([10, 20]);

		// The same rows written again (a pull that brought nothing new): nothing re-renders.
		await db.ports.bulkPut([port(1, 10), port(2, 20)]);
		await new Promise((r) => setTimeout(r, 100));
		expect(seen).toHaveLength(2);

		// One port changes: a new list, the other port's object kept.
		await db.ports.put(port(2, 25));
		await until(() => seen.length === 3);
		const second = seen[2]!;
		expect(second.map((p) => p.power)).toEqual([10, 25]);
		expect(second[0]).toBe(first[0]);
		expect(second[1]).not.toBe(first[1]);
		stop();
		db.close();
	});

	it('never shows a value older than one already shown, nor the same one twice', async () => {
		const db = new LocalDb(`local-view-${++n}`);
		await db.ports.bulkPut([port(1, 10)]);
		const { seen, stop } = watch(
			localView(
				async () => db,
				(d) => d.ports.toArray()
			)
		);
		await until(() => seen.length === 2);
		for (let w = 11; w <= 15; w++) await db.ports.put(port(1, w));
		await until(() => seen.at(-1)?.[0]?.power === 15);
		// Five writes, at most five reads, and the page never sees a value go backwards.
		const powers = seen.slice(1).map((v) => v![0]!.power as number);
		expect(powers).toEqual([...powers].sort((a, b) => a - b));
		expect(new Set(powers).size).toBe(powers.length);
		stop();
		db.close();
	});
});
