import { createPlugFamilies } from '../plugs';
import type { PlugFamily, PlugFamilyFactory } from '../plugs/plug-family';

/**
 * The plug families the bridge decodes: those built into the app, and any a process was
 * given before the app started. The second list lives on a global symbol because the app
 * runs as a bundle: a module loaded with `node --import` (the integration tests' own
 * family) cannot share a module instance with it, only the global object.
 */
const INSTALLED = Symbol.for('smart-multiplug.plug-families');

type WithFamilies = { [INSTALLED]?: PlugFamilyFactory[] };

export function installPlugFamily(factory: PlugFamilyFactory): void {
	const g = globalThis as WithFamilies;
	(g[INSTALLED] ??= []).push(factory);
}

/** A fresh instance of every family (they may keep state per plug). */
export function plugFamilies(): PlugFamily[] {
	const installed = (globalThis as WithFamilies)[INSTALLED] ?? [];
	return [...createPlugFamilies(), ...installed.map((make) => make())];
}
