-- Countdown timers ("off in 2 h"): one switch at an instant, deleted when it fires.
CREATE TABLE relay_timers (
	id INTEGER PRIMARY KEY,
	device_id INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
	port INTEGER NOT NULL,
	turn_on INTEGER NOT NULL,
	at INTEGER NOT NULL,
	created_by INTEGER,
	created_at INTEGER NOT NULL
);

CREATE INDEX relay_timers_by_device ON relay_timers (device_id, port);
