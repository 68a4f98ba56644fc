import { createEsphomeFamily } from './esphome';
import type { PlugFamily } from './plug-family';
import { createShellyGen1Family } from './shelly-gen1';
import { createShellyGen2Family } from './shelly-gen2';
import { createTasmotaFamily } from './tasmota';

export type { Decoded, MqttMessage, PlugFamily, PlugFamilyId, PlugSighting } from './plug-family';

/** One fresh instance of every family the bridge speaks (each keeps its own per-plug state). */
export function createPlugFamilies(): PlugFamily[] {
	return [
		createTasmotaFamily(),
		createShellyGen2Family(),
		createShellyGen1Family(),
		createEsphomeFamily()
	];
}

export { createEsphomeFamily, createShellyGen1Family, createShellyGen2Family, createTasmotaFamily };
