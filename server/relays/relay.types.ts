/** Who or what asked for a switch: written to the audit log with every command. */
export type SwitchSource = 'user' | 'schedule' | 'timer' | 'overload';

export type CommandStatus = 'pending' | 'applied' | 'refused' | 'expired' | 'superseded';

/** A relay command as the server keeps it. Instants are UTC epoch ms. */
export interface RelayCommand {
	id: string;
	deviceId: number;
	port: number;
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
}

/** The command as the device API carries it (docs/device-api.md). */
export interface WireCommand {
	id: string;
	port: number;
	on: boolean;
	expires: number;
	/** present (true) only when a person insisted on switching a cut port back on */
	override?: true;
}

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
	message: string;
	at: number;
}

export const toWire = (c: RelayCommand): WireCommand =>
	c.override
		? { id: c.id, port: c.port, on: c.on, expires: c.expiresAt, override: true }
		: { id: c.id, port: c.port, on: c.on, expires: c.expiresAt };
