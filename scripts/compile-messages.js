// Compiles i18n/messages/{en,bn}.json into i18n/paraglide/: one tree-shakable function per
// message, for the app, the service worker and the server alike. The inlang plugin is read
// from node_modules by a local path (project.inlang/settings.json), so no network is needed.
// Skips the work when the output is newer than the messages.
import { compile } from '@inlang/paraglide-js';
import { copyFileSync, existsSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(import.meta.dirname, '..');
export const MESSAGES_OUT = resolve(root, 'i18n/paraglide');
const inputs = [
	'i18n/messages/en.json',
	'i18n/messages/bn.json',
	'i18n/runtime.js',
	'project.inlang/settings.json'
];

function upToDate() {
	const stamp = resolve(MESSAGES_OUT, 'messages.js');
	if (!existsSync(stamp)) return false;
	const built = statSync(stamp).mtimeMs;
	return inputs.every((f) => statSync(resolve(root, f)).mtimeMs < built);
}

export async function compileMessages({ force = false } = {}) {
	if (!force && upToDate()) return;
	await compile({
		project: resolve(root, 'project.inlang'),
		outdir: MESSAGES_OUT,
		// The app chooses the language itself (account, device, browser: src/lib/i18n):
		// the runtime only reads what it is told.
		strategy: ['globalVariable', 'baseLocale'],
		disableAsyncLocalStorage: true,
		emitTsDeclarations: false,
		emitReadme: false
	});
	// Our own small runtime in place of Paraglide's (see i18n/runtime.js); its server
	// middleware, which needs the full one, is not used.
	copyFileSync(resolve(root, 'i18n/runtime.js'), resolve(MESSAGES_OUT, 'runtime.js'));
	rmSync(resolve(MESSAGES_OUT, 'server.js'), { force: true });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	await compileMessages({ force: process.argv.includes('--force') });
}
