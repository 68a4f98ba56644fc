import type { Server } from 'node:http';
import { createApp } from '../app';
import { loadConfig } from '../config';
import { setAppContext } from '../context';

/** `npm run dev`: the backend on Vite's HTTP server (see vite-plugin.ts). */
export function attachBackend(server: Server) {
	const app = createApp(loadConfig());
	setAppContext(app);
	app.attach(server);
	const demo = app.startDemo();
	if (demo.created) console.log('Demo: a simulated strip was created (DEMO=0 turns it off).');
	return {
		handle: app.handle,
		close: async () => {
			setAppContext(undefined);
			await app.close();
		}
	};
}
