import { describe, expect, it } from 'vitest';
import { BD_LT_A_RESIDENTIAL_TARIFF, SEED_FLAT_TARIFF } from './presets';
import {
	inWindow,
	minuteOfDay,
	parseTariff,
	sortVersions,
	tariffInForce,
	TariffSchema,
	type TariffInput
} from './tariff';

const flat = (id: string, validFrom: string, rate = 8): TariffInput => ({
	id,
	name: id,
	validFrom,
	energy: { kind: 'flat', rate }
});

describe('TariffSchema', () => {
	it('accepts both presets', () => {
		expect(TariffSchema.safeParse(SEED_FLAT_TARIFF).success).toBe(true);
		expect(TariffSchema.safeParse(BD_LT_A_RESIDENTIAL_TARIFF).success).toBe(true);
	});

	it('defaults the currency to BDT', () => {
		expect(parseTariff(flat('a', '2026-01-01')).currency).toBe('BDT');
	});

	it('accepts a time-of-use window that crosses midnight', () => {
		const t = {
			...flat('tou', '2026-01-01'),
			energy: {
				kind: 'tou',
				defaultRate: 8,
				windows: [{ name: 'Night', start: '22:00', end: '06:00', rate: 5 }]
			}
		};
		expect(TariffSchema.safeParse(t).success).toBe(true);
	});

	it('rejects overlapping windows, including across midnight', () => {
		const t = {
			...flat('tou', '2026-01-01'),
			energy: {
				kind: 'tou',
				defaultRate: 8,
				windows: [
					{ name: 'Night', start: '22:00', end: '06:00', rate: 5 },
					{ name: 'Dawn', start: '05:00', end: '07:00', rate: 6 }
				]
			}
		};
		const result = TariffSchema.safeParse(t);
		expect(result.success).toBe(false);
		expect(result.error?.issues[0]?.message).toMatch(/overlap/);
	});

	it('rejects slab bounds that do not ascend', () => {
		const t = {
			...flat('s', '2026-01-01'),
			slabs: {
				tiers: [
					{ upToKwh: 100, rate: 5 },
					{ upToKwh: 50, rate: 6 },
					{ upToKwh: null, rate: 7 }
				]
			}
		};
		expect(TariffSchema.safeParse(t).success).toBe(false);
	});

	it('rejects slabs whose last tier is bounded', () => {
		const t = { ...flat('s', '2026-01-01'), slabs: { tiers: [{ upToKwh: 100, rate: 5 }] } };
		expect(TariffSchema.safeParse(t).success).toBe(false);
	});

	it('rejects a validFrom that is not a calendar date', () => {
		expect(TariffSchema.safeParse(flat('a', '2026-02-30')).success).toBe(false);
	});
});

describe('time-of-use windows', () => {
	it('includes the start minute and excludes the end minute', () => {
		const peak = { start: '18:00', end: '23:00' };
		expect(inWindow(minuteOfDay('17:45'), peak)).toBe(false);
		expect(inWindow(minuteOfDay('18:00'), peak)).toBe(true);
		expect(inWindow(minuteOfDay('22:45'), peak)).toBe(true);
		expect(inWindow(minuteOfDay('23:00'), peak)).toBe(false);
	});

	it('wraps a window that ends before it starts past midnight', () => {
		const night = { start: '22:00', end: '06:00' };
		expect(inWindow(minuteOfDay('23:30'), night)).toBe(true);
		expect(inWindow(minuteOfDay('00:00'), night)).toBe(true);
		expect(inWindow(minuteOfDay('05:45'), night)).toBe(true);
		expect(inWindow(minuteOfDay('06:00'), night)).toBe(false);
		expect(inWindow(minuteOfDay('12:00'), night)).toBe(false);
	});
});

describe('tariff versions', () => {
	const versions = sortVersions([
		flat('c', '2026-03-01'),
		flat('a', '2026-01-01'),
		flat('b', '2026-02-15')
	]);

	it('uses the version with the latest validFrom on or before the date', () => {
		expect(tariffInForce(versions, '2026-02-14').id).toBe('a');
		expect(tariffInForce(versions, '2026-02-15').id).toBe('b');
		expect(tariffInForce(versions, '2026-12-31').id).toBe('c');
	});

	it('uses the earliest version for dates before any version', () => {
		expect(tariffInForce(versions, '2025-06-01').id).toBe('a');
	});

	it('refuses two versions valid from the same date', () => {
		expect(() => sortVersions([flat('a', '2026-01-01'), flat('b', '2026-01-01')])).toThrow(
			/both valid from/
		);
	});

	it('refuses versions in different currencies', () => {
		expect(() =>
			sortVersions([flat('a', '2026-01-01'), { ...flat('b', '2026-02-01'), currency: 'EUR' }])
		).toThrow(/currency/);
	});
});

describe('presets', () => {
	it('cannot be edited in place', () => {
		expect(Object.isFrozen(BD_LT_A_RESIDENTIAL_TARIFF.slabs?.tiers[0])).toBe(true);
		expect(() => {
			(SEED_FLAT_TARIFF.energy as { rate: number }).rate = 1;
		}).toThrow(TypeError);
	});
});
