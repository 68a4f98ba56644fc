/** What to do with a notice after the push service answered (or did not). */
export type Outcome =
	| { kind: 'delivered' }
	| { kind: 'gone' }
	| { kind: 'retry'; afterMs: number }
	| { kind: 'failed' };

export const RETRY_BASE_MS = 2000;
export const RETRY_CAP_MS = 15 * 60_000;
export const MAX_ATTEMPTS = 12;

/**
 * RFC 8030 answers: 201 delivered; 404/410 the subscription is gone for good; 429 and 5xx
 * (and no answer at all) are the push service's trouble, retried with exponential backoff
 * and jitter, honouring Retry-After; any other 4xx is our request's fault and would fail
 * again the same way.
 */
export function outcomeOf(
	status: number | null,
	attempts: number,
	retryAfter: string | undefined,
	random: () => number = Math.random
): Outcome {
	if (status !== null && status >= 200 && status < 300) return { kind: 'delivered' };
	if (status === 404 || status === 410) return { kind: 'gone' };
	const transient = status === null || status === 429 || status >= 500;
	if (!transient || attempts + 1 >= MAX_ATTEMPTS) return { kind: 'failed' };
	const told = retryAfterMs(retryAfter);
	if (told !== null) return { kind: 'retry', afterMs: Math.min(told, 3_600_000) };
	const base = Math.min(RETRY_BASE_MS * 2 ** attempts, RETRY_CAP_MS);
	return { kind: 'retry', afterMs: Math.round(base * (0.8 + 0.4 * random())) };
}

function retryAfterMs(h: string | undefined, now = Date.now()): number | null {
	if (!h) return null;
	if (/^\d+$/.test(h.trim())) return Number(h.trim()) * 1000;
	const at = Date.parse(h);
	return Number.isNaN(at) ? null : Math.max(0, at - now);
}
