/**
 * Turns 15-minute buckets into energy sums keyed by (tariff segment, port, price key)
 * before any money is computed. Summing integer millijoules first makes the bill
 * independent of bucket order and of how energy is split across bucket rows: integer
 * addition below 2^53 is exact, floating-point money sums are not.
 */
import { addDays, civilKey, dayKey, daysBetween, localParts } from './local-time';
import { inWindow, tariffInForce, type Tariff } from './tariff';

export const BUCKET_MS = 900_000;
/** 1 kWh in millijoules (1 Wh = 3,600 J = 3,600,000 mJ). */
export const MJ_PER_KWH = 3_600_000_000;

export type PortKey = string | number;
export interface Bucket {
	/** UTC epoch ms of the bucket's start, a multiple of 15 minutes */
	start: number;
	/** integer millijoules */
	energyMj: number;
}
export interface PortBucket extends Bucket {
	port: PortKey;
}
/** Either buckets grouped by port, or a flat list that names the port on each row. */
export type BucketInput = ReadonlyMap<PortKey, readonly Bucket[]> | readonly PortBucket[];

/** A run of local days of the period billed under one tariff version. */
export interface Segment {
	tariff: Tariff;
	/** first local date, 'YYYY-MM-DD' */
	from: string;
	/** last local date, inclusive */
	to: string;
	days: number;
	/** days / days in the period: the share of monthly charges and slab bounds */
	share: number;
}

/** Price key of a bucket: index of the time-of-use window it starts in, or -1 (flat or outside all windows). */
export type PriceKey = number;
/** energy[segment][port][priceKey] = millijoules */
export type EnergyTable = Map<number, Map<string, Map<PriceKey, number>>>;

export function splitIntoSegments(
	period: { start: number; end: number },
	tz: string,
	versions: readonly Tariff[]
): Segment[] {
	const first = dayKey(period.start, tz);
	const last = dayKey(period.end - 1, tz);
	const total = daysBetween(first, last) + 1;
	const segments: Segment[] = [];
	for (let d = first; d <= last; d = addDays(d, 1)) {
		const tariff = tariffInForce(versions, d);
		const open = segments[segments.length - 1];
		if (open && open.tariff === tariff) {
			open.to = d;
			open.days++;
		} else {
			segments.push({ tariff, from: d, to: d, days: 1, share: 0 });
		}
	}
	for (const s of segments) s.share = s.days / total;
	return segments;
}

function* rows(input: BucketInput): Generator<[string, Bucket]> {
	if (input instanceof Map) {
		for (const [port, list] of input) for (const b of list) yield [String(port), b];
	} else {
		for (const b of input as readonly PortBucket[]) yield [String(b.port), b];
	}
}

function checkBucket(port: string, b: Bucket): void {
	if (!Number.isInteger(b.start) || b.start % BUCKET_MS !== 0) {
		throw new RangeError(`bucket start ${b.start} (port ${port}) is not on a 15-minute boundary`);
	}
	if (!Number.isFinite(b.energyMj) || b.energyMj < 0) {
		throw new RangeError(
			`bucket energy ${b.energyMj} (port ${port}) must be a finite non-negative number`
		);
	}
}

/**
 * Sum energy per segment, port and price key. Buckets outside the period (or at or
 * after `until`) are skipped; rows repeating a (port, start) add up, since removing
 * duplicates is the storage layer's job (docs/decisions.md, rule 2).
 */
export function tabulate(
	input: BucketInput,
	period: { start: number; end: number },
	tz: string,
	segments: readonly Segment[],
	until = Infinity
): EnergyTable {
	const segmentOfDay = new Map<string, number>();
	segments.forEach((s, i) => {
		for (let d = s.from; d <= s.to; d = addDays(d, 1)) segmentOfDay.set(d, i);
	});
	// Every port shares the same bucket starts, so each start is converted to local time once.
	const placeOfStart = new Map<number, [number, PriceKey]>();
	const table: EnergyTable = new Map();
	for (const [port, b] of rows(input)) {
		checkBucket(port, b);
		if (b.start < period.start || b.start >= period.end || b.start >= until) continue;
		let place = placeOfStart.get(b.start);
		if (!place) {
			const p = localParts(b.start, tz);
			const seg = segmentOfDay.get(civilKey(p.year, p.month, p.day))!;
			place = [seg, priceKeyAt(segments[seg]!.tariff, p.hour * 60 + p.minute)];
			placeOfStart.set(b.start, place);
		}
		const [seg, key] = place;
		let byPort = table.get(seg);
		if (!byPort) table.set(seg, (byPort = new Map()));
		let byKey = byPort.get(port);
		if (!byKey) byPort.set(port, (byKey = new Map()));
		byKey.set(key, (byKey.get(key) ?? 0) + b.energyMj);
	}
	return table;
}

/** A bucket belongs to the window its start falls in (windows are on the local wall clock). */
function priceKeyAt(tariff: Tariff, minute: number): PriceKey {
	if (tariff.energy.kind !== 'tou') return -1;
	return tariff.energy.windows.findIndex((w) => inWindow(minute, w));
}
