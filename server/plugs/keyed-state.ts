/**
 * Per-plug state with a ceiling. Keys come from topics anyone on the broker may publish,
 * so a family's memory must not grow with them: past `max` keys the one touched longest
 * ago is dropped (it starts afresh if it speaks again, as after a restart of the bridge).
 */
export class KeyedState<V> {
	private readonly map = new Map<string, V>();

	constructor(
		private readonly create: () => V,
		private readonly max = 10_000
	) {}

	/** The key's state, created when missing; marks it as the most recently used. */
	get(key: string): V {
		let v = this.map.get(key);
		if (v === undefined) {
			v = this.create();
			if (this.map.size >= this.max) {
				const oldest = this.map.keys().next().value;
				if (oldest !== undefined) this.map.delete(oldest);
			}
		} else {
			this.map.delete(key);
		}
		this.map.set(key, v);
		return v;
	}

	peek(key: string): V | undefined {
		return this.map.get(key);
	}

	delete(key: string): void {
		this.map.delete(key);
	}

	get size(): number {
		return this.map.size;
	}
}
