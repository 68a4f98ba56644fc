// Bundles the backend entry (server/main.ts) into build/backend/, beside SvelteKit's build,
// so production runs plain JavaScript: a TypeScript loader (tsx) in the server process cost
// ~50 MB of RSS and a thread (docs/benchmarks.md). Packages stay in node_modules (two of
// them are native). Run after `vite build`, which empties build/.
import { build } from 'esbuild';
import { cpSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileMessages } from './compile-messages.js';

const root = resolve(import.meta.dirname, '..');
export const BACKEND_ENTRY = resolve(root, 'build/backend/main.js');

export async function buildBackend() {
	const out = resolve(root, 'build/backend');
	rmSync(out, { recursive: true, force: true });
	// The push texts, alert texts and CSV headers come from the compiled messages.
	await compileMessages();
	await build({
		// The reads worker is its own file beside main.js (server/reads/reads-thread.ts).
		entryPoints: {
			main: resolve(root, 'server/main.ts'),
			'reads-worker': resolve(root, 'server/reads/reads-worker.ts')
		},
		outdir: out,
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		packages: 'external',
		sourcemap: true,
		logLevel: 'warning'
	});
	// server/db/migrate.ts reads the SQL files beside the module that runs it.
	cpSync(resolve(root, 'server/db/migrations'), resolve(out, 'migrations'), { recursive: true });
	// PgDatabase starts its connection thread from this file, beside the module.
	cpSync(resolve(root, 'server/db/postgres/pg-worker.cjs'), resolve(out, 'pg-worker.cjs'));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	await buildBackend();
}
