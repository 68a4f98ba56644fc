-- Repeating switch times per port: a local time of day (minutes after midnight in the
-- household's time zone) on chosen weekdays (bit 0 = Sunday … bit 6 = Saturday).
CREATE TABLE relay_schedules (
	id INTEGER PRIMARY KEY,
	device_id INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
	port INTEGER NOT NULL,
	turn_on INTEGER NOT NULL,
	minute_of_day INTEGER NOT NULL CHECK (minute_of_day BETWEEN 0 AND 1439),
	weekdays INTEGER NOT NULL CHECK (weekdays BETWEEN 1 AND 127),
	created_by INTEGER,
	created_at INTEGER NOT NULL
);

CREATE INDEX relay_schedules_by_device ON relay_schedules (device_id, port);
