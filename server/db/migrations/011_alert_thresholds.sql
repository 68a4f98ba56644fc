-- Alert thresholds per port; NULL means the default (tariffs.md: 1,000 W, 100 per day,
-- 500 W in peak hours).
CREATE TABLE alert_thresholds (
	device_id INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
	port INTEGER NOT NULL,
	high_usage_w REAL,
	daily_cost REAL,
	peak_w REAL,
	PRIMARY KEY (device_id, port)
) WITHOUT ROWID;
