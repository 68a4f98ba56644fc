import { hash, verify } from '@node-rs/argon2';
import { COMMON_PASSWORDS } from './common-passwords';

export const MIN_PASSWORD_LENGTH = 10;
const MAX_PASSWORD_LENGTH = 256;

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane.
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string): string | null {
	if (password.length < MIN_PASSWORD_LENGTH) {
		return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
	}
	if (password.length > MAX_PASSWORD_LENGTH) return 'Use at most 256 characters.';
	if (COMMON_PASSWORDS.has(password.toLowerCase())) {
		return 'This password is one of the most common ones; choose another.';
	}
	return null;
}

export const hashPassword = (password: string): Promise<string> => hash(password, OPTIONS);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	if (password.length > MAX_PASSWORD_LENGTH) return false;
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

/**
 * A hash to verify against when the e-mail is unknown, so that an unknown address takes
 * as long as a wrong password and the two cannot be told apart by timing.
 */
let dummy: Promise<string> | null = null;
export function dummyHash(): Promise<string> {
	dummy ??= hashPassword('not-a-real-password-just-for-timing');
	return dummy;
}
