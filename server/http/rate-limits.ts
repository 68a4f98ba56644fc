import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export interface Limited {
	ok: false;
	retryAfterS: number;
}

async function take(
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
 * when there are several). Log-in counts failures only, so people who type their password
 * right are never held up.
 */
export function createRateLimits(o: { devicePerMinute: number; signupsPerHour: number }) {
	const loginIp = new RateLimiterMemory({ points: 20, duration: 15 * 60 });
	const loginAccount = new RateLimiterMemory({ points: 5, duration: 15 * 60 });
	const signupIp = new RateLimiterMemory({ points: o.signupsPerHour, duration: 60 * 60 });
	// A strip replaying a day of buffer needs about nine requests of 1,000 frames.
	const device = new RateLimiterMemory({ points: Math.max(1, o.devicePerMinute), duration: 60 });
	const session = new RateLimiterMemory({ points: 600, duration: 60 });

	return {
		async loginAllowed(ip: string, email: string): Promise<{ ok: true } | Limited> {
			const [a, b] = await Promise.all([loginIp.get(ip), loginAccount.get(email)]);
			const blocked = [a, b].find((r) => r && r.remainingPoints <= 0);
			if (blocked)
				return { ok: false, retryAfterS: Math.max(1, Math.ceil(blocked.msBeforeNext / 1000)) };
			return { ok: true };
		},
		async loginFailed(ip: string, email: string): Promise<void> {
			await Promise.allSettled([loginIp.consume(ip), loginAccount.consume(email)]);
		},
		loginSucceeded: async (email: string) => void (await loginAccount.delete(email)),
		signup: (ip: string) => take(signupIp, ip),
		device: (deviceId: number) =>
			o.devicePerMinute === 0
				? Promise.resolve({ ok: true } as const)
				: take(device, String(deviceId)),
		session: (sessionId: string) => take(session, sessionId)
	};
}

export type RateLimits = ReturnType<typeof createRateLimits>;
