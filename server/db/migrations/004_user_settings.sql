-- Household settings (time zone, currency, rates, thresholds) belong to a user: two
-- accounts on one server are two households. `settings` keeps instance-wide values.
CREATE TABLE user_settings (
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	key TEXT NOT NULL,
	value TEXT NOT NULL,
	updated_at INTEGER NOT NULL,
	PRIMARY KEY (user_id, key)
) WITHOUT ROWID;
