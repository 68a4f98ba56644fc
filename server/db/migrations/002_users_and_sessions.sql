-- Accounts and sessions (Lucia's session guide): a session token is `<id>.<secret>`;
-- the id is stored as is and only the SHA-256 of the secret.

CREATE TABLE users (
	id INTEGER PRIMARY KEY,
	email TEXT NOT NULL UNIQUE COLLATE NOCASE,
	password_hash TEXT NOT NULL,
	is_owner INTEGER NOT NULL DEFAULT 0,
	-- The demo account (DEMO on, empty database) never owns the instance.
	is_demo INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	password_changed_at INTEGER NOT NULL
);

CREATE TABLE sessions (
	id TEXT PRIMARY KEY,
	secret_hash BLOB NOT NULL,
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL,
	last_verified_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX sessions_by_user ON sessions (user_id);
