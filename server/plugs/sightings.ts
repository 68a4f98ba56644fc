import { KeyedState } from './keyed-state';
import type { Decoded, PlugFamilyId, PlugSighting } from './plug-family';

interface Known {
	ports: Set<number>;
	model?: string;
	name?: string;
}

/**
 * What a family has seen of each plug: a sighting is reported the first time a plug
 * speaks and again whenever it shows a new channel or says what it is, not on every message.
 */
export class Sightings {
	private readonly known = new KeyedState<Known>(() => ({ ports: new Set() }));

	constructor(private readonly family: PlugFamilyId) {}

	note(
		key: string,
		ports: readonly number[],
		info: { model?: string; name?: string } = {}
	): Decoded[] {
		const fresh = this.known.peek(key) === undefined;
		const k = this.known.get(key);
		let changed = fresh;
		for (const p of ports) {
			if (!k.ports.has(p)) {
				k.ports.add(p);
				changed = true;
			}
		}
		if (info.model && info.model !== k.model) {
			k.model = info.model;
			changed = true;
		}
		if (info.name && info.name !== k.name) {
			k.name = info.name;
			changed = true;
		}
		if (!changed) return [];
		const sighting: PlugSighting = {
			family: this.family,
			key,
			ports: [...k.ports].sort((a, b) => a - b),
			...(k.model ? { model: k.model } : {}),
			...(k.name ? { name: k.name } : {})
		};
		return [{ kind: 'sighting', sighting }];
	}

	forget(key: string): void {
		this.known.delete(key);
	}
}

/** Text fit to show as a plug's model or name: a short printable string, else undefined. */
export function label(x: unknown): string | undefined {
	if (typeof x !== 'string') return undefined;
	const t = x.trim();
	return t.length > 0 && t.length <= 64 && !/[\p{Cc}]/u.test(t) ? t : undefined;
}

/** A plug key fit for topics we publish to: no wildcard, no empty level, bounded. */
export function validKey(key: string): boolean {
	return (
		key.length > 0 && key.length <= 128 && !/[+#\u0000]/.test(key) && !key.split('/').includes('')
	);
}
