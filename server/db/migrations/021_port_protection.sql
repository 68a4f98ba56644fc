-- Per-port switching settings: a critical port (a fridge) asks before it is switched
-- off; an overload limit after Tasmota's MaxPower/MaxPowerHold. Port 0 holds the limit
-- of the whole strip. No row: not critical, no limit.
CREATE TABLE port_protection (
	device_id INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
	port INTEGER NOT NULL CHECK (port BETWEEN 0 AND 8),
	critical INTEGER NOT NULL DEFAULT 0,
	max_power_w REAL,
	hold_s INTEGER NOT NULL DEFAULT 10,
	PRIMARY KEY (device_id, port)
) WITHOUT ROWID;
