import { KeyedState } from './keyed-state';
import type { Decoded, PlugFamilyId, PlugSighting } from './plug-family';

interface Known {
	/** Whether a sighting of it was reported. */
	reported: boolean;
	ports: Set<number>;
	model?: string;
	name?: string;
}

/**
 * What a family has seen of each plug: a sighting is reported the first time a plug
 * speaks and again whenever it shows a new channel or says what it is, not on every message.
 */
export class Sightings {
	private readonly known = new KeyedState<Known>(() => ({ reported: false, ports: new Set() }));

	constructor(private readonly family: PlugFamilyId) {}

	note(
		key: string,
		ports: readonly number[],
		info: { model?: string; name?: string } = {}
	): Decoded[] {
		const k = this.known.get(key);
		let changed = !k.reported;
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
		// A plug with no channel yet (a light, a sensor, a meter not heard from) is no plug to offer.
		if (!changed || k.ports.size === 0) return [];
		k.reported = true;
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
		key.length > 0 &&
		key.length <= 128 &&
		!/[+#]/.test(key) &&
		!key.includes('\u0000') &&
		!key.split('/').includes('')
	);
}

/** A message that only tells about a plug is still this family's: ignored when it adds nothing. */
export function orIgnored(items: Decoded[]): Decoded[] {
	return items.length > 0 ? items : [{ kind: 'ignored' }];
}
