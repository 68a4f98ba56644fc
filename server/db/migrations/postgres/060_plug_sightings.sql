-- Plugs seen on the broker, owned or not, so that every process of a cluster (and the app
-- after a restart) can offer the unowned ones; refreshed at most once a minute per plug
-- and capped in number by the bridge.
CREATE TABLE plug_sightings (
	family TEXT NOT NULL,
	plug_key TEXT NOT NULL,
	ports TEXT NOT NULL,
	model TEXT,
	name TEXT,
	last_seen_at BIGINT NOT NULL,
	PRIMARY KEY (family, plug_key)
);
CREATE INDEX plug_sightings_by_time ON plug_sightings (last_seen_at);
