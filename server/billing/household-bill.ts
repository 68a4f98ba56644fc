/**
 * The household's bill and what the strips add to it (docs/decisions.md, rule 8). Slabs, the
 * demand charge, meter rent and VAT belong to the household's meter; the strips meter a
 * few sockets of it. So the bill is priced on the household's units (the strips' measured
 * buckets plus the rest of the home), and the strips' cost is that bill minus the same
 * bill without their energy: fixed charges cancel, and the strips' kWh sit at the top of
 * the month's slabs, where they are what the household could have saved.
 */
import { BUCKET_MS, MJ_PER_KWH, type PortBucket } from './aggregate';
import { computeBill, type Bill } from './bill';
import { roundBill, splitByWeight, totalPaisa, fromPaisa } from './paisa';
import { addDays, dayKey, localMidnight } from './local-time';
import { sortVersions, type TariffInput } from './tariff';

/** The port key of the rest of the home's synthetic buckets. */
export const REST_OF_HOME = 'home';

export interface HouseholdPriceInput {
	tariffs: readonly TariffInput[];
	tz: string;
	period: { start: number; end: number };
	/** the strips' buckets, measured (and, for a projection, expected) */
	strips: readonly PortBucket[];
	/** the household's units for the same time; null when the household has told us nothing */
	householdKwh: number | null;
	/** the time the rest of the home is spread over: [from, to) */
	rest: { from: number; to: number };
	sanctionedLoadKw?: number;
	now: number;
}

export interface PortCost {
	port: string;
	kwh: number;
	/** the port's share of the strips' cost, whole paisa (as money) */
	cost: number;
	/** the same share unrounded, for a price per kWh that rounding does not bend */
	exactCost: number;
}

export interface HouseholdPrice {
	/** the household's bill, rounded as printed; null without household data */
	household: Bill | null;
	/** the strips' energy and what it adds to the household bill */
	strips: { kwh: number; cost: number; ports: PortCost[] };
}

export function priceHousehold(input: HouseholdPriceInput): HouseholdPrice {
	const { period } = input;
	const inPeriod = input.strips.filter((b) => b.start >= period.start && b.start < period.end);
	const byPort = new Map<string, number>();
	for (const b of inPeriod)
		byPort.set(String(b.port), (byPort.get(String(b.port)) ?? 0) + b.energyMj);
	const stripMj = [...byPort.values()].reduce((a, b) => a + b, 0);
	const householdMj =
		input.householdKwh === null ? stripMj : Math.round(input.householdKwh * MJ_PER_KWH);
	const restMj = Math.max(0, householdMj - stripMj);
	const tou = sortVersions(input.tariffs).some((t) => t.energy.kind === 'tou' && !t.slabs);
	const rest = spreadEvenly(REST_OF_HOME, restMj, input.rest.from, input.rest.to, tou ? 1 : 96);
	const strips = tou ? inPeriod : byLocalDay(inPeriod, period, input.tz);
	const bill = (buckets: PortBucket[]) =>
		computeBill({
			buckets,
			tariffs: input.tariffs,
			tz: input.tz,
			period,
			now: input.now,
			sanctionedLoadKw: input.sanctionedLoadKw
		});
	const fullExact = bill([...strips, ...rest]);
	const withoutExact = bill(rest);
	const full = roundBill(fullExact);
	const costPaisa = totalPaisa(full) - totalPaisa(roundBill(withoutExact));
	const exactCost = fullExact.total - withoutExact.total;
	const ports = [...byPort.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
	const shares = splitByWeight(
		costPaisa,
		ports.map((p) => byPort.get(p)!)
	);
	return {
		household: input.householdKwh === null ? null : full,
		strips: {
			kwh: stripMj / MJ_PER_KWH,
			cost: fromPaisa(costPaisa),
			ports: ports.map((port, i) => ({
				port,
				kwh: byPort.get(port)! / MJ_PER_KWH,
				cost: fromPaisa(shares[i]!),
				exactCost: stripMj > 0 ? (exactCost * byPort.get(port)!) / stripMj : 0
			}))
		}
	};
}

/**
 * When the hour does not change the price (flat rates and slabs), a port's buckets are
 * added up per local day first: the bill is the same, and a month is 31 rows a port
 * instead of 2,976, which is most of what a bills page costs. Each day's sum sits at that
 * day's local midnight (on the 15-minute grid in every zone in use).
 */
export function byLocalDay(
	buckets: readonly PortBucket[],
	period: { start: number; end: number },
	tz: string
): PortBucket[] {
	const starts: number[] = [];
	for (let d = dayKey(period.start, tz); d <= dayKey(period.end - 1, tz); d = addDays(d, 1)) {
		const [y, m, day] = d.split('-').map(Number) as [number, number, number];
		starts.push(Math.max(period.start, localMidnight(y, m, day, tz)));
	}
	const sums = new Map<string, PortBucket>();
	for (const b of buckets) {
		let lo = 0;
		let hi = starts.length - 1;
		while (lo < hi) {
			const mid = (lo + hi + 1) >> 1;
			if (starts[mid]! <= b.start) lo = mid;
			else hi = mid - 1;
		}
		const start = Math.floor(starts[lo]! / BUCKET_MS) * BUCKET_MS;
		const key = `${b.port}|${lo}`;
		const sum = sums.get(key);
		if (sum) sum.energyMj += b.energyMj;
		else sums.set(key, { port: b.port, start, energyMj: b.energyMj });
	}
	return [...sums.values()];
}

/**
 * `mj` spread evenly in time over [from, to) as buckets on the 15-minute grid, grouped
 * `slotsPerBucket` slots to a bucket (a day's worth when only the day matters to the
 * price, one slot under time-of-use). Integer millijoules that add up to `mj` exactly.
 */
export function spreadEvenly(
	port: string,
	mj: number,
	from: number,
	to: number,
	slotsPerBucket: number
): PortBucket[] {
	if (mj <= 0) return [];
	const first = Math.floor(from / BUCKET_MS) * BUCKET_MS;
	const slots = Math.max(1, Math.ceil((to - first) / BUCKET_MS));
	const out: PortBucket[] = [];
	for (let s = 0; s < slots; s += slotsPerBucket) {
		const upTo = Math.min(slots, s + slotsPerBucket);
		const energyMj = Math.round((mj * upTo) / slots) - Math.round((mj * s) / slots);
		if (energyMj > 0) out.push({ port, start: first + s * BUCKET_MS, energyMj });
	}
	return out;
}
