import type { AlertMessage } from '../alerts/alert-message';
/** Who or what asked for a switch: written to the audit log with every command. */
export type SwitchSource = 'user' | 'schedule' | 'timer' | 'overload';

export type CommandStatus = 'pending' | 'applied' | 'refused' | 'expired' | 'superseded';

/** Maintenance of a port's meter, asked of the strip through the command path. */
export type MeterAction = 'assign_address' | 'reset_energy';
export type CommandAction = 'switch' | MeterAction;

/** What a strip reports of a meter command (docs/device-api.md, `results`). */
export const METER_OUTCOMES = [
	'confirmed',
	'no_answer',
	'wrong_address',
	'bad_answer',
	'busy',
	'unsupported'
] as const;
export type MeterOutcome = (typeof METER_OUTCOMES)[number];

/** One entry of a frame's `results`. */
export interface MeterResult {
	id: string;
	outcome: MeterOutcome;
	readBack: number | null;
}

/** A device command as the server keeps it (a relay switch or a meter job). Instants are UTC epoch ms. */
export interface RelayCommand {
	id: string;
	deviceId: number;
	/** For 'assign_address' also the address written: port N's meter answers at N. */
	port: number;
	action: CommandAction;
	/** The relay state asked for; false for a meter command. */
	on: boolean;
	/** "on" for a port the strip cut itself (overload, silent meter): a person insisted */
	override: boolean;
	source: SwitchSource;
	userId: number | null;
	createdAt: number;
	/** Not delivered before this instant: switch-ons of one strip are staggered. */
	releaseAt: number;
	/** Never delivered at or after this instant (docs/decisions.md, rule 5). */
	expiresAt: number;
	deliveredAt: number | null;
	status: CommandStatus;
	resolvedAt: number | null;
	/** Order of creation, also within one millisecond. */
	seq: number;
	/** A meter command's reported outcome (null until reported, and for a switch). */
	outcome: MeterOutcome | null;
	/** The address the meter read back, when it read one. */
	readBack: number | null;
}

/** A switch as the device API carries it (docs/device-api.md). */
export interface WireSwitch {
	id: string;
	port: number;
	on: boolean;
	expires: number;
	/** present (true) only when a person insisted on switching a cut port back on */
	override?: true;
}

/**
 * A meter command on the wire. It never has `on`: firmware from before actions requires
 * `on` of every command, so it drops this one as invalid instead of switching the port.
 */
export interface WireMeterCommand {
	id: string;
	action: MeterAction;
	port: number;
	expires: number;
}

export type WireCommand = WireSwitch | WireMeterCommand;

/** What a port card needs beside the live reading: the switching state and plans. */
export interface PortControl {
	deviceId: number;
	port: number;
	critical: boolean;
	/** A command on its way: the card says "switching…". */
	pending: { id: string; on: boolean; expires: number } | null;
	/** The newest command ended without the strip confirming it (expired or refused). */
	unconfirmed: { on: boolean; at: number; status: 'expired' | 'refused' } | null;
	/** The next planned switch, from a schedule or a countdown timer. */
	next: { on: boolean; at: number; kind: 'schedule' | 'timer' } | null;
	limitW: number | null;
	holdS: number;
}

/** Overload protection switched a port off (the dashboard says so at once). */
export interface OverloadTrip {
	deviceId: number;
	/** The port switched off. */
	port: number;
	/** in English; `args` says it in the reader's language (alerts/alert-message.ts) */
	message: string;
	args: AlertMessage;
	at: number;
}

export const toWire = (c: RelayCommand): WireCommand =>
	c.action !== 'switch'
		? { id: c.id, action: c.action, port: c.port, expires: c.expiresAt }
		: c.override
			? { id: c.id, port: c.port, on: c.on, expires: c.expiresAt, override: true }
			: { id: c.id, port: c.port, on: c.on, expires: c.expiresAt };

/** A meter command as the device and port pages show it. */
export interface MeterCommandView {
	id: string;
	port: number;
	action: MeterAction;
	status: CommandStatus;
	outcome: MeterOutcome | null;
	readBack: number | null;
	createdAt: number;
	expiresAt: number;
	resolvedAt: number | null;
}
