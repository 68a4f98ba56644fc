import { beforeEach, describe, expect, it } from 'vitest';
import { BD_LT_A_RESIDENTIAL_TARIFF, localMidnight } from './index';
import { forecastSentence } from './forecast-text';
import { FakeClock } from '../clock';
import type { Db } from '../db/connection';
import { householdDb } from '../db/fixtures';
import type { MeterService } from '../meter/meter.service';
import { createSettingsService } from '../settings/settings.service';
import type { BillsService } from './bills.service';
import { createPricing, type Pricing } from './pricing';

const TZ = 'Asia/Dhaka';
const MJ_PER_KWH = 3_600_000_000;
const dec = (d: number, h = 0) => localMidnight(2026, 12, d, TZ) + h * 3_600_000;

let db: Db;
let clock: FakeClock;
let pricing: Pricing;
let meter: MeterService;
let bills: BillsService;

/** `kwhPerDay` on port 1 in hourly buckets over [from, to). */
function strip(kwhPerDay: number, from: number, to: number) {
	const insert = db.prepare(
		`INSERT INTO energy_buckets (device_id, port, start, energy_mj, runtime_ms, peak_w, samples) VALUES (1, 1, ?, ?, 900000, 500, 90)`
	);
	for (let t = from; t < to; t += 3_600_000)
		insert.run(t, Math.round((kwhPerDay / 24) * MJ_PER_KWH));
}

beforeEach(() => {
	db = householdDb({ userId: 7, deviceId: 1, ports: 1 });
	clock = new FakeClock(dec(21));
	pricing = createPricing(db, clock, createSettingsService(db, clock));
	pricing.tariffs.save(7, { ...BD_LT_A_RESIDENTIAL_TARIFF, meterRent: 40 });
	({ meter, bills } = pricing);
});

describe('the running month through the whole pricing path', () => {
	it('worked example 3: 380 units by the end of the 20th at 15 a day forecasts passing 400 on the 22nd, in money', () => {
		// The strips draw 5 a day since the 1st; the meter read 10,000 on 30 Nov and 10,380 at the end of the 20th.
		strip(5, dec(1), dec(21));
		clock.set(dec(1) - 12 * 3_600_000);
		expect(
			meter.save(7, {
				kind: 'postpaid',
				phase: 'single',
				sanctionedLoadKw: 2,
				date: '2026-11-30',
				kwh: '10000'
			}).ok
		).toBe(true);
		clock.set(dec(21));
		expect(meter.addReading(7, { date: '2026-12-20', kwh: '10380' }).ok).toBe(true);
		// 'date' 2026-12-20 is a past day: its reading stands at local noon. Move it to the day's end.
		db.prepare(`UPDATE meter_readings SET taken_at = ? WHERE kwh = 10380`).run(dec(21));
		db.prepare(`UPDATE meter_readings SET taken_at = ? WHERE kwh = 10000`).run(dec(1));
		const v = bills.view(7);
		expect(v.householdKwh).toBeCloseTo(380, 6);
		expect(v.projected!.perDay).toBeCloseTo(380 / 20, 6);
		// At 380/20 = 19 a day the bound comes on the 22nd too; the page and the alert say it in money.
		expect(v.forecast).toMatchObject({ boundKwh: 400, rateNow: 8.02, rateAfter: 12.67 });
		expect(new Date(v.forecast!.crossesAt + 6 * 3_600_000).getUTCDate()).toBe(22);
		expect(v.forecast!.maxPerDay).toBeCloseTo(20 / 11, 6);
		const said = forecastSentence(v.forecast!, { locale: 'en-BD', currency: 'BDT', timezone: TZ });
		expect(said).toBe(
			'At this pace you pass 400 units on Dec 22; after that each unit costs ৳12.67 instead of ৳8.02. Stay under 400 by using at most 1.8 units a day.'
		);
		expect(bills.slabForecast(7).forecast?.boundKwh).toBe(400);
	});

	it('projects from the days the strips measured, not from the 1st, and compares only with a measured month', () => {
		// The strip arrived on the 15th and draws 6 a day; no meter yet, flat default tariff.
		pricing.tariffs.remove(7, BD_LT_A_RESIDENTIAL_TARIFF.validFrom);
		strip(6, dec(15), dec(21));
		const v = bills.view(7);
		expect(v.projected!.measuredDays).toBeCloseTo(6, 6);
		// 36 kWh over the 6 days measured, and 6 a day for the 11 days left: 102 kWh at the flat
		// 8.00. Spreading the 36 over all 20 days so far would have said 57 kWh.
		expect(v.projected!.strips.kwh).toBeCloseTo(102, 6);
		expect(v.projected!.strips.cost).toBe(816);
		expect(v.change).toBeNull(); // November had no data
		expect(v.history).toEqual([]);
		const nov = bills.view(7, '2026-11');
		expect(nov.hasData).toBe(false);
	});

	it('prices each day by the version in force when a tariff changes within the month', () => {
		pricing.tariffs.remove(7, BD_LT_A_RESIDENTIAL_TARIFF.validFrom);
		pricing.tariffs.save(7, {
			name: 'Eight',
			validFrom: '2020-01-01',
			energy: { kind: 'flat', rate: 8 }
		});
		pricing.tariffs.save(7, {
			name: 'Ten',
			validFrom: '2026-12-16',
			energy: { kind: 'flat', rate: 10 }
		});
		strip(6, dec(15), dec(21));
		// The 15th at 8.00, the 16th to the 20th at 10.00.
		expect(bills.view(7).strips.cost).toBe(6 * 8 + 30 * 10);
	});

	it('an "about N units a month" estimate gives a household bill with nothing read', () => {
		strip(6, dec(15), dec(21));
		expect(
			meter.save(7, { kind: 'postpaid', phase: 'single', sanctionedLoadKw: 2, monthlyKwh: '300' })
				.ok
		).toBe(true);
		const v = bills.view(7);
		expect(v.basis).toMatchObject({ restFrom: 'estimate', lastReading: null });
		// 300 a month is 9.86 a day for the home; the strips' 6 a day are part of it.
		expect(v.basis!.restPerDay).toBeCloseTo((300 * 12) / 365.25 - 6, 6);
		expect(v.householdKwh).toBeCloseTo(36 + 20 * v.basis!.restPerDay, 6);
		// Changing only the kind keeps the estimate; sending it empty withdraws it.
		expect(meter.save(7, { kind: 'prepaid' }).ok).toBe(true);
		expect(meter.household(7).meter).toMatchObject({ kind: 'prepaid', monthlyKwh: 300 });
		expect(meter.save(7, { monthlyKwh: '' }).ok).toBe(true);
		expect(meter.household(7).meter!.monthlyKwh).toBeNull();
	});
});

describe('the meter refuses what cannot be', () => {
	it('a future date, a lower reading, a reading before a replacement, naming the field', () => {
		expect(
			meter.save(7, {
				kind: 'postpaid',
				phase: 'single',
				sanctionedLoadKw: 2,
				date: '2026-12-01',
				kwh: '500'
			}).ok
		).toBe(true);
		expect(meter.addReading(7, { date: '2026-12-25', kwh: '600' })).toMatchObject({
			ok: false,
			field: 'date'
		});
		expect(meter.addReading(7, { date: '2026-12-10', kwh: '499.9' })).toMatchObject({
			ok: false,
			field: 'kwh'
		});
		expect(meter.addReading(7, { date: '2026-11-20', kwh: '501' })).toMatchObject({
			ok: false,
			field: 'kwh'
		});
		expect(meter.addReading(7, { date: '2026-12-10', kwh: '৬২০' })).toEqual({
			ok: true,
			value: undefined
		});
		expect(meter.replace(7, { date: '2026-12-05', newKwh: '0' })).toMatchObject({
			ok: false,
			field: 'date'
		});
		expect(meter.replace(7, { date: '2026-12-15', oldKwh: '610', newKwh: '0' })).toMatchObject({
			ok: false,
			field: 'oldKwh'
		});
		expect(meter.replace(7, { date: '2026-12-15', oldKwh: '640', newKwh: '0' }).ok).toBe(true);
		expect(meter.household(7).spans).toHaveLength(2);
		expect(meter.household(7).meter!.readings.map((r) => r.kwh)).toEqual([0]);
	});
});
