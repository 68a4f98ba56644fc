import * as m from '../../i18n/paraglide/messages.js';
import type { Clock } from '../clock';
import type { Locale } from '../settings/locale';
import { dummyHash, hashPassword, passwordProblem, verifyPassword } from './password';
import { newSessionToken, parseSessionToken, secretMatches } from './session-token';
import type { SessionsRepository } from './sessions.repository';
import type { UserRecord, UsersRepository } from './users.repository';

/** Inactivity expiry: a session unused for this long is gone. */
export const SESSION_IDLE_MS = 30 * 86_400_000;
/** Sliding renewal is written at most this often, not on every request. */
export const SESSION_TOUCH_MS = 60 * 60_000;

export interface Session {
	id: string;
	userId: number;
	expiresAt: number;
}

export interface SignedIn {
	token: string;
	session: Session;
	user: UserRecord;
}

export type AuthFailure =
	| {
			ok: false;
			reason: 'invalid_email' | 'weak_password' | 'email_taken' | 'signup_closed';
			message: string;
	  }
	| { ok: false; reason: 'invalid_credentials'; message: string };

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/;

export function normaliseEmail(email: string): string {
	return email.trim().toLowerCase();
}

export interface AuthHooks {
	/** Sessions that ended (log-out, password change, deletion): drop their sockets. */
	sessionsEnded: (ids: string[]) => void;
	signupOpen: () => boolean;
	/** After the deletion committed: the devices that went with the account. */
	accountDeleted: (userId: number, deviceIds: number[]) => void;
}

export function createAuthService(
	users: UsersRepository,
	sessions: SessionsRepository,
	clock: Clock,
	hooks: AuthHooks
) {
	function startSession(user: UserRecord): SignedIn {
		const now = clock.now();
		const t = newSessionToken();
		const session = { id: t.id, userId: user.id, expiresAt: now + SESSION_IDLE_MS };
		sessions.insert({
			id: t.id,
			secret_hash: t.secretHash,
			user_id: user.id,
			created_at: now,
			last_verified_at: now,
			expires_at: session.expiresAt
		});
		return { token: t.token, session, user };
	}

	return {
		async signUp(
			emailInput: string,
			password: string,
			locale: Locale = 'en'
		): Promise<{ ok: true; value: SignedIn } | AuthFailure> {
			const o = { locale };
			if (!hooks.signupOpen()) {
				return { ok: false, reason: 'signup_closed', message: m.err_signup_closed({}, o) };
			}
			const email = normaliseEmail(emailInput);
			if (!EMAIL.test(email))
				return { ok: false, reason: 'invalid_email', message: m.err_invalid_email({}, o) };
			const problem = passwordProblem(password, locale);
			if (problem) return { ok: false, reason: 'weak_password', message: problem };
			if (users.findByEmail(email)) {
				return {
					ok: false,
					reason: 'email_taken',
					message: m.err_email_taken({}, o)
				};
			}
			const hash = await hashPassword(password);
			try {
				const user = users.create(email, hash, clock.now());
				return { ok: true, value: startSession(user) };
			} catch {
				// Two sign-ups raced for the same address.
				return {
					ok: false,
					reason: 'email_taken',
					message: m.err_email_taken({}, o)
				};
			}
		},

		/** Unknown e-mail and wrong password get the same answer after the same work. */
		async logIn(
			emailInput: string,
			password: string,
			locale: Locale = 'en'
		): Promise<{ ok: true; value: SignedIn } | AuthFailure> {
			const user = users.findByEmail(normaliseEmail(emailInput));
			const valid = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
			if (!user || !valid) {
				return {
					ok: false,
					reason: 'invalid_credentials',
					message: m.err_wrong_login({}, { locale })
				};
			}
			return { ok: true, value: startSession(user) };
		},

		/** The session and user of a cookie's token, renewing an active session's expiry. */
		validate(token: string | undefined): { session: Session; user: UserRecord } | null {
			const parsed = parseSessionToken(token);
			if (!parsed) return null;
			const row = sessions.find(parsed.id);
			if (!row || !secretMatches(parsed.secret, row.secret_hash)) return null;
			const now = clock.now();
			if (row.expires_at <= now) {
				sessions.remove(row.id);
				return null;
			}
			const user = users.findById(row.user_id);
			if (!user) return null;
			let expiresAt = row.expires_at;
			if (now - row.last_verified_at >= SESSION_TOUCH_MS) {
				expiresAt = now + SESSION_IDLE_MS;
				sessions.touch(row.id, now, expiresAt);
			}
			const { passwordHash: _, ...publicUser } = user;
			return { session: { id: row.id, userId: row.user_id, expiresAt }, user: publicUser };
		},

		logOut(sessionId: string): void {
			sessions.remove(sessionId);
			hooks.sessionsEnded([sessionId]);
		},

		logOutEverywhere(userId: number): void {
			hooks.sessionsEnded(sessions.removeForUser(userId));
		},

		/** Every session ends; the caller gets a fresh one for this browser. */
		async changePassword(
			userId: number,
			current: string,
			next: string,
			locale: Locale = 'en'
		): Promise<{ ok: true; value: SignedIn } | { ok: false; reason: string; message: string }> {
			const user = users.findById(userId);
			if (!user || !(await verifyPassword(user.passwordHash, current))) {
				return {
					ok: false,
					reason: 'invalid_credentials',
					message: m.err_wrong_current_password({}, { locale })
				};
			}
			const problem = passwordProblem(next, locale);
			if (problem) return { ok: false, reason: 'weak_password', message: problem };
			users.setPasswordHash(userId, await hashPassword(next), clock.now());
			hooks.sessionsEnded(sessions.removeForUser(userId));
			const { passwordHash: _, ...publicUser } = user;
			return { ok: true, value: startSession(publicUser) };
		},

		async deleteAccount(
			userId: number,
			password: string,
			locale: Locale = 'en'
		): Promise<{ ok: true } | { ok: false; reason: string; message: string }> {
			const user = users.findById(userId);
			if (!user || !(await verifyPassword(user.passwordHash, password))) {
				return {
					ok: false,
					reason: 'invalid_credentials',
					message: m.err_wrong_password({}, { locale })
				};
			}
			const ended = sessions.removeForUser(userId);
			const devices = users.remove(userId);
			hooks.sessionsEnded(ended);
			hooks.accountDeleted(userId, devices);
			return { ok: true };
		},

		/** The demo account: created once, never the owner, its password kept to print at start. */
		async createDemoUser(email: string, password: string): Promise<UserRecord> {
			return users.create(email, await hashPassword(password), clock.now(), true);
		},
		async passwordStillIs(email: string, password: string): Promise<boolean> {
			const user = users.findByEmail(email);
			return !!user && (await verifyPassword(user.passwordHash, password));
		},
		purgeExpired: () => sessions.removeExpired(clock.now()),
		userCount: () => users.count()
	};
}

export type AuthService = ReturnType<typeof createAuthService>;
