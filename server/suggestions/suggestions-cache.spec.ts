import { describe, expect, it } from 'vitest';
import { SEED_FLAT_TARIFF, localMidnight } from '../billing';
import { createPricing } from '../billing/pricing';
import { FakeClock } from '../clock';
import { householdDb } from '../db/fixtures';
import { createEventBus } from '../events/bus';
import { createSettingsService } from '../settings/settings.service';
import { cacheSuggestions } from './suggestions-cache';
import { createSuggestionsService } from './suggestions.service';

const TZ = 'Asia/Dhaka';
const Q = 900_000;

/** A household whose port 1 idled at 5 W, nothing running, for the last week. */
function household() {
	const db = householdDb({ userId: 7, deviceId: 1, ports: 1 });
	const now = localMidnight(2026, 3, 15, TZ);
	const clock = new FakeClock(now);
	const settings = createSettingsService(db, clock);
	const insert = db.prepare(
		`INSERT INTO energy_buckets (device_id, port, start, energy_mj, runtime_ms, peak_w, samples) VALUES (1, 1, ?, ?, 0, 5, 90)`
	);
	for (let t = now - 8 * 86_400_000; t < now; t += Q) insert.run(t, 5 * 900 * 1000);
	const pricing = createPricing(db, clock, settings);
	pricing.tariffs.save(7, { ...SEED_FLAT_TARIFF, energy: { kind: 'flat', rate: 8 } });
	const events = createEventBus();
	// As the composition root does: a tariff saved anywhere reaches every cache as an event.
	pricing.tariffs.onChange((userId) => events.emit('pricesChanged', { userId }));
	const live = createSuggestionsService({ ...pricing, settings, clock });
	return { db, clock, pricing, events, live, cached: cacheSuggestions(live, clock, events) };
}

const standbySaving = (r: { suggestions: { kind: string; monthlySaving: number }[] }) =>
	r.suggestions.find((s) => s.kind === 'standby')?.monthlySaving;

describe('cached suggestions', () => {
	it('say what the uncached ones say', async () => {
		const { cached, live } = household();
		const r = await cached.forUser(7);
		expect(standbySaving(r)).toBeGreaterThan(0);
		expect(r).toEqual(await live.forUser(7));
	});

	it('are worked out again at once when the household’s tariff changes', async () => {
		const { cached, live, pricing } = household();
		const before = standbySaving(await cached.forUser(7))!;
		pricing.tariffs.save(7, { ...SEED_FLAT_TARIFF, energy: { kind: 'flat', rate: 16 } });
		const after = await cached.forUser(7);
		expect(standbySaving(after)).toBeCloseTo(before * 2, 9);
		expect(after).toEqual(await live.forUser(7));
	});

	it('are kept a minute otherwise, and worked out again after it', async () => {
		const { cached, live, clock, db } = household();
		const first = await cached.forUser(7);
		// New standby energy without a price change: the kept copy stands for the minute.
		db.prepare(`UPDATE energy_buckets SET energy_mj = ?`).run(10 * 900 * 1000);
		clock.set(clock.now() + 59_999);
		expect(await cached.forUser(7)).toBe(first);
		clock.set(clock.now() + 1);
		expect(await cached.forUser(7)).toEqual(await live.forUser(7));
		expect(standbySaving(await cached.forUser(7))).not.toBeCloseTo(standbySaving(first)!, 6);
	});

	it('are worked out again when a setting or the household’s strips change', async () => {
		const { cached, events } = household();
		for (const emit of [
			() => events.emit('settingsChanged', { userId: 7, key: 'timezone' }),
			() => events.emit('settingsChanged', { userId: null, key: 'electricity_rate' }),
			() => events.emit('deviceRemoved', { deviceId: 1, ownerId: 7 }),
			() => events.emit('accountDeleted', { userId: 7, deviceIds: [1] })
		]) {
			const first = await cached.forUser(7);
			expect(await cached.forUser(7)).toBe(first);
			emit();
			expect(await cached.forUser(7)).not.toBe(first);
		}
		// Another household's change leaves this one's copy alone.
		const kept = await cached.forUser(7);
		events.emit('pricesChanged', { userId: 8 });
		expect(await cached.forUser(7)).toBe(kept);
	});

	it('are worked out once for views asked for meanwhile, and not kept when prices change meanwhile', async () => {
		const { cached } = household();
		const [a, b] = await Promise.all([cached.forUser(7), cached.forUser(7)]);
		expect(b).toBe(a);

		const { cached: fresh, pricing, live } = household();
		const working = fresh.forUser(7);
		pricing.tariffs.save(7, { ...SEED_FLAT_TARIFF, energy: { kind: 'flat', rate: 16 } });
		await working;
		// The view after the change is worked out afresh, at the new price.
		expect(await fresh.forUser(7)).not.toBe(await working);
		expect(await fresh.forUser(7)).toEqual(await live.forUser(7));
	});
});
