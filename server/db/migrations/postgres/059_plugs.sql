-- Plugs of other makers (Tasmota, Shelly, ESPHome) that reach the app through an MQTT
-- broker: which plug (its family and the key that names it there) is which device. The
-- device's owner owns the plug; a plug belongs to at most one device, so to one account.
CREATE TABLE plugs (
	family TEXT NOT NULL,
	plug_key TEXT NOT NULL,
	device_id BIGINT NOT NULL UNIQUE REFERENCES devices (id) ON DELETE CASCADE,
	created_at BIGINT NOT NULL,
	PRIMARY KEY (family, plug_key)
);
