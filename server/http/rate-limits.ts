import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export interface Limited {
	ok: false;
	retryAfterS: number;
}

export async function take(
	limiter: RateLimiterMemory,
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
 * Abuse limits (in memory: one process; the Redis store of the same library is the path
 * when there are several). Log-in has its own guard (server/auth/login-guard.ts).
 */
export function createRateLimits(o: {
	devicePerMinute: number;
	signupsPerHour: number;
	sessionPerMinute: number;
}) {
	const signupIp = new RateLimiterMemory({ points: o.signupsPerHour, duration: 60 * 60 });
	// A strip replaying a day of buffer needs about nine requests of 1,000 frames.
	const device = new RateLimiterMemory({ points: Math.max(1, o.devicePerMinute), duration: 60 });
	const session = new RateLimiterMemory({ points: o.sessionPerMinute, duration: 60 });

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
