import { hash, verify } from '@node-rs/argon2';
import * as m from '../../i18n/paraglide/messages.js';
import { intlLocale, type Locale } from '../settings/locale';
import { COMMON_PASSWORDS } from './common-passwords';

export const MIN_PASSWORD_LENGTH = 10;
const MAX_PASSWORD_LENGTH = 256;

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane.
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export type PasswordProblem = 'short' | 'long' | 'common';

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblemKind(password: string): PasswordProblem | null {
	if (password.length < MIN_PASSWORD_LENGTH) return 'short';
	if (password.length > MAX_PASSWORD_LENGTH) return 'long';
	if (COMMON_PASSWORDS.has(password.toLowerCase())) return 'common';
	return null;
}

/** The same, as a sentence in the user's language. */
export function passwordProblem(password: string, locale: Locale = 'en'): string | null {
	const kind = passwordProblemKind(password);
	if (kind === null) return null;
	if (kind === 'short')
		return m.err_password_short({ min: num(MIN_PASSWORD_LENGTH, locale) }, { locale });
	if (kind === 'long')
		return m.err_password_long({ max: num(MAX_PASSWORD_LENGTH, locale) }, { locale });
	return m.err_password_common({}, { locale });
}

const num = (n: number, locale: Locale) => n.toLocaleString(intlLocale(locale));

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
