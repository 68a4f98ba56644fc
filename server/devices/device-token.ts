import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits; the prefix makes a leaked token easy to recognise in logs and scanners. */
export function newDeviceToken(): string {
	return `mpd_${randomBytes(32).toString('base64url')}`;
}

/**
 * Only the hash is stored. A fast hash is right here: the token has 256 bits of entropy,
 * so there is nothing to brute-force, and a lookup by hash leaks no timing about it.
 */
export function hashDeviceToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

/** The token from an `Authorization: Bearer …` header, or null. */
export function bearerToken(header: string | undefined): string | null {
	if (!header) return null;
	const m = /^Bearer\s+([A-Za-z0-9._~+/=-]{16,200})\s*$/i.exec(header);
	return m ? m[1]! : null;
}
