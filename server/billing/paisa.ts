/**
 * The household's rounding rules, as its utility bill applies them: each line to the
 * paisa (half up), VAT on the rounded lines it taxes, a total as the sum of its rounded
 * lines, and a split of an amount into parts by largest remainders so the parts add up
 * exactly. Amounts here are integer paisa (hundredths of the currency unit).
 */
import type { Bill } from './bill';

/** Half away from zero; the EPSILON nudge makes 126.925-style binary underestimates round as written. */
export function roundHalfUp(x: number): number {
	return Math.sign(x) * Math.round(Math.abs(x) * (1 + Number.EPSILON)) || 0;
}

export const toPaisa = (amount: number): number => roundHalfUp(amount * 100);
export const fromPaisa = (paisa: number): number => paisa / 100;

/**
 * Split `total` paisa over integer `weights` (e.g. millijoules) in proportion, by largest
 * remainders: the parts sum to `total` exactly. Ties go to the earlier part. BigInt keeps
 * paisa × millijoules exact past 2^53.
 */
export function splitByWeight(total: number, weights: readonly number[]): number[] {
	const sum = weights.reduce((a, b) => a + b, 0);
	if (weights.length === 0) return [];
	if (sum <= 0) return weights.map((_, i) => (i === 0 ? total : 0));
	const T = BigInt(total);
	const W = BigInt(sum);
	const sign = T < 0n ? -1n : 1n;
	const abs = T * sign;
	const parts = weights.map((w) => (abs * BigInt(w)) / W);
	const rest = weights.map((w, i) => ({ i, r: (abs * BigInt(w)) % W }));
	let left = abs - parts.reduce((a, b) => a + b, 0n);
	rest.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
	for (const { i } of rest) {
		if (left <= 0n) break;
		parts[i]! += 1n;
		left -= 1n;
	}
	return parts.map((p) => Number(p * sign));
}

/**
 * The bill as the utility prints it: every money figure rounded to the paisa by the rules
 * above, so a total always equals the sum of the lines shown. VAT is charged per tariff
 * version on that version's rounded energy and demand lines.
 */
export function roundBill(bill: Bill): Bill {
	const energyLines = bill.energyLines.map((l) => ({ ...l, amount: fromPaisa(toPaisa(l.amount)) }));
	let energy = 0;
	let demand = 0;
	let vat = 0;
	const segments = bill.segments.map((s) => {
		const e = energyLines
			.filter((l) => l.tariffId === s.tariffId)
			.reduce((a, l) => a + toPaisa(l.amount), 0);
		const d = toPaisa(s.demand);
		const v = roundHalfUp(((e + d) * s.vatPercent) / 100);
		energy += e;
		demand += d;
		vat += v;
		return { ...s, energyCharge: fromPaisa(e), demand: fromPaisa(d) };
	});
	const fixed = toPaisa(bill.fixed);
	const meterRent = toPaisa(bill.meterRent);
	return {
		...bill,
		energyLines,
		segments,
		energyCharge: fromPaisa(energy),
		fixed: fromPaisa(fixed),
		demand: fromPaisa(demand),
		meterRent: fromPaisa(meterRent),
		vat: fromPaisa(vat),
		total: fromPaisa(energy + fixed + demand + meterRent + vat)
	};
}

/** A rounded bill's total in paisa (exact: its lines are whole paisa). */
export const totalPaisa = (bill: Bill): number => Math.round(bill.total * 100);
