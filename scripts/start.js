// `npm start`: builds the app when there is no build yet, then runs the backend bundle in
// this process. package.json starts this file with the V8 flags the server is measured
// with, a small young generation and background threads sized to the CPUs
// (docs/decisions.md); the builds run as child processes, so none of their memory stays
// in the server.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
const entry = resolve(root, 'build/backend/main.js');

function run(script, ...args) {
	const r = spawnSync(process.execPath, [resolve(root, script), ...args], {
		cwd: root,
		stdio: 'inherit'
	});
	if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!existsSync(resolve(root, 'build/handler.js'))) {
	console.log('No build yet: building the app once (about a minute)…');
	run('node_modules/vite/bin/vite.js', 'build');
}
if (!existsSync(entry)) run('scripts/build-backend.js');
await import(pathToFileURL(entry).href);
