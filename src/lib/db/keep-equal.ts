/**
 * `next`, with every part that equals the same part of `prev` replaced by `prev`'s own
 * object: what did not change keeps its identity. Svelte compares objects by identity, so
 * a re-read of the local database that finds the same readings re-renders nothing, and one
 * that finds a new reading on one port re-renders that port's card only. Plain objects and
 * arrays are compared part by part; anything else by `Object.is`.
 */
export function keepEqual<T>(prev: unknown, next: T): T {
	if (Object.is(prev, next)) return next;
	if (Array.isArray(next)) {
		if (!Array.isArray(prev)) return next;
		let same = prev.length === next.length;
		const out = next.map((v, i) => {
			const kept = keepEqual(prev[i], v);
			if (!Object.is(kept, prev[i])) same = false;
			return kept;
		});
		return (same ? prev : out) as T;
	}
	if (isPlain(next)) {
		if (!isPlain(prev)) return next;
		const keys = Object.keys(next);
		let same = keys.length === Object.keys(prev).length;
		const out: Record<string, unknown> = {};
		for (const k of keys) {
			const kept = keepEqual(prev[k], next[k]);
			if (!(k in prev) || !Object.is(kept, prev[k])) same = false;
			out[k] = kept;
		}
		return (same ? prev : out) as T;
	}
	return next;
}

function isPlain(v: unknown): v is Record<string, unknown> {
	if (v === null || typeof v !== 'object') return false;
	const proto = Object.getPrototypeOf(v) as unknown;
	return proto === Object.prototype || proto === null;
}
