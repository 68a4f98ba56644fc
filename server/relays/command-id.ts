import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * `c_` + 16 base32 characters (80 random bits): printable ASCII well inside the 39
 * characters the firmware keeps per id, and unguessable, so a device cannot be made to
 * confuse one command with another.
 */
export function newCommandId(): string {
	const bytes = randomBytes(10);
	let bits = 0;
	let value = 0;
	let out = 'c_';
	for (const b of bytes) {
		value = (value << 8) | b;
		bits += 8;
		while (bits >= 5) {
			out += ALPHABET[(value >>> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	return out;
}
