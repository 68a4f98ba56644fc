import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

/** engine.io-client's modules for the polling transport (and its cross-origin probe). */
const POLLING = /engine\.io-client\/build\/esm\/(transports\/polling|contrib\/has-cors)/;

/**
 * engine.io-client in the browser build with its WebSocket transport only, the one the live
 * socket asks for (src/lib/live/socket.ts). Its list of transports by name is replaced by
 * `transports` (src/lib/live/engine-transports.js), and its polling modules are marked free
 * of side effects: their top-level code (a cross-origin probe, a `pagehide` listener) would
 * keep them in the bundle though nothing uses them.
 */
export function websocketOnly(transports: URL): Plugin {
	return {
		name: 'multiplug-websocket-only',
		enforce: 'pre',
		config: () => ({
			build: { rolldownOptions: { treeshake: { moduleSideEffects: (id) => !POLLING.test(id) } } }
		}),
		resolveId: (source, importer) =>
			source === './transports/index.js' && importer?.includes('/engine.io-client/build/esm/')
				? fileURLToPath(transports)
				: null
	};
}
