-- What a strip last said about itself (free heap, Wi-Fi signal, last reset, uptime, which
-- meters answer): diagnostics for the device page, one row per device, overwritten.
CREATE TABLE device_health (
	device_id INTEGER PRIMARY KEY REFERENCES devices (id) ON DELETE CASCADE,
	at INTEGER NOT NULL,
	body TEXT NOT NULL
);
