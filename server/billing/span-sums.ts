/**
 * The strips' energy over any span, in milliseconds instead of a scan of every bucket in it.
 *
 * The units model asks for the household's strip energy between every pair of meter
 * readings, and a bill for each port's energy over the month: for 200 ports and a year of
 * buckets that was seven million rows summed on every view. Here each household's buckets
 * are read once into sums per UTC day (the household's and each port's) and per bucket start
 * (the household's), and kept current by reading only the buckets changed since
 * (energy_buckets.changed_at, indexed per device). A span is then its whole UTC days from
 * those sums plus its partial days at the ends. UTC days, not local ones: the blocks are only
 * a way to add faster, so they need no zone and a household's new zone changes nothing.
 * Every figure is a sum of the same integer millijoules, so it equals the bucket sum exactly.
 */
import type { UsageRepository } from './usage.repository';

const DAY_MS = 86_400_000;
const BUCKET_MS = 900_000;
/**
 * Rows are read again from a little before the newest change seen: a batch received earlier
 * may commit a moment after a later one (the group commit), and re-reading is harmless.
 */
const SLACK_MS = 60_000;
/** Households kept; the least recently used goes first. */
const HOUSEHOLDS = 32;

interface Day {
	/** household mJ of the day */
	total: number;
	/** household mJ per bucket start within the day */
	starts: Map<number, number>;
}

interface Index {
	/** `device:port` of every port, in the order energyByPort answers */
	signature: string;
	ports: [number, number][];
	/** the database's change mark when last brought up to date */
	mark: string | null;
	days: Map<number, Day>;
	/** per `device:port`, mJ per UTC day */
	portDays: Map<string, Map<number, number>>;
	minDay: number;
	maxDay: number;
	newestChange: number;
	/** `device:port:start` → `changedAt:mJ` of rows changed within the slack, so a re-read row is skipped */
	recent: Map<string, string>;
}

type SpanReads = Pick<
	UsageRepository,
	| 'ports'
	| 'portEnergy'
	| 'firstBucketAt'
	| 'newestChange'
	| 'changeMark'
	| 'changedSince'
	| 'householdAt'
	| 'portSpan'
	| 'energyByPort'
	| 'largestOwners'
	| 'inTransaction'
	| 'stripMj'
>;

/**
 * Households with more ports than this wait for their index in slices (ready()); a smaller
 * one's takes a fraction of a second and is built when a figure first needs it.
 */
const SLICED_ABOVE_PORTS = 8;

export function createSpanSums(usage: SpanReads, o: { slicedAbovePorts?: number } = {}) {
	const slicedAbove = o.slicedAbovePorts ?? SLICED_ABOVE_PORTS;
	const cache = new Map<number, Index>();
	/** The build running in slices in the background, if any. */
	let warming: ReturnType<typeof builder> | null = null;
	let warmQueue: number[] | null = null;

	/** Households whose requests wait for their index (ready()), and what to call when it is. */
	const waiters = new Map<number, (() => void)[]>();
	let stepping = false;

	/**
	 * Builds the largest households' indexes one port per turn of the event loop, so that the
	 * first bill of a large household after a start finds its index ready instead of reading
	 * millions of rows while every other request waits. Started with the index, and again by a figure asked for.
	 */
	function warmSoon(): void {
		if (warmQueue) return;
		queue();
		kick();
	}

	function queue(): number[] {
		if (!warmQueue) {
			try {
				warmQueue = usage.largestOwners(HOUSEHOLDS);
			} catch {
				warmQueue = [];
			}
		}
		return warmQueue;
	}

	function kick(): void {
		if (stepping) return;
		stepping = true;
		setImmediate(warmStep).unref();
	}

	function warmStep(): void {
		try {
			if (!warming) {
				const ownerId = warmQueue!.shift();
				if (ownerId === undefined) {
					stepping = false;
					return;
				}
				const ports = usage.ports(ownerId);
				const signature = signatureOf(ports);
				if (cache.get(ownerId)?.signature === signature) {
					wake(ownerId);
					return void setImmediate(warmStep).unref();
				}
				warming = builder(ownerId, ports, signature);
			}
			const b = warming;
			if (!b.step()) {
				warming = null;
				const ix = b.finish();
				ix.mark = usage.changeMark();
				remember(b.ownerId, ix);
			}
			setImmediate(warmStep).unref();
		} catch {
			// The database went away (a spec's, or the server stopping): nothing to warm, and
			// whoever waits computes its figures the slow way.
			warming = null;
			warmQueue = [];
			stepping = false;
			for (const ownerId of [...waiters.keys()]) wake(ownerId);
		}
	}

	function wake(ownerId: number): void {
		const waiting = waiters.get(ownerId);
		waiters.delete(ownerId);
		for (const resume of waiting ?? []) resume();
	}

	/**
	 * Resolves once the household's index is built and matches its strips, building it first
	 * in slices (ahead of the warm-up queue) when it is not: a request that awaits this before
	 * its figures does not hold the process for the seconds a large household's build takes.
	 */
	function ready(ownerId: number): Promise<void> {
		const ports = usage.ports(ownerId);
		if (ports.length <= slicedAbove) return Promise.resolve();
		if (cache.get(ownerId)?.signature === signatureOf(ports)) return Promise.resolve();
		return new Promise<void>((resume) => {
			waiters.set(ownerId, [...(waiters.get(ownerId) ?? []), resume]);
			if (warming?.ownerId !== ownerId) {
				warmQueue = [ownerId, ...queue().filter((o) => o !== ownerId)];
			}
			kick();
		});
	}

	const signatureOf = (ports: [number, number][]) => ports.map(([d, p]) => `${d}:${p}`).join(',');

	function remember(ownerId: number, ix: Index): void {
		cache.delete(ownerId);
		cache.set(ownerId, ix);
		if (cache.size > HOUSEHOLDS) cache.delete(cache.keys().next().value!);
		wake(ownerId);
	}

	/**
	 * Reads a household's buckets one port at a time, so that a build can run in slices
	 * between other requests and be finished at once when a figure is wanted before then.
	 * Rows written meanwhile are read again at the end: the watermark is taken first.
	 */
	function builder(ownerId: number, ports: [number, number][], signature: string) {
		const since = usage.newestChange(ownerId);
		// The household's energy per bucket start, by 15-minute slot from its first day (a
		// dense array: seven million additions into a Map would cost seconds); a start off
		// the 15-minute grid, which the ledger never writes, goes to `odd`.
		const base = Math.floor((usage.firstBucketAt(ownerId) ?? 0) / DAY_MS) * DAY_MS;
		const slots: number[] = [];
		const odd = new Map<number, number>();
		const portDays = new Map<string, Map<number, number>>();
		let next = 0;

		function step(): boolean {
			if (next >= ports.length) return false;
			const [deviceId, port] = ports[next++]!;
			const perDay = new Map<number, number>();
			let day = NaN;
			let sum = 0;
			for (const [start, mj] of usage.portEnergy(deviceId, port)) {
				const slot = (start - base) / BUCKET_MS;
				if (slot >= 0 && Number.isInteger(slot)) slots[slot] = (slots[slot] ?? 0) + mj;
				else odd.set(start, (odd.get(start) ?? 0) + mj);
				const d = Math.floor(start / DAY_MS);
				if (d !== day) {
					if (!Number.isNaN(day)) perDay.set(day, (perDay.get(day) ?? 0) + sum);
					day = d;
					sum = 0;
				}
				sum += mj;
			}
			if (!Number.isNaN(day)) perDay.set(day, (perDay.get(day) ?? 0) + sum);
			portDays.set(`${deviceId}:${port}`, perDay);
			return next < ports.length;
		}

		function finish(): Index {
			while (next < ports.length) step();
			const ix: Index = {
				signature,
				ports,
				mark: null,
				days: new Map(),
				portDays,
				minDay: Infinity,
				maxDay: -Infinity,
				newestChange: since ?? -Infinity,
				recent: new Map()
			};
			const add = (start: number, mj: number) => {
				const day = dayOf(ix, Math.floor(start / DAY_MS));
				day.total += mj;
				day.starts.set(start, (day.starts.get(start) ?? 0) + mj);
			};
			slots.forEach((mj, slot) => add(base + slot * BUCKET_MS, mj));
			for (const [start, mj] of odd) add(start, mj);
			refresh(ownerId, ix);
			return ix;
		}

		return { ownerId, signature, step, finish };
	}

	function build(ownerId: number, ports: [number, number][], signature: string): Index {
		return builder(ownerId, ports, signature).finish();
	}

	function dayOf(ix: Index, d: number): Day {
		let day = ix.days.get(d);
		if (!day) {
			ix.days.set(d, (day = { total: 0, starts: new Map() }));
			if (d < ix.minDay) ix.minDay = d;
			if (d > ix.maxDay) ix.maxDay = d;
		}
		return day;
	}

	function prune(ix: Index): void {
		const since = ix.newestChange - SLACK_MS;
		for (const [k, v] of ix.recent) if (Number(v.split(':')[0]) < since) ix.recent.delete(k);
	}

	/** Reads the rows changed since the last look and sums their buckets and days again. */
	function refresh(ownerId: number, ix: Index): void {
		const since = Number.isFinite(ix.newestChange)
			? ix.newestChange - SLACK_MS
			: Number.MIN_SAFE_INTEGER;
		const starts = new Set<number>();
		const portDays = new Map<string, [number, number, number]>();
		for (const [deviceId, port, start, mj, changedAt] of usage.changedSince(ownerId, since)) {
			const key = `${deviceId}:${port}:${start}`;
			const seen = `${changedAt}:${mj}`;
			if (ix.recent.get(key) === seen) continue;
			ix.recent.set(key, seen);
			if (changedAt > ix.newestChange) ix.newestChange = changedAt;
			starts.add(start);
			const d = Math.floor(start / DAY_MS);
			portDays.set(`${deviceId}:${port}:${d}`, [deviceId, port, d]);
		}
		for (const start of starts) {
			const mj = usage.householdAt(ownerId, start);
			const day = dayOf(ix, Math.floor(start / DAY_MS));
			day.total += mj - (day.starts.get(start) ?? 0);
			day.starts.set(start, mj);
		}
		for (const [deviceId, port, d] of portDays.values()) {
			const k = `${deviceId}:${port}`;
			let pd = ix.portDays.get(k);
			if (!pd) ix.portDays.set(k, (pd = new Map()));
			pd.set(d, usage.portSpan(deviceId, port, d * DAY_MS, (d + 1) * DAY_MS));
		}
		if (starts.size) prune(ix);
	}

	/** The household's index, current as of now. */
	function indexOf(ownerId: number): Index {
		// One bill asks for hundreds of spans in a row with nothing written in between.
		const mark = usage.changeMark();
		const known = cache.get(ownerId);
		if (known && mark !== null && known.mark === mark) return known;
		const ports = usage.ports(ownerId);
		const signature = signatureOf(ports);
		let ix = cache.get(ownerId);
		// A strip added, removed or moved to another household: its old rows count now.
		const started = warming?.ownerId === ownerId ? warming : null;
		if (started) warming = null;
		if (!ix || ix.signature !== signature) {
			ix = started?.signature === signature ? started.finish() : build(ownerId, ports, signature);
		} else refresh(ownerId, ix);
		ix.mark = mark;
		remember(ownerId, ix);
		warmSoon();
		return ix;
	}

	/** [from, to) as partial spans at the ends and the whole UTC days between them. */
	function split(ix: Index, from: number, to: number) {
		const firstWhole = Math.ceil(from / DAY_MS);
		const endWhole = Math.floor(to / DAY_MS);
		if (firstWhole >= endWhole) return { parts: [[from, to]], days: null };
		return {
			parts: [
				[from, firstWhole * DAY_MS],
				[endWhole * DAY_MS, to]
			].filter(([a, b]) => b! > a!) as [number, number][],
			// Days without data add nothing: walk only those the household has.
			days: [Math.max(firstWhole, ix.minDay), Math.min(endWhole - 1, ix.maxDay)] as const
		};
	}

	// From the start: the first bill of a large household should not be the one that waits.
	setImmediate(warmSoon).unref();

	return {
		ready,
		/** Millijoules all of an owner's strips measured in buckets starting in [start, end). */
		stripMj(ownerId: number, start: number, end: number): number {
			if (!(end > start)) return 0;
			// Rows of a transaction that may roll back are not kept: a rolled-back row leaves no trace to re-read.
			if (usage.inTransaction()) return usage.stripMj(ownerId, start, end);
			const ix = indexOf(ownerId);
			const { parts, days } = split(ix, start, end);
			let mj = 0;
			for (const [a, b] of parts) {
				for (let d = Math.floor(a / DAY_MS); d * DAY_MS < b; d++) {
					const day = ix.days.get(d);
					if (!day) continue;
					for (const [s, e] of day.starts) if (s >= a && s < b) mj += e;
				}
			}
			if (days) for (let d = days[0]; d <= days[1]; d++) mj += ix.days.get(d)?.total ?? 0;
			return mj;
		},
		/** [deviceId, port, energyMj] of each of an owner's ports over [from, to). */
		energyByPort(ownerId: number, from: number, to: number): [number, number, number][] {
			if (usage.inTransaction()) return usage.energyByPort(ownerId, from, to);
			const ix = indexOf(ownerId);
			if (!(to > from)) return ix.ports.map(([d, p]) => [d, p, 0]);
			const { parts, days } = split(ix, from, to);
			const sums = new Map<string, number>();
			for (const [a, b] of parts) {
				for (const [d, p, mj] of usage.energyByPort(ownerId, a, b)) {
					const k = `${d}:${p}`;
					sums.set(k, (sums.get(k) ?? 0) + mj);
				}
			}
			return ix.ports.map(([deviceId, port]) => {
				const k = `${deviceId}:${port}`;
				let mj = sums.get(k) ?? 0;
				const pd = ix.portDays.get(k);
				if (days && pd) {
					if (days[1] - days[0] + 1 > pd.size) {
						for (const [d, e] of pd) if (d >= days[0] && d <= days[1]) mj += e;
					} else {
						for (let d = days[0]; d <= days[1]; d++) mj += pd.get(d) ?? 0;
					}
				}
				return [deviceId, port, mj];
			});
		}
	};
}

export type SpanSums = ReturnType<typeof createSpanSums>;
