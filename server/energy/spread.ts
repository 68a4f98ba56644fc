import { BUCKET_MS, bucketStart } from './units';

export interface BucketShare {
	start: number;
	energyMj: number;
	runtimeMs: number;
}

/**
 * Spreads an interval's integer energy and runtime over the 15-minute buckets it
 * overlaps, in proportion to time. Every share but the last is floored and the last takes
 * the remainder, so the shares add up to the whole exactly.
 */
export function spreadOverBuckets(
	t0: number,
	t1: number,
	energyMj: number,
	runtimeMs: number
): BucketShare[] {
	const first = bucketStart(t0);
	// The interval is (t0, t1]: a sample exactly on a boundary closes the earlier bucket.
	const last = bucketStart(t1 - 1);
	if (first === last) return [{ start: first, energyMj, runtimeMs }];

	const dt = t1 - t0;
	const shares: BucketShare[] = [];
	let eLeft = energyMj;
	let rLeft = runtimeMs;
	for (let start = first; start <= last; start += BUCKET_MS) {
		if (start === last) {
			shares.push({ start, energyMj: eLeft, runtimeMs: rLeft });
			break;
		}
		const overlap = Math.min(t1, start + BUCKET_MS) - Math.max(t0, start);
		const e = Math.floor((energyMj * overlap) / dt);
		const r = Math.floor((runtimeMs * overlap) / dt);
		shares.push({ start, energyMj: e, runtimeMs: r });
		eLeft -= e;
		rLeft -= r;
	}
	return shares;
}
