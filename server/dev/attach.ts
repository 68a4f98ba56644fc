import type { Server } from 'node:http';
import { createApp } from '../app';
import { loadConfig } from '../config';
import { setAppContext } from '../context';
import { printDemo } from '../jobs/demo-strip';

/** `npm run dev`: the backend on Vite's HTTP server (see vite-plugin.ts). */
export async function attachBackend(server: Server) {
	const app = createApp(loadConfig());
	setAppContext(app);
	app.attach(server);
	const demo = await app.startDemo();
	if (demo) printDemo(demo);
	return {
		handle: app.handle,
		close: async () => {
			setAppContext(undefined);
			await app.close();
		}
	};
}
