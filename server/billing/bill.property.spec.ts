import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeBill } from './bill';
import type { PortBucket } from './aggregate';
import { billingPeriod, localMidnight } from './local-time';
import { BD_LT_A_RESIDENTIAL_TARIFF } from './presets';
import type { TariffInput } from './tariff';

const BUCKET = 900_000;
const TZ = 'Europe/Berlin'; // March 2026 includes the spring DST change
const march = billingPeriod(localMidnight(2026, 3, 10, TZ), TZ);
const slots = (march.end - march.start) / BUCKET;

// A time-of-use version with a window across midnight, then slabs from the 20th:
// every pricing path and a version change inside one period.
const tariffs: TariffInput[] = [
	{ ...BD_LT_A_RESIDENTIAL_TARIFF, id: 'slabs', validFrom: '2026-03-20' },
	{
		id: 'tou',
		name: 'Time of use',
		validFrom: '2025-01-01',
		energy: {
			kind: 'tou',
			defaultRate: 7.3,
			windows: [
				{ name: 'Peak', start: '18:00', end: '23:00', rate: 11.9 },
				{ name: 'Night', start: '23:00', end: '06:00', rate: 4.1 }
			]
		},
		demandPerKw: 42,
		sanctionedLoadKw: 2,
		vatPercent: 5,
		meterRent: 10
	}
];

/** A bucket of the period: port 1..4, any slot, up to ~0.8 kWh. */
const bucket = fc.record({
	port: fc.integer({ min: 1, max: 4 }),
	slot: fc.integer({ min: 0, max: slots - 1 }),
	energyMj: fc.integer({ min: 0, max: 3_000_000_000 })
});

/** Cut `energy` into integer parts at the given fractions (parts sum to energy exactly). */
function cut(energy: number, fractions: number[]): number[] {
	const points = fractions.map((f) => Math.floor(energy * f)).sort((a, b) => a - b);
	return [...points, energy].map((p, i) => p - (i === 0 ? 0 : points[i - 1]!));
}

describe('bill invariance', () => {
	it('gives the same bill however the same energy is split across bucket rows and ordered', () => {
		const scenario = fc
			.array(
				fc.tuple(bucket, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 3 })),
				{ maxLength: 60 }
			)
			.chain((rows) => {
				const whole: PortBucket[] = rows.map(([b]) => ({
					port: b.port,
					start: march.start + b.slot * BUCKET,
					energyMj: b.energyMj
				}));
				const pieces: PortBucket[] = rows.flatMap(([b, fractions], i) =>
					cut(b.energyMj, fractions).map((energyMj) => ({
						port: b.port,
						start: whole[i]!.start,
						energyMj
					}))
				);
				return fc.tuple(
					fc.constant(whole),
					fc.shuffledSubarray(pieces, { minLength: pieces.length })
				);
			});
		fc.assert(
			fc.property(scenario, ([whole, shuffled]) => {
				const bill = (buckets: PortBucket[]) =>
					computeBill({ buckets, tariffs, tz: TZ, period: march });
				expect(bill(shuffled)).toEqual(bill(whole));
			}),
			{ numRuns: 200 }
		);
	});

	it('gives the same bill for a Map grouped by port and for the flat list', () => {
		fc.assert(
			fc.property(fc.array(bucket, { maxLength: 40 }), (rows) => {
				const list: PortBucket[] = rows.map((b) => ({
					port: b.port,
					start: march.start + b.slot * BUCKET,
					energyMj: b.energyMj
				}));
				const byPort = new Map<number, PortBucket[]>();
				for (const b of list)
					byPort.set(b.port as number, [...(byPort.get(b.port as number) ?? []), b]);
				const bill = (buckets: PortBucket[] | Map<number, PortBucket[]>) =>
					computeBill({ buckets, tariffs, tz: TZ, period: march });
				expect(bill(byPort)).toEqual(bill(list));
			}),
			{ numRuns: 100 }
		);
	});
});
