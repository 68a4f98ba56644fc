import { resolve } from 'node:path';
import type { Plugin } from 'vite';

/**
 * Puts everything the first screen imports statically into one chunk of the client build.
 *
 * Left to itself the bundler splits shared code by which routes share it: the dashboard
 * started with 21 scripts of 0.03 to 17 kB. Over HTTP/1.1 (six connections per host) each
 * extra wave of requests costs a phone one more round trip before it can hydrate, and each
 * module boundary costs bytes and evaluation. The chunk takes `roots` and their static
 * import closure (their route nodes become stubs that point into it: one file gzips smaller
 * than five); what they import dynamically (Dexie, Socket.IO, the chart library, the push
 * code) stays separate and lazy.
 *
 * One chunk, not one per layout: SvelteKit lists a page's preloads by walking Vite's
 * manifest with one "seen" set for static and dynamic imports alike, so a second chunk that
 * the first one's lazy imports also reach was left out of the dashboard's preloads (fetched
 * one round trip late).
 */
/** The compiled messages' index, and a message used by a module (`m.key(`, see i18n/). */
const MESSAGES_INDEX = /i18n\/paraglide\/messages(\/_index)?\.js$/;
const MESSAGE_USE = /\bm\.(\w+)\b/g;

export function startupChunk(name: string, roots: string[]): Plugin {
	const members = new Set<string>();
	let projectRoot = process.cwd();
	return {
		name: 'multiplug-startup-chunk',
		apply: 'build',
		configResolved(config) {
			projectRoot = config.root;
		},
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
			const rootIds = new Set(roots.map((root) => resolve(projectRoot, root)));
			const found = [...rootIds].filter((id) => this.getModuleInfo(id));
			// The service worker's build has none of them; the app's must have them all, or the
			// first screen would silently fall back to many small chunks.
			if (found.length === 0) return;
			const missing = [...rootIds].filter((id) => !found.includes(id));
			if (missing.length) {
				const message = `startup chunk: not in the client build: ${missing.join(', ')}`;
				// SvelteKit's nested client build loses this error behind the next plugin's.
				console.error(message);
				this.error(message);
			}
			const stack = [...rootIds];
			const seen = new Set<string>();
			const used = new Set<string>();
			while (stack.length) {
				const id = stack.pop()!;
				if (seen.has(id)) continue;
				seen.add(id);
				const info = this.getModuleInfo(id);
				if (!info) continue;
				members.add(id);
				for (const call of info.code?.matchAll(MESSAGE_USE) ?? []) used.add(call[1]!);
				// Every message is statically reachable through the messages' index: only the
				// ones the first screen uses join it; the others stay with the pages using them.
				if (MESSAGES_INDEX.test(id)) continue;
				stack.push(...info.importedIds);
			}
			for (const key of used) {
				const id = resolve(projectRoot, `i18n/paraglide/messages/${key}.js`);
				if (this.getModuleInfo(id)) members.add(id);
			}
		}
	};
}
