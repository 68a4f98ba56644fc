import type { ServerResponse } from 'node:http';

/**
 * Ends downloads whose client has stopped reading. A paused client leaves the response
 * waiting for `drain` with a chunk read and unsent; the export behind it holds a database
 * connection and buffers until the socket closes, which a client that never reads and never
 * leaves would not do. A download that has waited for a drain `limitMs` on end (any drain,
 * however slow the client, starts the count again) is destroyed: the response's `close`
 * cancels its body stream, which frees what the export held.
 */
export function createStalledDownloads(limitMs: number, everyMs = Math.min(1000, limitMs / 4)) {
	const watched = new Map<ServerResponse, number>(); // since when it has waited, or 0
	const isDownload = (res: ServerResponse) =>
		String(res.getHeader('content-disposition') ?? '').startsWith('attachment');
	const sweep = () => {
		const now = Date.now();
		for (const [res, since] of watched) {
			if (!res.writableNeedDrain || !isDownload(res)) watched.set(res, 0);
			else if (since === 0) watched.set(res, now);
			else if (now - since >= limitMs) {
				watched.delete(res);
				res.destroy();
			}
		}
	};
	let timer: NodeJS.Timeout | null = null;
	return {
		watch(res: ServerResponse) {
			watched.set(res, 0);
			res.on('drain', () => watched.has(res) && watched.set(res, 0));
			res.once('close', () => {
				watched.delete(res);
				if (watched.size === 0 && timer) {
					clearInterval(timer);
					timer = null;
				}
			});
			if (!timer) {
				timer = setInterval(sweep, everyMs);
				timer.unref();
			}
		}
	};
}
