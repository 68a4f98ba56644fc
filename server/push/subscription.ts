import { createECDH } from 'node:crypto';
import { z } from 'zod';

const b64url = (bytes: number) =>
	z
		.string()
		.regex(/^[A-Za-z0-9_-]+={0,2}$/, 'must be URL-safe base64')
		.refine((s) => Buffer.from(s, 'base64url').length === bytes, `must be ${bytes} bytes`);

// A throwaway key pair: computing a shared secret with a key is OpenSSL's own check that
// the key is a point on the curve. Sixty-five bytes of anything would pass a length check
// and only fail later, at every attempt to encrypt a notice for it.
const probe = createECDH('prime256v1');
probe.generateKeys();

export function isP256PublicKey(key: Buffer): boolean {
	if (key.length !== 65 || key[0] !== 0x04) return false;
	try {
		probe.computeSecret(key);
		return true;
	} catch {
		return false;
	}
}

/** A browser's PushSubscription (its toJSON()) as the push API hands it over. */
export const subscriptionSchema = z.object({
	endpoint: z
		.string()
		.max(2048)
		.url()
		.refine((u) => u.startsWith('https://'), 'must be an https URL'),
	keys: z.object({
		p256dh: b64url(65).refine(
			(s) => isP256PublicKey(Buffer.from(s, 'base64url')),
			'must be a P-256 public key (an uncompressed point on the curve)'
		),
		auth: b64url(16)
	})
});
