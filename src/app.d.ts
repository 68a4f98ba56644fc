/// <reference types="vite-plugin-pwa/client" />
import type { Session } from '$server/auth/auth.service';
import type { UserRecord } from '$server/auth/users.repository';

// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	interface Window {
		/** Settles when static/intl-warm.js's worker has loaded ICU's data (see there). */
		intlWarm?: Promise<void>;
	}
	namespace App {
		interface Error {
			message: string;
			code?: string;
			/** The input that was refused, for /api's error shape. */
			field?: string;
		}
		interface Locals {
			user: UserRecord | null;
			session: Session | null;
			/** The language this request is answered in (src/hooks.server.ts). */
			locale: import('$server/settings/locale').Locale;
			/** Set when a form action refuses for a rate limit: sent as Retry-After. */
			retryAfterS?: number;
			/** The session ended in this request: clear the browser's data for this site. */
			signedOut?: boolean;
		}
	}
}

export {};
