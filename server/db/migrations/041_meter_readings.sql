-- Readings of a household meter's register, kWh as printed, at the instant they were taken.
CREATE TABLE meter_readings (
	id INTEGER PRIMARY KEY,
	meter_id INTEGER NOT NULL REFERENCES household_meters (id) ON DELETE CASCADE,
	taken_at INTEGER NOT NULL,
	kwh REAL NOT NULL,
	created_at INTEGER NOT NULL,
	UNIQUE (meter_id, taken_at)
);
