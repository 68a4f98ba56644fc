import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Db } from '../db/connection';
import { householdDb } from '../db/fixtures';
import { localMidnight } from './local-time';
import { createSpanSums } from './span-sums';
import { createUsageRepository } from './usage.repository';

const BUCKET = 900_000;
const DAY = 86_400_000;
/** 25 March 2026 UTC: Europe's spring change and North America's already past, Chatham's autumn one near. */
const BASE = Date.UTC(2026, 2, 25);
const SLOTS = 12 * 96;
const ZONES = [
	'Asia/Dhaka',
	'Europe/Berlin',
	'America/St_Johns',
	'Asia/Kathmandu',
	'Pacific/Chatham',
	'America/Los_Angeles',
	'UTC'
];
const OWNER = 7;
const OTHER = 8;

/** Owner 7: strip 1 (4 ports) and strip 2 (2 ports); owner 8: strip 3 (1 port), never counted. */
function twoHouseholds(): Db {
	const db = householdDb({ userId: OWNER, deviceId: 1, ports: 4 });
	db.prepare(
		`INSERT INTO users (id, email, password_hash, created_at, password_changed_at) VALUES (?, 'other@example.com', 'x', 0, 0)`
	).run(OTHER);
	const device = db.prepare(
		`INSERT INTO devices (id, name, port_count, token_hash, created_at, owner_id) VALUES (?, 'Strip', ?, ?, 0, ?)`
	);
	const port = db.prepare(`INSERT INTO ports (device_id, port) VALUES (?, ?)`);
	device.run(2, 2, 'h2', OWNER);
	port.run(2, 1);
	port.run(2, 2);
	device.run(3, 1, 'h3', OTHER);
	port.run(3, 1);
	return db;
}

const PORTS: [number, number][] = [
	[1, 1],
	[1, 2],
	[1, 3],
	[1, 4],
	[2, 1],
	[2, 2],
	[3, 1]
];

/** A bucket: which port, which 15 minutes of the 12 days, and how many millijoules (up to ~280 kWh). */
const bucket = fc.record({
	port: fc.integer({ min: 0, max: PORTS.length - 1 }),
	slot: fc.integer({ min: 0, max: SLOTS - 1 }),
	mj: fc.integer({ min: 1, max: 1_000_000_000_000 })
});

/** A span starting near a local midnight of a zone (DST days included), any length up to 13 days. */
const span = fc.record({
	zone: fc.constantFrom(...ZONES),
	day: fc.integer({ min: -1, max: 12 }),
	offset: fc.integer({ min: -2 * DAY, max: 2 * DAY }),
	aligned: fc.boolean(),
	length: fc.oneof(
		fc.integer({ min: 0, max: 2 * DAY }),
		fc.integer({ min: 0, max: 13 * DAY }),
		fc.integer({ min: 0, max: 13 }).map((d) => d * DAY)
	)
});

function spanOf(s: {
	zone: string;
	day: number;
	offset: number;
	aligned: boolean;
	length: number;
}): [number, number] {
	const midnight = localMidnight(2026, 3, 25 + s.day, s.zone);
	const from = s.aligned ? midnight + Math.round(s.offset / BUCKET) * BUCKET : midnight + s.offset;
	return [from, from + (s.aligned ? Math.round(s.length / BUCKET) * BUCKET : s.length)];
}

describe('span sums from the household index', () => {
	it('equal the sums of the buckets for random data, spans and zones, before and after new and late energy', () => {
		fc.assert(
			fc.property(
				fc.array(bucket, { maxLength: 300 }),
				fc.array(span, { minLength: 1, maxLength: 6 }),
				// Later batches: energy added to buckets, some of them received a little out of order.
				fc.array(fc.record({ rows: fc.array(bucket, { maxLength: 20 }), late: fc.boolean() }), {
					maxLength: 4
				}),
				(initial, spans, batches) => {
					const db = twoHouseholds();
					const stored = createUsageRepository(db);
					const sums = createSpanSums(stored);
					const add = db.prepare(
						`INSERT INTO energy_buckets (device_id, port, start, energy_mj, runtime_ms, peak_w, samples, changed_at)
						 VALUES (?, ?, ?, ?, 0, NULL, 1, ?)
						 ON CONFLICT (device_id, port, start) DO UPDATE SET
						   energy_mj = energy_buckets.energy_mj + excluded.energy_mj, changed_at = excluded.changed_at`
					);
					const write = (rows: typeof initial, at: number) => {
						for (const b of rows) {
							const [d, p] = PORTS[b.port]!;
							add.run(d, p, BASE + b.slot * BUCKET, b.mj, at);
						}
					};
					const check = () => {
						for (const s of spans) {
							const [from, to] = spanOf(s);
							expect(sums.stripMj(OWNER, from, to)).toBe(stored.stripMj(OWNER, from, to));
							expect(sums.energyByPort(OWNER, from, to)).toEqual(
								stored.energyByPort(OWNER, from, to)
							);
							expect(sums.stripMj(OTHER, from, to)).toBe(stored.stripMj(OTHER, from, to));
						}
					};
					let at = 1_000_000;
					write(initial, at);
					check();
					for (const batch of batches) {
						at += 5_000;
						// Committed after a later batch, within the group commit's reach.
						write(batch.rows, batch.late ? at - 20_000 : at);
						check();
					}
					db.close();
				}
			),
			{ numRuns: 150 }
		);
	});

	it('equal the bucket sums when the index was built in the background while energy arrived', async () => {
		const db = twoHouseholds();
		const stored = createUsageRepository(db);
		const add = db.prepare(
			`INSERT INTO energy_buckets (device_id, port, start, energy_mj, runtime_ms, peak_w, samples, changed_at)
			 VALUES (?, ?, ?, ?, 0, NULL, 1, ?)
			 ON CONFLICT (device_id, port, start) DO UPDATE SET
			   energy_mj = energy_buckets.energy_mj + excluded.energy_mj, changed_at = excluded.changed_at`
		);
		PORTS.forEach(([d, p], i) => {
			for (let slot = 0; slot < SLOTS; slot += 7)
				add.run(d, p, BASE + slot * BUCKET, slot + i, 1_000);
		});
		const sums = createSpanSums(stored);
		const turn = () => new Promise((r) => setImmediate(r));
		// A few ports read, then energy lands on ports read and not yet read.
		await turn();
		await turn();
		add.run(1, 1, BASE + 5 * BUCKET, 777, 2_000);
		add.run(2, 2, BASE + 100 * BUCKET, 888, 2_000);
		await turn();
		add.run(1, 3, BASE + 700 * BUCKET, 999, 3_000);
		// The build finishes in the background; nothing is written after it.
		for (let i = 0; i < 20; i++) await turn();
		const spans: [number, number][] = [
			[BASE - DAY, BASE + 13 * DAY],
			[BASE + 5 * BUCKET, BASE + 6 * BUCKET],
			[BASE + 3 * DAY + 1234, BASE + 9 * DAY - 77]
		];
		for (const [from, to] of spans) {
			expect(sums.stripMj(OWNER, from, to)).toBe(stored.stripMj(OWNER, from, to));
			expect(sums.energyByPort(OWNER, from, to)).toEqual(stored.energyByPort(OWNER, from, to));
		}
		expect(sums.stripMj(OWNER, BASE, BASE + 13 * DAY)).toBeGreaterThan(0);
		db.close();
	});

	it('builds a household asked for by ready() one port per turn, then answers without reading buckets again', async () => {
		const db = twoHouseholds();
		const stored = createUsageRepository(db);
		const add = db.prepare(
			`INSERT INTO energy_buckets (device_id, port, start, energy_mj, runtime_ms, peak_w, samples, changed_at)
			 VALUES (?, ?, ?, ?, 0, NULL, 1, 1000)`
		);
		PORTS.forEach(([d, p], i) => add.run(d, p, BASE + i * BUCKET, 1_000 + i));
		const reads: string[] = [];
		const sums = createSpanSums(
			{
				...stored,
				portEnergy: (deviceId, port) => {
					reads.push(`port ${deviceId}:${port}`);
					return stored.portEnergy(deviceId, port);
				}
			},
			{ slicedAbovePorts: 0 }
		);
		let turns = 0;
		let counting = true;
		const count = () => {
			turns++;
			if (counting) setImmediate(count);
		};
		setImmediate(count);
		await sums.ready(OTHER);
		await sums.ready(OWNER);
		counting = false;
		// Six ports of the household and one of the other, with other callbacks between them.
		expect(reads.filter((r) => r.startsWith('port 3:'))).toEqual(['port 3:1']);
		expect(reads.filter((r) => !r.startsWith('port 3:'))).toHaveLength(6);
		expect(turns).toBeGreaterThanOrEqual(6);
		const before = reads.length;
		expect(sums.stripMj(OWNER, BASE, BASE + DAY)).toBe(stored.stripMj(OWNER, BASE, BASE + DAY));
		await sums.ready(OWNER);
		expect(reads).toHaveLength(before);
		db.close();
	});

	it('leaves out energy written in a transaction that rolls back', () => {
		const db = twoHouseholds();
		const stored = createUsageRepository(db);
		const sums = createSpanSums(stored);
		const add = db.prepare(
			`INSERT INTO energy_buckets (device_id, port, start, energy_mj, runtime_ms, peak_w, samples, changed_at)
			 VALUES (1, 1, ?, ?, 0, NULL, 1, ?)`
		);
		add.run(BASE, 1_000, 1_000);
		const week = [BASE - DAY, BASE + 6 * DAY] as const;
		expect(sums.stripMj(OWNER, ...week)).toBe(1_000);
		const rollBack = db.transaction(() => {
			add.run(BASE + BUCKET, 5_000, 2_000);
			// A figure asked for inside the write sees the write, as SQLite does.
			expect(sums.stripMj(OWNER, ...week)).toBe(6_000);
			throw new Error('roll back');
		});
		expect(() => rollBack()).toThrow('roll back');
		expect(sums.stripMj(OWNER, ...week)).toBe(1_000);
		expect(sums.energyByPort(OWNER, ...week)[0]).toEqual([1, 1, 1_000]);
	});

	it('counts a strip that moves to another household there, and no longer here', () => {
		const db = twoHouseholds();
		const stored = createUsageRepository(db);
		const sums = createSpanSums(stored);
		db.prepare(
			`INSERT INTO energy_buckets (device_id, port, start, energy_mj, runtime_ms, peak_w, samples, changed_at)
			 VALUES (?, ?, ?, ?, 0, NULL, 1, 0)`
		).run(2, 1, BASE, 5_000);
		const week = [BASE - 3 * DAY, BASE + 4 * DAY] as const;
		expect(sums.stripMj(OWNER, ...week)).toBe(5_000);
		expect(sums.stripMj(OTHER, ...week)).toBe(0);
		db.prepare(`UPDATE devices SET owner_id = ? WHERE id = 2`).run(OTHER);
		expect(sums.stripMj(OWNER, ...week)).toBe(0);
		expect(sums.stripMj(OTHER, ...week)).toBe(5_000);
		expect(sums.energyByPort(OTHER, ...week)).toEqual([
			[2, 1, 5_000],
			[2, 2, 0],
			[3, 1, 0]
		]);
	});
});
