import type { Session } from '$server/auth/auth.service';
import type { UserRecord } from '$server/auth/users.repository';

// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	namespace App {
		interface Error {
			message: string;
			code?: string;
		}
		interface Locals {
			user: UserRecord | null;
			session: Session | null;
			/** Set when a form action refuses for a rate limit: sent as Retry-After. */
			retryAfterS?: number;
		}
	}
}

export {};
