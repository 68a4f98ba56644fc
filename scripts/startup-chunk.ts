import { resolve } from 'node:path';
import type { Plugin } from 'vite';

/**
 * Puts everything the first screen imports statically into one chunk of the client build.
 *
 * Left to itself the bundler splits shared code by which routes share it: the dashboard
 * started with 21 scripts of 0.03 to 17 kB. Over HTTP/1.1 (six connections per host) each
 * extra wave of requests costs a phone one more round trip before it can hydrate, and each
 * module boundary costs bytes and evaluation. The chunk takes the static import closure of
 * `roots`, without the roots themselves (they stay in their route nodes); what they import
 * dynamically (Dexie, Socket.IO, the chart library, the push code) stays separate and lazy.
 *
 * One chunk, not one per layout: SvelteKit lists a page's preloads by walking Vite's
 * manifest with one "seen" set for static and dynamic imports alike, so a second chunk that
 * the first one's lazy imports also reach was left out of the dashboard's preloads (fetched
 * one round trip late).
 */
export function startupChunk(name: string, roots: string[]): Plugin {
	const members = new Set<string>();
	return {
		name: 'multiplug-startup-chunk',
		apply: 'build',
		configEnvironment(environment) {
			if (environment !== 'client') return;
			return {
				build: {
					rolldownOptions: {
						output: { codeSplitting: { groups: [{ name, test: (id) => members.has(id) }] } }
					}
				}
			};
		},
		buildEnd() {
			// The module graph is complete here; chunks are formed after this hook.
			if (this.environment.name !== 'client') return;
			members.clear();
			const rootIds = new Set(roots.map((root) => resolve(root)));
			const stack = [...rootIds];
			const seen = new Set<string>();
			while (stack.length) {
				const id = stack.pop()!;
				if (seen.has(id)) continue;
				seen.add(id);
				const info = this.getModuleInfo(id);
				if (!info) continue;
				if (!rootIds.has(id)) members.add(id);
				stack.push(...info.importedIds);
			}
		}
	};
}
