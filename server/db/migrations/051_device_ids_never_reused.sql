-- migrate: foreign_keys off
-- Device ids are never reused (AUTOINCREMENT): a new strip that got a deleted one's id
-- inherited what the server still held under it. A table rebuild, every row kept; it
-- stops, rather than drop a column, if another migration has added one to devices.
CREATE TEMP TABLE rebuild_guard (ok INTEGER CHECK (ok = 1));
INSERT INTO rebuild_guard SELECT count(*) = 9 FROM pragma_table_info('devices');
DROP TABLE rebuild_guard;

CREATE TABLE devices_rebuilt (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	name TEXT NOT NULL,
	port_count INTEGER NOT NULL CHECK (port_count BETWEEN 1 AND 8),
	token_hash TEXT NOT NULL UNIQUE,
	is_demo INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	last_seen_at INTEGER,
	dropped_frames INTEGER NOT NULL DEFAULT 0,
	owner_id INTEGER REFERENCES users (id) ON DELETE CASCADE
);
INSERT INTO devices_rebuilt (id, name, port_count, token_hash, is_demo, created_at, last_seen_at, dropped_frames, owner_id)
	SELECT id, name, port_count, token_hash, is_demo, created_at, last_seen_at, dropped_frames, owner_id FROM devices;
DROP TABLE devices;
ALTER TABLE devices_rebuilt RENAME TO devices;
CREATE INDEX devices_by_owner ON devices (owner_id);

-- Ids freed before today stay freed, as far as the tombstones still remember them.
INSERT INTO sqlite_sequence (name, seq)
	SELECT 'devices', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'devices');
UPDATE sqlite_sequence SET seq = max(
	seq,
	coalesce((SELECT max(id) FROM devices), 0),
	coalesce((SELECT max(entity_id) FROM sync_tombstones WHERE entity = 'device'), 0)
) WHERE name = 'devices';
