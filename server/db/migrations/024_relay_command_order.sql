-- Commands made in the same millisecond (a burst of toggles) need an order of their own:
-- relay_commands has no rowid. The server numbers them, counting on from the highest.
ALTER TABLE relay_commands ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;

CREATE INDEX relay_commands_by_seq ON relay_commands (device_id, port, seq);
