import { afterEach, describe, expect, it } from 'vitest';
import { createPricing } from '../billing/pricing';
import { FakeClock } from '../clock';
import { openDatabase, type Db } from '../db/connection';
import { createSettingsService } from '../settings/settings.service';

let db: Db;
afterEach(() => db?.close());

function setup() {
	db = openDatabase(':memory:');
	db.prepare(
		`INSERT INTO users (id, email, password_hash, created_at, password_changed_at) VALUES (1, 'u@example.com', 'x', 0, 0)`
	).run();
	const clock = new FakeClock(Date.UTC(2026, 10, 27, 6));
	return createPricing(db, clock, createSettingsService(db, clock)).meter;
}

describe('meter refusals', () => {
	it('name the field, in English for the API and in the reader’s language for the page', () => {
		const meter = setup();
		const refused = meter.save(1, { kind: 'rented', phase: 'single', sanctionedLoadKw: 2 });
		expect(refused).toMatchObject({
			ok: false,
			field: 'kind',
			message: 'Choose postpaid or prepaid.'
		});
		if (refused.ok) return;
		expect(refused.say('bn')).toBe('পোস্টপেইড না প্রিপেইড, বেছে নিন।');
	});

	it('give the figures of a reading that runs backwards in the reader’s digits', () => {
		const meter = setup();
		expect(
			meter.save(1, {
				kind: 'postpaid',
				phase: 'single',
				sanctionedLoadKw: 2,
				kwh: '10325',
				date: '2026-11-20'
			}).ok
		).toBe(true);
		const lower = meter.addReading(1, { kwh: '10000', date: '2026-11-25' });
		expect(lower.ok).toBe(false);
		if (lower.ok) return;
		expect(lower.message).toMatch(/^Lower than the reading before it \(10325 kWh\)/);
		expect(lower.say('bn')).toMatch(/^আগের রিডিংয়ের \(১০৩২৫ ইউনিট\) চেয়ে কম/);
	});
});
