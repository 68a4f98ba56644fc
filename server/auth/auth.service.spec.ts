import { describe, expect, it } from 'vitest';
import { FakeClock } from '../clock';
import { openDatabase } from '../db/connection';
import { createAuthService, SESSION_IDLE_MS, SESSION_TOUCH_MS } from './auth.service';
import { parseSessionToken } from './session-token';
import { createSessionsRepository } from './sessions.repository';
import { createUsersRepository } from './users.repository';

function setup() {
	const db = openDatabase(':memory:');
	const clock = new FakeClock(Date.UTC(2026, 0, 1));
	const ended: string[] = [];
	let open = true;
	const auth = createAuthService(createUsersRepository(db), createSessionsRepository(db), clock, {
		sessionsEnded: (ids) => ended.push(...ids),
		signupOpen: () => open,
		accountDeleted: () => {}
	});
	return { db, clock, auth, ended, close: () => (open = false) };
}

const PASSWORD = 'a long enough passphrase';

describe('session tokens', () => {
	it('have two 120-bit base32 parts and never repeat', async () => {
		const { auth } = setup();
		const tokens = new Set<string>();
		for (let i = 0; i < 3; i++) {
			const r = await auth.signUp(`u${i}@example.com`, PASSWORD);
			if (!r.ok) throw new Error(r.message);
			expect(r.value.token).toMatch(/^[a-z2-7]{24}\.[a-z2-7]{24}$/);
			tokens.add(r.value.token);
		}
		expect(tokens.size).toBe(3);
	});

	it('are stored as an id and the SHA-256 of the secret, never the token itself', async () => {
		const { auth, db } = setup();
		const r = await auth.signUp('a@example.com', PASSWORD);
		if (!r.ok) throw new Error(r.message);
		const { id, secret } = parseSessionToken(r.value.token)!;
		const row = db.prepare('SELECT * FROM sessions').get() as Record<string, unknown>;
		expect(row.id).toBe(id);
		expect((row.secret_hash as Buffer).length).toBe(32);
		expect(JSON.stringify(row)).not.toContain(secret);
	});

	it('refuse a token whose secret is wrong', async () => {
		const { auth } = setup();
		const r = await auth.signUp('a@example.com', PASSWORD);
		if (!r.ok) throw new Error(r.message);
		const [id] = r.value.token.split('.');
		expect(auth.validate(`${id}.${'a'.repeat(24)}`)).toBeNull();
		expect(auth.validate(r.value.token)?.user.email).toBe('a@example.com');
	});
});

describe('session expiry', () => {
	it('ends a session left unused for the idle period', async () => {
		const { auth, clock } = setup();
		const r = await auth.signUp('a@example.com', PASSWORD);
		if (!r.ok) throw new Error(r.message);
		clock.advance(SESSION_IDLE_MS);
		expect(auth.validate(r.value.token)).toBeNull();
	});

	it('slides the expiry forward while the session is used', async () => {
		const { auth, clock } = setup();
		const r = await auth.signUp('a@example.com', PASSWORD);
		if (!r.ok) throw new Error(r.message);
		for (let day = 0; day < 90; day++) {
			clock.advance(86_400_000);
			expect(auth.validate(r.value.token)).not.toBeNull();
		}
	});

	it('writes the renewal at most once per touch interval', async () => {
		const { auth, clock } = setup();
		const r = await auth.signUp('a@example.com', PASSWORD);
		if (!r.ok) throw new Error(r.message);
		const first = auth.validate(r.value.token)!.session.expiresAt;
		clock.advance(SESSION_TOUCH_MS - 1);
		expect(auth.validate(r.value.token)!.session.expiresAt).toBe(first);
		clock.advance(1);
		expect(auth.validate(r.value.token)!.session.expiresAt).toBe(clock.now() + SESSION_IDLE_MS);
	});
});

describe('accounts', () => {
	it('makes only the first account the owner', async () => {
		const { auth } = setup();
		const a = await auth.signUp('a@example.com', PASSWORD);
		const b = await auth.signUp('b@example.com', PASSWORD);
		expect(a.ok && a.value.user.isOwner).toBe(true);
		expect(b.ok && b.value.user.isOwner).toBe(false);
	});

	it('does not let the demo account take ownership', async () => {
		const { auth } = setup();
		await auth.createDemoUser('demo@multiplug.local', PASSWORD);
		const a = await auth.signUp('a@example.com', PASSWORD);
		expect(a.ok && a.value.user.isOwner).toBe(true);
	});

	it('refuses sign-up when it is closed', async () => {
		const { auth, close } = setup();
		close();
		expect(await auth.signUp('a@example.com', PASSWORD)).toMatchObject({
			ok: false,
			reason: 'signup_closed'
		});
	});

	it('treats e-mail case-insensitively', async () => {
		const { auth } = setup();
		await auth.signUp('Mixed@Example.com', PASSWORD);
		expect((await auth.logIn('mixed@example.COM', PASSWORD)).ok).toBe(true);
		expect(await auth.signUp('MIXED@example.com', PASSWORD)).toMatchObject({
			ok: false,
			reason: 'email_taken'
		});
	});

	it('ends every session on a password change and reports them', async () => {
		const { auth, ended } = setup();
		const a = await auth.signUp('a@example.com', PASSWORD);
		const b = await auth.logIn('a@example.com', PASSWORD);
		if (!a.ok || !b.ok) throw new Error('setup');
		const changed = await auth.changePassword(a.value.user.id, PASSWORD, 'another long passphrase');
		expect(changed.ok).toBe(true);
		expect(auth.validate(a.value.token)).toBeNull();
		expect(auth.validate(b.value.token)).toBeNull();
		expect(ended.sort()).toEqual([a.value.session.id, b.value.session.id].sort());
		expect((await auth.logIn('a@example.com', 'another long passphrase')).ok).toBe(true);
	});
});
