import { describe, expect, it } from 'vitest';
import {
	BD_LT_A_RESIDENTIAL_TARIFF,
	SEED_FLAT_TARIFF,
	localMidnight,
	parseTariff
} from '../billing';
import { rateAt } from '../billing/marginal-rate';
import { suggest, type PortUsage, type UsageBucket } from './suggest';

const TZ = 'Asia/Dhaka';
const Q = 900_000;
const DAYS = 7;
const start = localMidnight(2026, 3, 1, TZ);

/** Buckets for every quarter hour of the week at which `watts(minuteOfDay)` is not null. */
function week(watts: (minute: number) => number | null, running: boolean): UsageBucket[] {
	const out: UsageBucket[] = [];
	for (let i = 0; i < DAYS * 96; i++) {
		const w = watts((i % 96) * 15);
		if (w === null) continue;
		out.push({
			start: start + i * Q,
			energyMj: w * 900 * 1000,
			runtimeMs: running ? Q : 0,
			samples: 90
		});
	}
	return out;
}

const port = (
	key: string,
	buckets: UsageBucket[],
	projectedKwh = 0,
	lastMonthKwh = 0
): PortUsage => ({
	key,
	name: key,
	buckets,
	projectedKwh,
	lastMonthKwh
});

const tou = parseTariff({
	id: 't',
	name: 'TOU',
	validFrom: '2020-01-01',
	energy: {
		kind: 'tou',
		defaultRate: 8,
		windows: [{ name: 'Peak', start: '18:00', end: '23:00', rate: 12 }]
	}
});

describe('suggestions priced at the current tariff', () => {
	it('finds standby, all-night and month-on-month jumps at a flat rate, and no peak shift', () => {
		const s = suggest({
			ports: [
				port(
					'tv',
					week(() => 2, false)
				),
				port(
					'pump',
					week((m) => (m >= 60 && m < 300 ? 100 : null), true)
				),
				port(
					'heater',
					week(() => null, true),
					40,
					20
				)
			],
			tariff: SEED_FLAT_TARIFF,
			projectedMonthKwh: 100,
			tz: TZ,
			days: DAYS
		});
		expect(s.map((x) => [x.kind, x.portKey, Math.round(x.monthlySaving * 100) / 100])).toEqual([
			['night', 'pump', 96], // 0.4 kWh a night × 30 × 8
			['standby', 'tv', 11.52] // 2 W × 24 h × 30 = 1.44 kWh × 8
		]);
	});

	it('prices a jump at the port’s average rate', () => {
		const s = suggest({
			ports: [
				port(
					'heater',
					week((m) => (m === 600 ? 1000 : null), true),
					40,
					20
				)
			],
			tariff: SEED_FLAT_TARIFF,
			projectedMonthKwh: 100,
			tz: TZ,
			days: DAYS
		});
		expect(s.map((x) => [x.kind, x.monthlySaving])).toEqual([['jump', 160]]);
	});

	it('suggests moving heavy use out of peak hours under time of use', () => {
		const s = suggest({
			ports: [
				port(
					'iron',
					week((m) => (m >= 18 * 60 && m < 19 * 60 ? 1000 : null), true)
				)
			],
			tariff: tou,
			projectedMonthKwh: 100,
			tz: TZ,
			days: DAYS
		});
		// 1 kWh a day in peak: 30 kWh a month × (12 − 8).
		expect(s.map((x) => [x.kind, Math.round(x.monthlySaving * 100) / 100])).toEqual([
			['peak', 120]
		]);
	});

	it('uses the slab the month reaches as the marginal rate', () => {
		expect(rateAt(BD_LT_A_RESIDENTIAL_TARIFF, 0, 40)).toBe(4.63);
		expect(rateAt(BD_LT_A_RESIDENTIAL_TARIFF, 0, 250)).toBe(7.59);
		expect(rateAt(BD_LT_A_RESIDENTIAL_TARIFF, 0, 700)).toBe(14.61);
		expect(rateAt(tou, 18 * 60, 0)).toBe(12);
		expect(rateAt(tou, 17 * 60, 0)).toBe(8);
	});
});
