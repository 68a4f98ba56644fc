import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, outcomeOf, RETRY_BASE_MS, RETRY_CAP_MS } from './retry';

const mid = () => 0.5;

describe('push retry policy', () => {
	it('2xx delivered, 404 and 410 gone', () => {
		expect(outcomeOf(201, 0, undefined)).toEqual({ kind: 'delivered' });
		expect(outcomeOf(404, 0, undefined)).toEqual({ kind: 'gone' });
		expect(outcomeOf(410, 3, undefined)).toEqual({ kind: 'gone' });
	});

	it('5xx and no answer back off exponentially, capped', () => {
		expect(outcomeOf(500, 0, undefined, mid)).toEqual({ kind: 'retry', afterMs: RETRY_BASE_MS });
		expect(outcomeOf(503, 3, undefined, mid)).toEqual({
			kind: 'retry',
			afterMs: RETRY_BASE_MS * 8
		});
		expect(outcomeOf(null, 8, undefined, mid)).toEqual({
			kind: 'retry',
			afterMs: RETRY_BASE_MS * 256
		});
		expect(outcomeOf(null, 10, undefined, mid)).toEqual({ kind: 'retry', afterMs: RETRY_CAP_MS });
	});

	it('jitter stays within ±20 %', () => {
		expect(outcomeOf(502, 1, undefined, () => 0)).toEqual({ kind: 'retry', afterMs: 3200 });
		expect(outcomeOf(502, 1, undefined, () => 1)).toEqual({ kind: 'retry', afterMs: 4800 });
	});

	it('429 honours Retry-After in seconds or as a date', () => {
		expect(outcomeOf(429, 0, '30')).toEqual({ kind: 'retry', afterMs: 30_000 });
		const later = new Date(Date.now() + 60_000).toUTCString();
		const o = outcomeOf(429, 0, later);
		expect(o.kind).toBe('retry');
		expect((o as { afterMs: number }).afterMs).toBeGreaterThan(55_000);
		expect(outcomeOf(429, 0, '999999')).toEqual({ kind: 'retry', afterMs: 3_600_000 });
	});

	it('other 4xx fail at once; retries stop after the last attempt', () => {
		expect(outcomeOf(400, 0, undefined)).toEqual({ kind: 'failed' });
		expect(outcomeOf(403, 0, undefined)).toEqual({ kind: 'failed' });
		expect(outcomeOf(413, 0, undefined)).toEqual({ kind: 'failed' });
		expect(outcomeOf(500, MAX_ATTEMPTS - 1, undefined)).toEqual({ kind: 'failed' });
	});
});
