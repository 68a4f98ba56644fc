import { fieldName, portReadingSchema, type FrameInput } from '../ingest/frame.schema';

type PortInput = FrameInput['ports'][number];

/** What a plug said about one channel, in the device API's units (W, V, A, Wh). */
export interface ChannelValues {
	power?: number;
	voltage?: number;
	current?: number;
	pf?: number;
	energyWh?: number;
	relay?: boolean;
}

/** A meter's zero wanders a little below zero; anything lower is not a load drawing power. */
const NOISE = { power: 1, current: 0.01, energyWh: 0 } as const;

function noiseToZero(x: number | undefined, noise: number): number | undefined {
	if (x === undefined) return undefined;
	return x < 0 && x > -noise ? 0 : x;
}

/**
 * One port's reading for the device API, or why it cannot be one. A plug that does not
 * measure voltage or current reads 0 for them (0 V is never a powered plug's reading, so
 * it says "not measured"); a power factor's sign (leading or lagging) is dropped, and one
 * outside [-1, 1] is left out. The device schema then judges ranges, so a plug's reading
 * is refused exactly where a strip's would be.
 */
export function portReading(
	port: number,
	v: ChannelValues
): { ok: true; reading: PortInput } | { ok: false; reason: string } {
	const power = noiseToZero(v.power, NOISE.power);
	if (power === undefined) return { ok: false, reason: `port ${port}: no power reading` };
	const pf = v.pf === undefined || Math.abs(v.pf) > 1 ? undefined : Math.abs(v.pf);
	const reading: PortInput = {
		port,
		voltage: v.voltage ?? 0,
		current: noiseToZero(v.current, NOISE.current) ?? 0,
		power,
		...(pf === undefined ? {} : { pf }),
		...(v.energyWh === undefined ? {} : { energy_wh: noiseToZero(v.energyWh, NOISE.energyWh) }),
		...(v.relay === undefined ? {} : { relay: v.relay })
	};
	const parsed = portReadingSchema.safeParse(reading);
	if (parsed.success) return { ok: true, reading };
	const issue = parsed.error.issues[0];
	const field = issue ? fieldName(issue.path) : 'reading';
	return { ok: false, reason: `port ${port}: ${field} ${issue?.message ?? 'is invalid'}` };
}

/** kWh to Wh, kept to the mWh so that 6.294 kWh is 6294 Wh and not 6293.999999999. */
export const kwhToWh = (kwh: number): number => Math.round(kwh * 1e6) / 1e3;
