import type { IncomingMessage, ServerResponse } from 'node:http';
import compression from 'compression';

/**
 * On-the-fly compression (brotli when the browser takes it, else gzip) for what SvelteKit
 * renders: pages, `__data.json`, `/api/sync`, the other JSON endpoints. Built assets are
 * not compressed here: adapter-node serves its precompressed .br/.gz files (they already
 * carry Content-Encoding, which the middleware leaves alone). Downloads are not compressed
 * either: exports stream many megabytes a row chunk at a time, and compressing them would
 * take CPU from ingestion on a small server for a file that is saved, not rendered.
 */
export function createCompression(): (
	req: IncomingMessage,
	res: ServerResponse,
	next: () => void
) => void {
	const middleware = compression({
		// Brotli quality 4 (the middleware's default) is gzip-fast and smaller than gzip.
		filter: (req, res) =>
			!String(res.getHeader('content-disposition') ?? '').startsWith('attachment') &&
			compression.filter(req, res)
	});
	return (req, res, next) =>
		middleware(
			req as Parameters<typeof middleware>[0],
			res as Parameters<typeof middleware>[1],
			next
		);
}
