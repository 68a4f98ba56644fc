// `npm start`: build when there is no build yet, then run the production server in this
// process (tsx compiles the backend core on load).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { register } from 'tsx/esm/api';

if (!existsSync('build/handler.js')) {
	console.log('No build yet: building the app once (about a minute)…');
	const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build'], {
		stdio: 'inherit'
	});
	if (r.status !== 0) process.exit(r.status ?? 1);
}
register();
await import('../server/main.ts');
