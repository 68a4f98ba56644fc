import { existsSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * The URL paths of the files the adapter serves as they are (build/client and the
 * prerendered pages), so that the gate in front of SvelteKit can let them by unqueued.
 * Precompressed twins (.br, .gz) are served under their plain name.
 */
export function staticFilePaths(buildDir: string): Set<string> {
	const paths = new Set<string>();
	for (const root of [join(buildDir, 'client'), join(buildDir, 'prerendered')]) {
		if (!existsSync(root)) continue;
		for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
			if (!entry.isFile()) continue;
			const path = '/' + relative(root, join(entry.parentPath, entry.name)).split(sep).join('/');
			if (path.startsWith('/_app/') || /\.(br|gz)$/.test(path)) continue;
			paths.add(path);
			// A prerendered page is served without its .html as well.
			if (path.endsWith('.html')) paths.add(path.slice(0, -5));
		}
	}
	return paths;
}
