import { beforeEach, describe, expect, it, vi } from 'vitest';

// The real argon2id, watched: how many verifications a log-in runs is the property, not its speed.
const verify = vi.hoisted(() => ({ calls: [] as string[] }));
vi.mock('@node-rs/argon2', async (importOriginal) => {
	const real = await importOriginal<typeof import('@node-rs/argon2')>();
	return {
		...real,
		verify: (hash: string, password: string) => {
			verify.calls.push(hash);
			return real.verify(hash, password);
		}
	};
});

const { FakeClock } = await import('../clock');
const { openDatabase } = await import('../db/connection');
const { createAuthService } = await import('./auth.service');
const { createSessionsRepository } = await import('./sessions.repository');
const { createUsersRepository } = await import('./users.repository');

describe('a log-in with an unknown e-mail', () => {
	beforeEach(() => void (verify.calls.length = 0));

	it('does the same work as a wrong password: one argon2id verification, the same answer', async () => {
		const db = openDatabase(':memory:');
		const auth = createAuthService(
			createUsersRepository(db),
			createSessionsRepository(db),
			new FakeClock(Date.UTC(2026, 0, 1)),
			{ sessionsEnded: () => {}, signupOpen: () => true, accountDeleted: () => {} }
		);
		expect((await auth.signUp('owner@example.com', 'a long enough passphrase')).ok).toBe(true);
		verify.calls.length = 0;
		const wrong = await auth.logIn('owner@example.com', 'wrong password here');
		const unknown = await auth.logIn('nobody@example.com', 'wrong password here');
		expect(wrong).toEqual(unknown);
		expect(verify.calls).toHaveLength(2);
		// Both against an argon2id hash of the same cost, so neither can return early.
		expect(verify.calls.every((h) => h.startsWith('$argon2id$v=19$m=19456,t=2,p=1$'))).toBe(true);
	});
});
