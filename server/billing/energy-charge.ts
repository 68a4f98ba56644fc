/**
 * Energy charge of one tariff segment, overall and per port. Flat and time-of-use
 * prices are exact per bucket; under slabs each port pays the segment's slab charge
 * pro rata to its kWh, so port charges always add up to the energy charge.
 */
import { MJ_PER_KWH, type PriceKey, type Segment } from './aggregate';
import { priceSlabs, type ChargeLine, type LinePart } from './slabs';

export interface PortCharge {
	port: string;
	kwh: number;
	energyCharge: number;
}

export interface SegmentEnergy {
	kwh: number;
	charge: number;
	lines: ChargeLine[];
	ports: PortCharge[];
}

export function priceSegment(
	seg: Segment,
	byPort: Map<string, Map<PriceKey, number>>,
	scale: number
): SegmentEnergy {
	const t = seg.tariff;
	const kwhOf = (mj: number) => (mj / MJ_PER_KWH) * scale;
	// Sorted so that float sums run in the same order whatever order buckets came in.
	const perPort = [...byPort.entries()]
		.sort(([a], [b]) => comparePorts(a, b))
		.map(([port, byKey]) => ({ port, byKey, mj: sum([...byKey.values()]) }));
	const kwh = kwhOf(sum(perPort.map((p) => p.mj)));

	if (t.slabs) {
		const lines = priceSlabs(kwh, t.slabs, seg.share).map((l) => ({ ...l, tariffId: t.id }));
		const charge = sum(lines.map((l) => l.amount));
		const ports = perPort.map(({ port, mj }) => {
			const portKwh = kwhOf(mj);
			return { port, kwh: portKwh, energyCharge: kwh > 0 ? (charge * portKwh) / kwh : 0 };
		});
		return { kwh, charge, lines, ports };
	}

	const energy = t.energy;
	const rateOf = (key: PriceKey) =>
		energy.kind === 'flat' ? energy.rate : (energy.windows[key]?.rate ?? energy.defaultRate);
	const partOf = (key: PriceKey): LinePart => {
		if (energy.kind === 'flat') return { kind: 'energy' };
		const name = energy.windows[key]?.name;
		return name ? { kind: 'window', name } : { kind: 'other-hours' };
	};
	const labelOf = (key: PriceKey) =>
		energy.kind === 'flat' ? 'Energy' : (energy.windows[key]?.name ?? 'Other hours');
	// Windows in the order the tariff lists them, the hours outside them last.
	const keys = [...new Set(perPort.flatMap((p) => [...p.byKey.keys()]))].sort((a, b) =>
		a === -1 ? 1 : b === -1 ? -1 : a - b
	);
	const lines: ChargeLine[] = keys.map((key) => {
		const k = kwhOf(sum(perPort.map((p) => p.byKey.get(key) ?? 0)));
		return {
			label: labelOf(key),
			part: partOf(key),
			kwh: k,
			rate: rateOf(key),
			amount: k * rateOf(key),
			tariffId: t.id
		};
	});
	const ports = perPort.map(({ port, byKey, mj }) => ({
		port,
		kwh: kwhOf(mj),
		energyCharge: sum(keys.map((key) => kwhOf(byKey.get(key) ?? 0) * rateOf(key)))
	}));
	return { kwh, charge: sum(lines.map((l) => l.amount)), lines, ports };
}

export function sum(values: readonly number[]): number {
	return values.reduce((a, b) => a + b, 0);
}

/** Ports are usually numbers 1..N: order '2' before '10'. */
export function comparePorts(a: string, b: string): number {
	return a.localeCompare(b, 'en', { numeric: true });
}
