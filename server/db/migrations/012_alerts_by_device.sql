-- Alert lists are read per owner's device, newest first.
CREATE INDEX alerts_by_device ON alerts (device_id, opened_at);
