import { RateLimiterMemory } from 'rate-limiter-flexible';
import { take, type Limited } from '../http/rate-limits';
import type { LoginAddressesRepository } from './login-addresses.repository';
import type { Clock } from '../clock';

const WINDOW_S = 15 * 60;

function blocked(r: { remainingPoints: number; msBeforeNext: number } | null): Limited | null {
	return r && r.remainingPoints <= 0
		? { ok: false, retryAfterS: Math.max(1, Math.ceil(r.msBeforeNext / 1000)) }
		: null;
}

/**
 * Log-in limits that stop guessing without handing an attacker a lock on someone else's
 * account. Only failures count. From an unknown address: five failures per account and
 * address, or twenty per address, shut that address out for fifteen minutes; ten failures
 * on an account from anywhere slow every unknown address to one try per ten seconds. At an
 * address the account has logged in from before, wrong passwords only slow it to one try
 * per thirty seconds, so the right password always gets in soon.
 */
export function createLoginGuard(addresses: LoginAddressesRepository, clock: Clock) {
	const pairFailures = new RateLimiterMemory({ points: 5, duration: WINDOW_S });
	const addressFailures = new RateLimiterMemory({ points: 20, duration: WINDOW_S });
	const accountFailures = new RateLimiterMemory({ points: 10, duration: WINDOW_S });
	const accountSlow = new RateLimiterMemory({ points: 1, duration: 10 });
	const knownSlow = new RateLimiterMemory({ points: 1, duration: 30 });
	const pair = (email: string, address: string) => `${email}\n${address}`;

	return {
		/** `email` normalised; `address` the client's. */
		async allowed(email: string, address: string): Promise<{ ok: true } | Limited> {
			const key = pair(email, address);
			if (addresses.isKnown(email, address)) {
				const failures = await pairFailures.get(key);
				return blocked(failures) ? take(knownSlow, key) : { ok: true };
			}
			const [p, a, account] = await Promise.all([
				pairFailures.get(key),
				addressFailures.get(address),
				accountFailures.get(email)
			]);
			const shut = blocked(p) ?? blocked(a);
			if (shut) return shut;
			return blocked(account) ? take(accountSlow, email) : { ok: true };
		},
		async failed(email: string, address: string): Promise<void> {
			await Promise.allSettled([
				pairFailures.consume(pair(email, address)),
				addressFailures.consume(address),
				accountFailures.consume(email)
			]);
		},
		/** A log-in or sign-up: the address is known from now on. */
		async succeeded(userId: number, email: string, address: string): Promise<void> {
			const key = pair(email, address);
			addresses.remember(userId, address, clock.now());
			await Promise.all([pairFailures.delete(key), knownSlow.delete(key)]);
		}
	};
}

export type LoginGuard = ReturnType<typeof createLoginGuard>;
