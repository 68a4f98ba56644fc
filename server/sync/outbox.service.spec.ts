import { afterEach, describe, expect, it } from 'vitest';
import { createThresholds } from '../alerts/thresholds.repository';
import { createThresholdsService } from '../alerts/thresholds.service';
import { createPricing } from '../billing/pricing';
import { createUsageRepository } from '../billing/usage.repository';
import { FakeClock } from '../clock';
import { openDatabase, type Db } from '../db/connection';
import { createSettingsService } from '../settings/settings.service';
import { createOutboxService } from './outbox.service';

let db: Db;
afterEach(() => db?.close());

/** The outbox over the real thresholds, tariffs and settings services on an in-memory database. */
function setup() {
	db = openDatabase(':memory:');
	for (const id of [1, 2]) {
		db.prepare(
			`INSERT INTO users (id, email, password_hash, created_at, password_changed_at) VALUES (?, ?, 'x', 0, 0)`
		).run(id, `u${id}@example.com`);
		db.prepare(
			`INSERT INTO devices (id, name, port_count, token_hash, created_at, owner_id) VALUES (?, ?, 2, ?, 0, ?)`
		).run(id * 10, `Strip ${id}`, `h${id}`, id);
		for (const port of [1, 2]) {
			db.prepare(`INSERT INTO ports (device_id, port) VALUES (?, ?)`).run(id * 10, port);
		}
	}
	const clock = new FakeClock(Date.UTC(2026, 10, 27));
	const thresholds = createThresholdsService(createThresholds(db), createUsageRepository(db));
	const settings = createSettingsService(db, clock);
	const { tariffs, meter, prepaid } = createPricing(db, clock, settings);
	const changed: number[] = [];
	const outbox = createOutboxService(db, clock, {
		acknowledgeAlert: () => true,
		acknowledgeAll: () => {},
		labelPort: () => true,
		setSetting: (userId, key, value) => void settings.setForUser(userId, key, value),
		setThresholds: (userId, deviceId, port, values) =>
			thresholds.update(userId, deviceId, port, values),
		saveTariff: (userId, tariff) => tariffs.save(userId, tariff),
		removeTariff: (userId, validFrom) => void tariffs.remove(userId, validFrom),
		prepaid: (userId, kind, input) => prepaid[kind](userId, input),
		changed: (userId) => changed.push(userId)
	});
	const portOf = (userId: number, deviceId: number, port: number) =>
		thresholds.list(userId).find((t) => t.deviceId === deviceId && t.port === port);
	return { outbox, thresholds, tariffs, settings, changed, portOf, meter, prepaid, clock };
}

const flat = (validFrom: string, rate: number) => ({
	id: 'custom',
	name: `Flat ${rate}`,
	validFrom,
	currency: 'BDT',
	energy: { kind: 'flat', rate }
});

describe('outbox: thresholds', () => {
	it('changes only the fields an op names, so two phones editing one port both keep theirs', () => {
		const { outbox, portOf } = setup();
		expect(
			outbox.apply(1, [
				{ id: 'phone-a-1', type: 'thresholds.set', deviceId: 10, port: 1, values: { peakW: 700 } },
				{
					id: 'phone-b-1',
					type: 'thresholds.set',
					deviceId: 10,
					port: 1,
					values: { highUsageW: 1500 }
				}
			])
		).toEqual([
			{ id: 'phone-a-1', status: 'applied' },
			{ id: 'phone-b-1', status: 'applied' }
		]);
		expect(portOf(1, 10, 1)).toMatchObject({ highUsageW: 1500, dailyCost: null, peakW: 700 });
	});

	it('lets the later of two changes to one field win, and null restores the default', () => {
		const { outbox, portOf } = setup();
		outbox.apply(1, [
			{ id: 'first-000', type: 'thresholds.set', deviceId: 10, port: 2, values: { dailyCost: 50 } },
			{ id: 'second-00', type: 'thresholds.set', deviceId: 10, port: 2, values: { dailyCost: 80 } }
		]);
		expect(portOf(1, 10, 2)?.dailyCost).toBe(80);
		outbox.apply(1, [
			{
				id: 'third-000',
				type: 'thresholds.set',
				deviceId: 10,
				port: 2,
				values: { dailyCost: null }
			}
		]);
		expect(portOf(1, 10, 2)?.dailyCost).toBeNull();
	});

	it('applies an op id once, however often it is sent', () => {
		const { outbox, portOf } = setup();
		const op = {
			id: 'once-0000',
			type: 'thresholds.set',
			deviceId: 10,
			port: 1,
			values: { peakW: 600 }
		};
		outbox.apply(1, [op]);
		outbox.apply(1, [
			{ id: 'later-000', type: 'thresholds.set', deviceId: 10, port: 1, values: { peakW: 900 } }
		]);
		// The first op's answer was lost and it comes again: it must not undo the later change.
		expect(outbox.apply(1, [op])).toEqual([{ id: 'once-0000', status: 'duplicate' }]);
		expect(portOf(1, 10, 1)?.peakW).toBe(900);
	});

	it("refuses another household's port and values out of range, and stores nothing", () => {
		const { outbox, portOf, changed } = setup();
		expect(
			outbox
				.apply(1, [
					{ id: 'theirs-00', type: 'thresholds.set', deviceId: 20, port: 1, values: { peakW: 1 } },
					{ id: 'range-000', type: 'thresholds.set', deviceId: 10, port: 1, values: { peakW: 0 } },
					{ id: 'nokey-000', type: 'thresholds.set', deviceId: 10, port: 1, values: { watts: 5 } }
				])
				.map((r) => [r.status, r.reason])
		).toEqual([
			['rejected', 'not found'],
			['rejected', 'out of range'],
			['rejected', expect.stringContaining('watts')]
		]);
		expect(portOf(2, 20, 1)?.peakW).toBeNull();
		expect(portOf(1, 10, 1)?.peakW).toBeNull();
		expect(changed).toEqual([]);
		// A rejected op's id is not spent: the corrected change may use it.
		expect(
			outbox.apply(1, [
				{ id: 'range-000', type: 'thresholds.set', deviceId: 10, port: 1, values: { peakW: 10 } }
			])
		).toEqual([{ id: 'range-000', status: 'applied' }]);
	});
});

describe('outbox: tariffs', () => {
	it('saves a version, replaces the one of the same date, and removes one', () => {
		const { outbox, tariffs, changed } = setup();
		expect(tariffs.isDefault(1)).toBe(true);
		outbox.apply(1, [
			{ id: 'save-0001', type: 'tariff.save', tariff: flat('2026-01-01', 9) },
			{ id: 'save-0002', type: 'tariff.save', tariff: flat('2026-11-01', 10) },
			{ id: 'save-0003', type: 'tariff.save', tariff: flat('2026-11-01', 11) }
		]);
		expect(tariffs.versions(1).map((v) => [v.validFrom, v.energy])).toEqual([
			['2026-01-01', { kind: 'flat', rate: 9 }],
			['2026-11-01', { kind: 'flat', rate: 11 }]
		]);
		outbox.apply(1, [{ id: 'remove-01', type: 'tariff.remove', validFrom: '2026-01-01' }]);
		expect(tariffs.versions(1).map((v) => v.validFrom)).toEqual(['2026-11-01']);
		// Removed already (by another phone): the intent holds, nothing is refused.
		expect(
			outbox.apply(1, [{ id: 'remove-02', type: 'tariff.remove', validFrom: '2026-01-01' }])
		).toEqual([{ id: 'remove-02', status: 'applied' }]);
		expect(tariffs.versions(2)).toHaveLength(1);
		expect(tariffs.isDefault(2)).toBe(true);
		expect(changed).toEqual([1, 1, 1]);
	});

	it('refuses an invalid tariff with the field named, and keeps what was there', () => {
		const { outbox, tariffs } = setup();
		const [result] = outbox.apply(1, [
			{
				id: 'bad-00001',
				type: 'tariff.save',
				tariff: { ...flat('2026-11-01', 9), energy: { kind: 'flat', rate: -1 } }
			}
		]);
		expect(result).toMatchObject({ id: 'bad-00001', status: 'rejected' });
		expect(result!.reason).toMatch(/^energy\.rate: /);
		expect(tariffs.isDefault(1)).toBe(true);
	});

	it('says why a tariff or a port was refused in Bangla to a phone in Bangla', () => {
		const { outbox, tariffs } = setup();
		const bad = (id: string, tariff: object) => ({
			id,
			type: 'tariff.save',
			tariff: { ...flat('2026-11-01', 9), ...tariff }
		});
		const reasons = outbox
			.apply(
				1,
				[
					bad('bad-00002', { energy: { kind: 'flat', rate: -1 } }),
					bad('bad-00003', { validFrom: '1 November' }),
					{ id: 'theirs-01', type: 'thresholds.set', deviceId: 20, port: 1, values: { peakW: 1 } }
				],
				'bn'
			)
			.map((r) => r.reason);
		expect(reasons).toEqual([
			'রেট হবে প্রতি ইউনিটে ০ বা তার বেশি টাকা',
			'শুরুর তারিখটি সঠিক তারিখ নয় (বছর-মাস-দিন)',
			'এই সকেটটি আপনার নয়, বা আর নেই'
		]);
		expect(tariffs.isDefault(1)).toBe(true);
	});

	it('changes billing settings through settings ops, and refuses bad values and unknown keys', () => {
		const { outbox, settings } = setup();
		expect(
			outbox
				.apply(1, [
					{ id: 'cycle-001', type: 'settings.set', key: 'billing_cycle_day', value: 15 },
					{ id: 'money-001', type: 'settings.set', key: 'currency', value: 'usd' },
					{ id: 'other-001', type: 'settings.set', key: 'signup_open', value: true }
				])
				.map((r) => r.status)
		).toEqual(['applied', 'rejected', 'rejected']);
		expect(settings.forUser(1).billing_cycle_day).toBe(15);
		expect(settings.forUser(1).currency).toBe('BDT');
	});
});

describe('outbox: prepaid', () => {
	it('applies a recharge typed offline once, at the time it was typed, and refuses a recharge of nothing', () => {
		const { outbox, meter, prepaid, clock } = setup();
		expect(
			meter.save(1, { kind: 'prepaid', phase: 'single', sanctionedLoadKw: 2, monthlyKwh: '150' }).ok
		).toBe(true);
		const typedAt = clock.now();
		clock.advance(3 * 3_600_000); // the network came back three hours later
		const op = {
			id: 'recharge-0001',
			type: 'prepaid.recharge',
			amount: 1000,
			at: typedAt,
			token: null
		};
		expect(outbox.apply(1, [op])).toEqual([{ id: 'recharge-0001', status: 'applied' }]);
		expect(outbox.apply(1, [op])).toEqual([{ id: 'recharge-0001', status: 'duplicate' }]);
		expect(prepaid.view(1)!.recharges).toEqual([
			{ id: expect.any(Number), at: typedAt, amount: 1000, token: null }
		]);
		const [zero] = outbox.apply(1, [
			{ id: 'recharge-0002', type: 'prepaid.recharge', amount: 0, at: typedAt }
		]);
		expect(zero).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/^amount: /) });
		expect(prepaid.view(1)!.recharges).toHaveLength(1);
	});

	it('says why a change was refused in the language of the phone that sent it', () => {
		const { outbox, meter, clock } = setup();
		meter.save(1, { kind: 'prepaid', phase: 'single', sanctionedLoadKw: 2, monthlyKwh: '150' });
		const op = (id: string) => ({
			id,
			type: 'prepaid.balance',
			amount: 2_000_000,
			at: clock.now()
		});
		expect(outbox.apply(1, [op('balance-0001')], 'bn')).toEqual([
			{
				id: 'balance-0001',
				status: 'rejected',
				reason: 'মিটারে যে ব্যালেন্স দেখায় তা দিন, যেমন ৪১২.৫০।'
			}
		]);
		expect(outbox.apply(1, [op('balance-0002')], 'en')).toEqual([
			{
				id: 'balance-0002',
				status: 'rejected',
				reason: 'amount: Enter the balance the meter shows, e.g. 412.50.'
			}
		]);
	});
});
