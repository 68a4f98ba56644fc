import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildBackend } from '../scripts/build-backend.js';
import { ROOT } from './helpers/server';

/**
 * Integration and end-to-end tests start the built app, as `npm start` does. The backend
 * is rebundled from source first (a fraction of a second), so a change under server/ is
 * tested without a full build; the SvelteKit app needs `npm run build`.
 */
export default async function setup(): Promise<void> {
	if (!existsSync(join(ROOT, 'build/handler.js'))) {
		throw new Error('No build of the app: run `npm run build` before these tests.');
	}
	await buildBackend();
}
