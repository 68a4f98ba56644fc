import { describe, expect, it } from 'vitest';
import { figuresKnown, portStatus, type PortFacts } from './port-status';

const now = 1_800_000_000_000;
const facts = (f: Partial<PortFacts>): PortFacts => ({
	ts: now - 5_000,
	stripOfflineSince: null,
	reach: 'online',
	now,
	staleAfterMs: 60_000,
	...f
});

describe('a port card’s status', () => {
	it('is live while the phone is connected and the reading is recent', () => {
		expect(portStatus(facts({}))).toEqual({ kind: 'live', age: 5_000 });
	});

	it('never calls the strip offline because the phone is offline', () => {
		const s = portStatus(facts({ ts: now - 150_000, reach: 'offline' }));
		expect(s).toEqual({ kind: 'last-known', age: 150_000, why: 'offline' });
		expect(figuresKnown(s)).toBe(true);
	});

	it('says the strip is offline only when the server marked it so', () => {
		const since = now - 60_000;
		const s = portStatus(facts({ ts: now - 120_000, stripOfflineSince: since }));
		expect(s).toEqual({ kind: 'strip-offline', since, age: 120_000 });
		expect(figuresKnown(s)).toBe(false);
	});

	it('keeps the strip offline on a phone that is offline too', () => {
		const s = portStatus(
			facts({ ts: now - 600_000, stripOfflineSince: now - 500_000, reach: 'offline' })
		);
		expect(s.kind).toBe('strip-offline');
	});

	it('treats a reading measured after the strip was marked offline as the strip being back', () => {
		expect(portStatus(facts({ stripOfflineSince: now - 60_000 })).kind).toBe('live');
	});

	it('counts the age from the reading’s own time, not from when the page was made', () => {
		const s = portStatus(facts({ ts: now - 180_000, reach: 'offline' }));
		expect(s).toMatchObject({ age: 180_000 });
	});

	it('marks a port whose meter went quiet while the strip still reports', () => {
		expect(portStatus(facts({ ts: now - 90_000 }))).toEqual({ kind: 'port-silent', age: 90_000 });
	});

	it('has no figures for a port that never reported', () => {
		const s = portStatus(facts({ ts: null }));
		expect(s).toEqual({ kind: 'no-data' });
		expect(figuresKnown(s)).toBe(false);
	});
});
