import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'vite';

/**
 * `npm run dev`: the same backend as production — device API, health, metrics and
 * Socket.IO — attached to Vite's own HTTP server, in front of SvelteKit's middleware.
 * The backend is loaded through tsx rather than bundled into the Vite config, so it keeps
 * its own module graph, exactly as `npm start` runs it.
 */
export function multiplugDevServer(): Plugin {
	return {
		name: 'multiplug-dev-server',
		apply: 'serve',
		async configureServer(server) {
			if (!server.httpServer) return;
			const { tsImport } = await import('tsx/esm/api');
			const entry = pathToFileURL(resolve('server/dev/attach.ts')).href;
			const { attachBackend } = (await tsImport(
				entry,
				import.meta.url
			)) as typeof import('./attach');
			const backend = await attachBackend(server.httpServer as import('node:http').Server);
			server.middlewares.use((req, res, next) => {
				if (!backend.handle(req, res)) next();
			});
			server.httpServer.once('close', () => void backend.close());
		}
	};
}
