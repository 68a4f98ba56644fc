import type { FrameInput } from '../ingest/frame.schema';

/**
 * The seam between the MQTT bridge (connections, ownership, limits) and what each plug
 * family's messages mean. A family turns one message into frames of the device API, so a
 * plug's readings go through the same validation, energy ledger and epoch rules as a
 * strip's; and it says how to switch a channel. No network and no database here.
 */
export type PlugFamilyId = 'tasmota' | 'shelly-gen2' | 'shelly-gen1' | 'esphome';

/** A plug seen on the broker, whoever owns it. `key` names it within its family. */
export interface PlugSighting {
	family: PlugFamilyId;
	/** Tasmota's %topic%, a Shelly's topic prefix or id, an ESPHome node's topic prefix. */
	key: string;
	/** The channels it reported, as ports numbered from 1. */
	ports: number[];
	/** What the plug says it is, when it says. */
	model?: string;
	name?: string;
}

export type Decoded =
	/** Readings for ingest; `frame.ts` is the plug's own time when it sends one, else `at`. */
	| { kind: 'frame'; key: string; frame: FrameInput }
	/** A relay's reported state (a command's effect coming back). */
	| { kind: 'state'; key: string; port: number; on: boolean }
	| { kind: 'sighting'; sighting: PlugSighting }
	/** A topic of this family that carries nothing to keep (LWT, info, a command echo). */
	| { kind: 'ignored' }
	| { kind: 'malformed'; key: string | null; reason: string };

export interface MqttMessage {
	topic: string;
	payload: string;
}

export interface PlugFamily {
	readonly id: PlugFamilyId;
	/** MQTT topic filters the bridge subscribes to for this family. */
	readonly filters: readonly string[];
	/**
	 * What one message means: [] when the topic is not this family's. A family may keep
	 * state per key (Shelly Gen1 sends power and energy on separate topics).
	 */
	decode(topic: string, payload: Uint8Array, at: number): Decoded[];
	/** The message that switches one channel of a plug on or off. */
	switchCommand(key: string, port: number, on: boolean): MqttMessage;
	/** Messages that make a plug report its state now (after a restart of the bridge). */
	pollCommands(key: string): MqttMessage[];
	/** Drops what is kept about a plug (it was removed). */
	forget(key: string): void;
}

/** A fresh instance of each family (families may hold per-plug state). */
export type PlugFamilyFactory = () => PlugFamily;
