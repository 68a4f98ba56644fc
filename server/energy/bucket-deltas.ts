import { intervalBetween, type EnergyOptions, type Sample } from './interval';
import { spreadOverBuckets } from './spread';
import { bucketStart } from './units';

export interface BucketDelta {
	port: number;
	start: number;
	energyMj: number;
	runtimeMs: number;
	/** Highest power sampled in the bucket by the readings of this change, or null. */
	peakW: number | null;
	samples: number;
}

export interface GapChange {
	port: number;
	startTs: number;
	endTs: number;
	add: boolean;
}

/**
 * Accumulates the effect of newly stored readings on one device's buckets, so a batch
 * of a thousand frames becomes a few dozen row updates. Pure: the caller writes it.
 */
export class BucketDeltas {
	readonly buckets = new Map<string, BucketDelta>();
	readonly gaps: GapChange[] = [];

	constructor(private readonly options: EnergyOptions) {}

	/** Adds (sign 1) or withdraws (sign -1) the energy of the interval between a and b. */
	interval(port: number, a: Sample, b: Sample, sign: 1 | -1): void {
		const iv = intervalBetween(a, b, this.options);
		if (iv.gap) {
			this.gaps.push({ port, startTs: a.ts, endTs: b.ts, add: sign === 1 });
			return;
		}
		if (iv.energyMj === 0 && iv.runtimeMs === 0) return;
		for (const s of spreadOverBuckets(a.ts, b.ts, iv.energyMj, iv.runtimeMs)) {
			const d = this.entry(port, s.start);
			d.energyMj += sign * s.energyMj;
			d.runtimeMs += sign * s.runtimeMs;
		}
	}

	sample(port: number, ts: number, powerW: number): void {
		const d = this.entry(port, bucketStart(ts));
		d.samples += 1;
		d.peakW = d.peakW === null ? powerW : Math.max(d.peakW, powerW);
	}

	private entry(port: number, start: number): BucketDelta {
		const key = `${port}:${start}`;
		let d = this.buckets.get(key);
		if (!d) {
			d = { port, start, energyMj: 0, runtimeMs: 0, peakW: null, samples: 0 };
			this.buckets.set(key, d);
		}
		return d;
	}
}
