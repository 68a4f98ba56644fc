-- migrate: foreign_keys off
-- User ids are never reused (AUTOINCREMENT), for the reason device ids are not: a new
-- account must not meet what the server still holds under a deleted one's id. A table
-- rebuild, every row kept; it stops if another migration has added a column to users.
CREATE TEMP TABLE rebuild_guard (ok INTEGER CHECK (ok = 1));
INSERT INTO rebuild_guard SELECT count(*) = 7 FROM pragma_table_info('users');
DROP TABLE rebuild_guard;

CREATE TABLE users_rebuilt (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	email TEXT NOT NULL UNIQUE COLLATE NOCASE,
	password_hash TEXT NOT NULL,
	is_owner INTEGER NOT NULL DEFAULT 0,
	-- The demo account (DEMO on, empty database) never owns the instance.
	is_demo INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	password_changed_at INTEGER NOT NULL
);
INSERT INTO users_rebuilt (id, email, password_hash, is_owner, is_demo, created_at, password_changed_at)
	SELECT id, email, password_hash, is_owner, is_demo, created_at, password_changed_at FROM users;
DROP TABLE users;
ALTER TABLE users_rebuilt RENAME TO users;

INSERT INTO sqlite_sequence (name, seq)
	SELECT 'users', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'users');
UPDATE sqlite_sequence SET seq = max(
	seq,
	coalesce((SELECT max(id) FROM users), 0),
	coalesce((SELECT max(user_id) FROM relay_commands), 0),
	coalesce((SELECT max(user_id) FROM push_queue), 0)
) WHERE name = 'users';
