import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '../db/connection';
import type { Metrics } from '../metrics/metrics';
import { sendJson } from './send';

/** `/health` for load balancers and `/metrics` for Prometheus. */
export function createOpsApi(db: Db, metrics: Metrics, startedAt: number, token?: string) {
	const expected = token ? Buffer.from(`Bearer ${token}`) : null;
	const ping = db.prepare('SELECT 1 AS ok');
	return {
		handle(req: IncomingMessage, res: ServerResponse): boolean {
			const path = (req.url ?? '').split('?')[0];
			if (path === '/health') {
				let database = 'ok';
				try {
					ping.get();
				} catch {
					database = 'unreachable';
				}
				const ok = database === 'ok';
				sendJson(res, ok ? 200 : 503, {
					status: ok ? 'ok' : 'degraded',
					uptime_s: Math.round((Date.now() - startedAt) / 1000),
					database
				});
				return true;
			}
			if (path === '/metrics') {
				const given = Buffer.from(req.headers.authorization ?? '');
				if (expected && (given.length !== expected.length || !timingSafeEqual(given, expected))) {
					sendJson(
						res,
						401,
						{
							error: { code: 'unauthorized', message: 'send Authorization: Bearer <METRICS_TOKEN>' }
						},
						{ 'www-authenticate': 'Bearer realm="metrics"' }
					);
					return true;
				}
				metrics.registry
					.metrics()
					.then((text) => {
						res.writeHead(200, {
							'content-type': metrics.registry.contentType,
							'cache-control': 'no-store'
						});
						res.end(text);
					})
					.catch(() =>
						sendJson(res, 500, { error: { code: 'metrics', message: 'metrics failed' } })
					);
				return true;
			}
			return false;
		}
	};
}
