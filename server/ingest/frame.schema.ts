import { z } from 'zod';

/**
 * The device payload, defined once and shared by the server, the simulator and the
 * contract tests (docs/device-api.md). Ranges are the seed's.
 */
const between = (min: number, max: number) =>
	z
		.number({ error: 'must be a number' })
		.min(min, `must be between ${min} and ${max}`)
		.max(max, `must be between ${min} and ${max}`);

const relay = z
	.union([z.boolean(), z.enum(['ON', 'OFF', 'on', 'off'])], {
		error: 'must be true, false, "ON" or "OFF"'
	})
	.transform((v) => v === true || v === 'ON' || v === 'on');

const commandIds = z.array(z.string().min(1).max(64)).max(64);

/** Outcomes of meter commands (addressing, energy reset); the ids are also in acks/refused. */
const commandResults = z
	.array(
		z.object({
			id: z.string().min(1).max(64),
			outcome: z.string().min(1).max(32),
			read_back: z.number().int().min(0).max(255).optional()
		})
	)
	.max(64);

export const MAX_PORTS = 8;

export const portReadingSchema = z.object({
	port: z
		.number({ error: 'must be a number' })
		.int('must be an integer')
		.min(1, `must be between 1 and ${MAX_PORTS}`)
		.max(MAX_PORTS, `must be between 1 and ${MAX_PORTS}`),
	voltage: between(0, 300),
	current: between(0, 50),
	power: between(0, 15_000),
	pf: between(0, 1).optional(),
	energy_wh: between(0, 1e12).optional(),
	/** The counter's epoch: a new one after a meter reset or replacement (absent: unknown). */
	epoch: z
		.number({ error: 'must be a number' })
		.int('must be an integer')
		.min(0, 'must be between 0 and 65535')
		.max(65535, 'must be between 0 and 65535')
		.optional(),
	relay: relay.optional()
});

const timestamp = z
	.number({ error: 'must be a number of milliseconds' })
	.int('must be an integer number of milliseconds')
	.min(0, 'must not be negative');

const count = z.number().int().min(0);

/** What a strip reports about itself (diagnostics: the newest is kept and shown on its page). */
export const healthSchema = z.object({
	fw: z.string().max(32).optional(),
	heap: count.optional(),
	rssi: z.number().int().min(-127).max(0).optional(),
	reset: z.string().max(64).optional(),
	uptime_s: count.optional(),
	meters_online: z.array(z.number().int().min(1).max(MAX_PORTS)).max(MAX_PORTS).optional(),
	meter_errors: count.optional(),
	refused_readings: count.optional()
});

export const frameSchema = z
	.object({
		ts: timestamp,
		seq: z.number().int().min(0).optional(),
		dropped: z.number().int().min(0).optional(),
		acks: commandIds.optional(),
		refused: commandIds.optional(),
		results: commandResults.optional(),
		health: healthSchema.optional(),
		ports: z.array(portReadingSchema).max(MAX_PORTS)
	})
	// A frame with no port is a heartbeat (no meter answered): it must say so with health.
	.refine((f) => f.ports.length > 0 || f.health !== undefined, {
		message: 'must hold at least one port',
		path: ['ports']
	});

/** The seed's single reading, with the optional extras of the batched form. */
export const seedReadingSchema = portReadingSchema.extend({
	ts: timestamp.optional(),
	seq: z.number().int().min(0).optional()
});

export type PortReading = z.output<typeof portReadingSchema>;
export type Frame = z.output<typeof frameSchema>;
export type FrameInput = z.input<typeof frameSchema>;
export type SeedReading = z.output<typeof seedReadingSchema>;

export const MAX_FRAMES_PER_REQUEST = 1000;

/** `ports[1].voltage` from zod's path. */
export function fieldName(path: readonly PropertyKey[]): string {
	let out = '';
	for (const p of path) {
		if (typeof p === 'number') out += `[${p}]`;
		else out += out ? `.${String(p)}` : String(p);
	}
	return out;
}
