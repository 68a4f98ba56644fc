/**
 * The bill of one billing period, derived only from stored energy and the tariff
 * versions in force (docs/decisions.md, rule 3).
 *
 * Decisions (also in docs/decisions.md):
 * - Slabs replace the energy rate: when a version has slabs, its energy is priced by
 *   the monthly tiers alone and time-of-use windows are ignored (Bangladesh LT-A is
 *   tiered, not time-of-use; combining both has no published rule to follow).
 * - Each bucket is priced by the version in force on its local date. Monthly charges
 *   (fixed, demand, meter rent) and slab/lifeline bounds are prorated by the share of
 *   the period's local days each version covers.
 * - Per-port energy charge: see energy-charge.ts (pro rata under slabs).
 * - VAT applies to energy and demand charges (docs/decisions.md, tariff facts), not to fixed charge or
 *   meter rent.
 */
import { splitIntoSegments, tabulate, type BucketInput } from './aggregate';
import { comparePorts, priceSegment, type PortCharge } from './energy-charge';
import { DEFAULT_TIME_ZONE } from './local-time';
import type { ChargeLine } from './slabs';
import { sortVersions, type TariffInput } from './tariff';

export interface BillInput {
	buckets: BucketInput;
	/** every version of the household's tariff, in any order */
	tariffs: readonly TariffInput[];
	/** IANA zone; default Asia/Dhaka */
	tz?: string;
	/** usually billingPeriod(...): [start, end) in UTC ms */
	period: { start: number; end: number };
	/** overrides the tariff's sanctionedLoadKw for the demand charge */
	sanctionedLoadKw?: number;
	/** when given and before period.end, the bill is marked incomplete */
	now?: number;
}

export type { ChargeLine, PortCharge };

export interface TariffSegment {
	tariffId: string;
	name: string;
	from: string;
	to: string;
	days: number;
	share: number;
	/** this version's part of the energy charge, demand charge and its VAT rate */
	energyCharge: number;
	demand: number;
	vatPercent: number;
}

export interface Bill {
	currency: string;
	tz: string;
	period: { start: number; end: number };
	/** false while the period is still running (now < period.end) */
	complete: boolean;
	totalKwh: number;
	ports: PortCharge[];
	/** by slab, by time-of-use window, or one flat line, per tariff version */
	energyLines: ChargeLine[];
	energyCharge: number;
	fixed: number;
	sanctionedLoadKw: number;
	demand: number;
	meterRent: number;
	vat: number;
	total: number;
	segments: TariffSegment[];
	/** some version's figures are unofficial: the UI should say "check against your bill" */
	checkAgainstBill: boolean;
}

export function computeBill(input: BillInput): Bill {
	return priceBill(input, 1);
}

/**
 * The bill with every kWh multiplied by `energyScale` (projection uses this so the
 * scaling happens after the exact integer sums). Buckets at or after `until` are left out.
 */
export function priceBill(input: BillInput, energyScale: number, until = Infinity): Bill {
	const { period } = input;
	if (!(
		Number.isFinite(period.start) &&
		Number.isFinite(period.end) &&
		period.end > period.start
	)) {
		throw new RangeError('period.end must be after period.start');
	}
	const tz = input.tz ?? DEFAULT_TIME_ZONE;
	const versions = sortVersions(input.tariffs);
	const segments = splitIntoSegments(period, tz, versions);
	const table = tabulate(input.buckets, period, tz, segments, until);

	const bill: Bill = {
		currency: segments[0]?.tariff.currency ?? 'BDT',
		tz,
		period: { start: period.start, end: period.end },
		complete: input.now === undefined || input.now >= period.end,
		totalKwh: 0,
		ports: [],
		energyLines: [],
		energyCharge: 0,
		fixed: 0,
		sanctionedLoadKw: 0,
		demand: 0,
		meterRent: 0,
		vat: 0,
		total: 0,
		segments: [],
		checkAgainstBill: false
	};
	const ports = new Map<string, PortCharge>();
	segments.forEach((seg, i) => {
		const t = seg.tariff;
		const load = input.sanctionedLoadKw ?? t.sanctionedLoadKw ?? 0;
		const energy = priceSegment(seg, table.get(i) ?? new Map(), energyScale);
		for (const p of energy.ports) {
			const sum = ports.get(p.port) ?? { port: p.port, kwh: 0, energyCharge: 0 };
			sum.kwh += p.kwh;
			sum.energyCharge += p.energyCharge;
			ports.set(p.port, sum);
		}
		const demand = (t.demandPerKw ?? 0) * load * seg.share;
		bill.energyLines.push(...energy.lines);
		bill.energyCharge += energy.charge;
		bill.totalKwh += energy.kwh;
		bill.fixed += (t.fixedMonthly ?? 0) * seg.share;
		bill.demand += demand;
		bill.sanctionedLoadKw = load;
		bill.meterRent += (t.meterRent ?? 0) * seg.share;
		bill.vat += ((energy.charge + demand) * (t.vatPercent ?? 0)) / 100;
		bill.checkAgainstBill ||= t.checkAgainstBill === true;
		bill.segments.push({
			tariffId: t.id,
			name: t.name,
			from: seg.from,
			to: seg.to,
			days: seg.days,
			share: seg.share,
			energyCharge: energy.charge,
			demand,
			vatPercent: t.vatPercent ?? 0
		});
	});
	bill.ports = [...ports.values()].sort((a, b) => comparePorts(a.port, b.port));
	bill.total = bill.energyCharge + bill.fixed + bill.demand + bill.meterRent + bill.vat;
	return bill;
}
