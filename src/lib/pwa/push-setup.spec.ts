import { afterEach, describe, expect, it, vi } from 'vitest';
import { enablePushInTime, explainPushError } from './push-setup';

afterEach(() => vi.useRealTimers());

describe('turning notifications on', () => {
	it('gives up after the timeout with a plain explanation instead of hanging', async () => {
		vi.useFakeTimers();
		const never = () => new Promise<never>(() => undefined);
		const result = enablePushInTime('key', 15_000, never);
		await vi.advanceTimersByTimeAsync(15_000);
		const r = await result;
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.message).toMatch(/took too long/);
	});

	it('answers as soon as the browser does', async () => {
		const r = await enablePushInTime('key', 15_000, async () => ({ ok: true, endpoint: 'e' }));
		expect(r).toEqual({ ok: true, endpoint: 'e' });
	});

	it('turns a browser error into words, never the raw message', async () => {
		const raw = new DOMException('Registration failed - push service error', 'AbortError');
		const r = await enablePushInTime('key', 15_000, () => Promise.reject(raw));
		expect(r.ok).toBe(false);
		if (!r.ok) {
			expect(r.message).not.toContain('Registration failed');
			expect(r.message).toMatch(/could not reach its push service/);
		}
	});

	it('says what to do when notifications are blocked', () => {
		expect(explainPushError(new DOMException('denied', 'NotAllowedError'))).toMatch(
			/site settings/
		);
		expect(explainPushError(new Error('weird'))).not.toContain('weird');
	});
});
