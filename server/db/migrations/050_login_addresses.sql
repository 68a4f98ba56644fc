-- Addresses an account has logged in or signed up from: at such an address the right
-- password is only ever slowed down, never locked out (docs/decisions.md, log-in limits).
CREATE TABLE login_addresses (
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	address TEXT NOT NULL,
	last_seen_at INTEGER NOT NULL,
	PRIMARY KEY (user_id, address)
) WITHOUT ROWID;
