import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '../db/connection';
import type { Metrics } from '../metrics/metrics';
import { createPingRepository } from './ping.repository';
import { sendJson } from './send';

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/**
 * A request from this machine that no proxy forwarded: a reverse proxy on the same host
 * connects from loopback too, and would otherwise open the metrics to the world.
 */
function fromLoopback(req: IncomingMessage): boolean {
	const h = req.headers;
	if (h['x-forwarded-for'] || h['forwarded'] || h['x-real-ip']) return false;
	return LOOPBACK.test(req.socket.remoteAddress ?? '');
}

/** `/health` for load balancers and `/metrics` for Prometheus (a token, or loopback only). */
export function createOpsApi(db: Db, metrics: Metrics, startedAt: number, token?: string) {
	const expected = token ? Buffer.from(`Bearer ${token}`) : null;
	const health = createPingRepository(db);
	return {
		handle(req: IncomingMessage, res: ServerResponse): boolean {
			const path = (req.url ?? '').split('?')[0];
			if (path === '/health') {
				let database = 'ok';
				try {
					health.ping();
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
				if (!expected && !fromLoopback(req)) {
					sendJson(res, 403, {
						error: {
							code: 'forbidden',
							message:
								'metrics answer only on loopback; set METRICS_TOKEN to read them from elsewhere'
						}
					});
					return true;
				}
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
