import { beforeEach, describe, expect, it } from 'vitest';
import { BD_LT_A_RESIDENTIAL_TARIFF, localMidnight } from './index';
import { FakeClock } from '../clock';
import type { Db } from '../db/connection';
import { householdDb } from '../db/fixtures';
import type { MeterService } from '../meter/meter.service';
import { createSettingsService } from '../settings/settings.service';
import { billingPeriod } from './local-time';
import { runMeter, type PrepaidRules } from './prepaid';
import type { PrepaidService } from './prepaid.service';
import { createPricing } from './pricing';
import { parseTariff } from './tariff';

const TZ = 'Asia/Dhaka';
const DAY = 86_400_000;
const HOUR = 3_600_000;
const dec = (d: number, h = 0) => localMidnight(2026, 12, d, TZ) + h * HOUR;
const ltA = { ...BD_LT_A_RESIDENTIAL_TARIFF, meterRent: 40 };

let db: Db;
let clock: FakeClock;
let meter: MeterService;
let prepaid: PrepaidService;

/** The strips draw a steady 2 units a day (hourly buckets) over [from, to). */
function strips(from: number, to: number) {
	const insert = db.prepare(
		`INSERT INTO energy_buckets (device_id, port, start, energy_mj, runtime_ms, peak_w, samples) VALUES (1, 1, ?, ?, 900000, 80, 90)`
	);
	for (let t = from; t < to; t += HOUR) insert.run(t, (2 / 24) * 3_600_000_000);
}

beforeEach(() => {
	db = householdDb({ userId: 7, deviceId: 1, ports: 1 });
	clock = new FakeClock(dec(3, 9));
	const pricing = createPricing(db, clock, createSettingsService(db, clock));
	pricing.tariffs.save(7, ltA);
	({ meter, prepaid } = pricing);
	expect(
		meter.save(7, {
			kind: 'prepaid',
			phase: 'single',
			sanctionedLoadKw: 2,
			monthlyKwh: '',
			kwh: '0',
			date: '2026-12-01'
		}).ok
	).toBe(true);
});

const rules: PrepaidRules = {
	periodOf: (at) => billingPeriod(at, TZ),
	tariffAt: () => parseTariff(ltA),
	sanctionedLoadKw: 2,
	rebatePercent: 0.5
};

describe('a prepaid household through the service', () => {
	it('worked example 4: the month’s first recharge of 1,000.00 leaves 871.80', () => {
		expect(
			prepaid.recharge(7, { amount: '1,000', date: '2026-12-03', token: '1234-5678' }).ok
		).toBe(true);
		clock.set(dec(3, 13));
		const v = prepaid.view(7)!;
		expect(v.balance).toBe(871.8);
		expect(v.since).toMatchObject({ recharged: 1000, fixed: 128.2 });
		expect(v.recharges[0]).toMatchObject({ amount: 1000, token: '1234-5678' });
	});

	it('learns the rest of the home from two balance readings, and the range narrows as readings come', () => {
		strips(dec(1), dec(20));
		expect(prepaid.recharge(7, { amount: '500', date: '2026-12-03' }).ok).toBe(true);
		clock.set(dec(5, 12));
		expect(prepaid.balance(7, { amount: '300' }).ok).toBe(true);
		clock.set(dec(8, 12));
		const first = prepaid.view(7)!;
		// What the meter would show on the 12th if the rest of the home used 3 units a day.
		const monthUnits = 2 * 4.5 + 3 * 4.5;
		const truth = runMeter(
			rules,
			{ at: dec(5, 12), balance: 300, monthUnits, pending: [] },
			dec(12, 12),
			[],
			() => 2 / 24,
			3 / DAY
		);
		clock.set(dec(12, 12));
		expect(prepaid.balance(7, { amount: truth.end.balance.toFixed(2) }).ok).toBe(true);
		const second = prepaid.view(7)!;
		expect(second.restFrom).toBe('balance');
		expect(second.restPerDay).toBeCloseTo(3, 1);
		expect(second.readingsUsed).toBe(1);
		expect(second.runOut).not.toBeNull();
		const width = (v: typeof first) => v.runOut!.late - v.runOut!.early;
		expect(width(second) / second.daysLeft!).toBeLessThan(width(first) / first.daysLeft!);
		expect(second.runOut!.early).toBeLessThan(second.runOut!.at);
		expect(second.runOut!.late).toBeGreaterThan(second.runOut!.at);
	});

	it('refuses a recharge of nothing, a future date and a balance higher than possible, storing nothing', () => {
		expect(prepaid.recharge(7, { amount: '0' })).toMatchObject({ ok: false, field: 'amount' });
		expect(prepaid.recharge(7, { amount: '-50' })).toMatchObject({ ok: false, field: 'amount' });
		expect(prepaid.recharge(7, { amount: '500', date: '2026-12-25' })).toMatchObject({
			ok: false,
			field: 'date'
		});
		expect(prepaid.view(7)).toMatchObject({ empty: true, recharges: [] });
		expect(prepaid.recharge(7, { amount: '500', date: '2026-12-02' }).ok).toBe(true);
		expect(prepaid.balance(7, { amount: '300' }).ok).toBe(true);
		clock.advance(DAY);
		const more = prepaid.balance(7, { amount: '350' });
		expect(more).toMatchObject({ ok: false, field: 'amount' });
		expect(prepaid.balance(7, { amount: '299.50' }).ok).toBe(true);
		expect(prepaid.view(7)!.anchor).toMatchObject({ amount: 299.5 });
	});
});
