-- Changes made offline reach the server through the outbox, each with a client-made id;
-- the id is recorded with the change in one transaction so a replay applies it once.
CREATE TABLE applied_ops (
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	op_id TEXT NOT NULL,
	applied_at INTEGER NOT NULL,
	PRIMARY KEY (user_id, op_id)
) WITHOUT ROWID;
