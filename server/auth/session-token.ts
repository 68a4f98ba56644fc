import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { randomBytes } from 'node:crypto';

/**
 * Session tokens after Lucia's guide: `<id>.<secret>`, each part 120 random bits in
 * base32. The id is stored as is (to find the session); only the SHA-256 of the secret is
 * stored, and compared in constant time, so a database leak yields no usable token.
 */
export interface SessionToken {
	token: string;
	id: string;
	secretHash: Uint8Array;
}

const randomPart = () => encodeBase32LowerCaseNoPadding(randomBytes(15));

export function hashSecret(secret: string): Uint8Array {
	return sha256(new TextEncoder().encode(secret));
}

export function newSessionToken(): SessionToken {
	const id = randomPart();
	const secret = randomPart();
	return { token: `${id}.${secret}`, id, secretHash: hashSecret(secret) };
}

export function parseSessionToken(
	token: string | undefined
): { id: string; secret: string } | null {
	if (!token) return null;
	const parts = token.split('.');
	if (parts.length !== 2) return null;
	const [id, secret] = parts as [string, string];
	if (!/^[a-z2-7]{24}$/.test(id) || !/^[a-z2-7]{24}$/.test(secret)) return null;
	return { id, secret };
}

export function secretMatches(secret: string, storedHash: Uint8Array): boolean {
	const given = hashSecret(secret);
	return given.length === storedHash.length && constantTimeEqual(given, storedHash);
}
