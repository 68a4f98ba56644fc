-- The foundation schema. Instants are UTC epoch milliseconds; energy is integer
-- millijoules (1 Wh = 3,600,000 mJ) so that sums are exact in any order of arrival.
-- Every table is keyed by device_id, so owners can be added to devices alone.

CREATE TABLE settings (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL,
	updated_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE devices (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	port_count INTEGER NOT NULL CHECK (port_count BETWEEN 1 AND 8),
	token_hash TEXT NOT NULL UNIQUE,
	is_demo INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	last_seen_at INTEGER,
	dropped_frames INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE ports (
	device_id INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
	port INTEGER NOT NULL,
	label TEXT,
	last_ts INTEGER,
	voltage REAL,
	current REAL,
	power REAL,
	pf REAL,
	energy_wh REAL,
	relay INTEGER,
	PRIMARY KEY (device_id, port)
) WITHOUT ROWID;

CREATE TABLE readings (
	device_id INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
	port INTEGER NOT NULL,
	ts INTEGER NOT NULL,
	voltage REAL NOT NULL,
	current REAL NOT NULL,
	power REAL NOT NULL,
	pf REAL,
	energy_wh REAL,
	relay INTEGER,
	seq INTEGER,
	received_at INTEGER NOT NULL,
	PRIMARY KEY (device_id, port, ts)
) WITHOUT ROWID;

-- No index on ts alone: retention deletes by (device, port, ts < cutoff) through the key,
-- and every extra index is another write per reading on the hot path.

CREATE TABLE energy_buckets (
	device_id INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
	port INTEGER NOT NULL,
	start INTEGER NOT NULL,
	energy_mj INTEGER NOT NULL DEFAULT 0,
	runtime_ms INTEGER NOT NULL DEFAULT 0,
	peak_w REAL,
	samples INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (device_id, port, start)
) WITHOUT ROWID;

CREATE TABLE energy_daily (
	device_id INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
	port INTEGER NOT NULL,
	day TEXT NOT NULL,
	energy_mj INTEGER NOT NULL DEFAULT 0,
	runtime_ms INTEGER NOT NULL DEFAULT 0,
	peak_w REAL,
	PRIMARY KEY (device_id, port, day)
) WITHOUT ROWID;

CREATE TABLE energy_monthly (
	device_id INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
	port INTEGER NOT NULL,
	month TEXT NOT NULL,
	energy_mj INTEGER NOT NULL DEFAULT 0,
	runtime_ms INTEGER NOT NULL DEFAULT 0,
	peak_w REAL,
	PRIMARY KEY (device_id, port, month)
) WITHOUT ROWID;

-- Intervals longer than the maximum gap in which nothing could be integrated.
CREATE TABLE energy_gaps (
	device_id INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
	port INTEGER NOT NULL,
	start_ts INTEGER NOT NULL,
	end_ts INTEGER NOT NULL,
	PRIMARY KEY (device_id, port, start_ts)
) WITHOUT ROWID;

CREATE TABLE alerts (
	id INTEGER PRIMARY KEY,
	device_id INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
	port INTEGER,
	rule TEXT NOT NULL,
	severity TEXT NOT NULL CHECK (severity IN ('CRITICAL', 'WARNING', 'INFO')),
	message TEXT NOT NULL,
	opened_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	cleared_at INTEGER,
	acknowledged_at INTEGER
);

-- Alerts are states: at most one open alert per rule, device and port.
CREATE UNIQUE INDEX alerts_one_open ON alerts (rule, device_id, ifnull(port, 0))
WHERE
	cleared_at IS NULL;
