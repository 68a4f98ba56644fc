// http_ece ships no types; the tests use only decrypt (RFC 8188 / RFC 8291).
declare module 'http_ece' {
	import type { ECDH } from 'node:crypto';
	const ece: {
		decrypt(
			buffer: Buffer,
			params: { version: 'aes128gcm'; privateKey: ECDH; authSecret: string }
		): Buffer;
	};
	export default ece;
}
