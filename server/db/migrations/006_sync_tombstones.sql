-- Deletions the sync pull reports (a removed device), kept for as long as a cursor is
-- accepted; an older cursor gets a full resync instead.
CREATE TABLE sync_tombstones (
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	entity TEXT NOT NULL,
	entity_id INTEGER NOT NULL,
	deleted_at INTEGER NOT NULL
);

CREATE INDEX sync_tombstones_by_user ON sync_tombstones (user_id, deleted_at);
