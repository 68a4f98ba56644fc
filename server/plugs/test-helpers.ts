import { defaultEnergyOptions, intervalBetween, type Sample } from '../energy/interval';
import { MJ_PER_WH } from '../energy/units';
import { frameSchema, type FrameInput } from '../ingest/frame.schema';
import type { Decoded, PlugFamily } from './plug-family';

/** Decodes a text payload, as the bridge would hand it over. */
export function decodeText(
	family: PlugFamily,
	topic: string,
	payload: string,
	at: number
): Decoded[] {
	return family.decode(topic, new TextEncoder().encode(payload), at);
}

export function framesOf(decoded: Decoded[]): FrameInput[] {
	return decoded.flatMap((d) => (d.kind === 'frame' ? [d.frame] : []));
}

export function kinds(decoded: Decoded[]): string[] {
	return decoded.map((d) => d.kind);
}

/** Wh the energy ledger counts for each port of these frames: its interval rule, summed in time order. */
export function countedWh(decoded: Decoded[]): Map<number, number> {
	const samples = new Map<number, Sample[]>();
	for (const d of decoded) {
		if (d.kind !== 'frame') continue;
		const frame = frameSchema.parse(d.frame);
		for (const p of frame.ports) {
			const list = samples.get(p.port) ?? [];
			list.push({
				ts: frame.ts,
				power: p.power,
				energyWh: p.energy_wh ?? null,
				epoch: p.epoch ?? null
			});
			samples.set(p.port, list);
		}
	}
	const out = new Map<number, number>();
	for (const [port, list] of samples) {
		list.sort((a, b) => a.ts - b.ts);
		let mj = 0;
		for (let i = 1; i < list.length; i++) {
			mj += intervalBetween(list[i - 1]!, list[i]!, defaultEnergyOptions).energyMj;
		}
		out.set(port, mj / MJ_PER_WH);
	}
	return out;
}
