import type { App } from './app';

/**
 * The running app, shared with SvelteKit's routes. The routes are bundled separately from
 * the entry (and, in dev, loaded by Vite), so a module-level singleton would exist twice;
 * a well-known global symbol does not.
 */
const KEY = Symbol.for('smart-multiplug.app');

type Holder = { [KEY]?: App };

export function setAppContext(app: App | undefined): void {
	(globalThis as Holder)[KEY] = app;
}

export function appContext(): App {
	const app = (globalThis as Holder)[KEY];
	if (!app) throw new Error('The Smart Multiplug backend is not running in this process.');
	return app;
}
