-- Relay commands, kept after they resolve: the table is also the switching audit log
-- (who or what switched which port, when, and whether the strip confirmed it).
-- source: 'user' (user_id set), 'schedule', 'timer', 'overload'.
-- status: 'pending' until the strip acks or refuses it, or it expires unconfirmed;
-- 'superseded' when a newer command for the same port replaced it before delivery.
CREATE TABLE relay_commands (
	id TEXT PRIMARY KEY,
	device_id INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
	port INTEGER NOT NULL,
	turn_on INTEGER NOT NULL,
	source TEXT NOT NULL CHECK (source IN ('user', 'schedule', 'timer', 'overload')),
	user_id INTEGER,
	created_at INTEGER NOT NULL,
	release_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	delivered_at INTEGER,
	status TEXT NOT NULL DEFAULT 'pending' CHECK (
		status IN ('pending', 'applied', 'refused', 'expired', 'superseded')
	),
	resolved_at INTEGER
) WITHOUT ROWID;

CREATE INDEX relay_commands_by_port ON relay_commands (device_id, port, created_at);
