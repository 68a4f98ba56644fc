import type pg from 'pg';
import {
	RateLimiterMemory,
	RateLimiterPostgres,
	RateLimiterRes,
	type RateLimiterAbstract
} from 'rate-limiter-flexible';

export interface Limited {
	ok: false;
	retryAfterS: number;
}

export async function take(
	limiter: RateLimiterAbstract,
	key: string,
	points = 1
): Promise<{ ok: true } | Limited> {
	try {
		await limiter.consume(key, points);
		return { ok: true };
	} catch (err) {
		if (err instanceof RateLimiterRes)
			return { ok: false, retryAfterS: Math.max(1, Math.ceil(err.msBeforeNext / 1000)) };
		throw err;
	}
}

/**
 * Abuse limits. One process keeps them in memory; the processes of a cluster share them
 * in PostgreSQL (tables rate_limits_*), each falling back to its own memory while the
 * database is away. Log-in has its own guard (server/auth/login-guard.ts).
 */
export function createRateLimits(
	o: {
		devicePerMinute: number;
		signupsPerHour: number;
		sessionPerMinute: number;
	},
	pool?: pg.Pool
) {
	const limiter = (name: string, points: number, duration: number): RateLimiterAbstract => {
		const memory = new RateLimiterMemory({ points, duration });
		if (!pool) return memory;
		return new RateLimiterPostgres({
			storeClient: pool,
			tableName: `rate_limits_${name}`,
			tableCreated: true,
			points,
			duration,
			insuranceLimiter: memory
		});
	};
	const signupIp = limiter('signup', o.signupsPerHour, 60 * 60);
	// A strip replaying a day of buffer needs about nine requests of 1,000 frames.
	const device = limiter('device', Math.max(1, o.devicePerMinute), 60);
	const session = limiter('session', o.sessionPerMinute, 60);

	return {
		signup: (ip: string) => take(signupIp, ip),
		device: (deviceId: number) =>
			o.devicePerMinute === 0
				? Promise.resolve({ ok: true } as const)
				: take(device, String(deviceId)),
		/** `points`: what the request costs (a page that reads a lot of history costs more). */
		session: (sessionId: string, points = 1) => take(session, sessionId, points),
		forgetDevice: async (deviceId: number) => void (await device.delete(String(deviceId)))
	};
}

export type RateLimits = ReturnType<typeof createRateLimits>;
