-- What an alert is about, for rules that must not repeat themselves: the slab alert is
-- raised once per slab and billing month ('2026-12:400'), even after it cleared.
ALTER TABLE alerts ADD COLUMN tag TEXT;
CREATE INDEX alerts_by_tag ON alerts (device_id, rule, tag) WHERE tag IS NOT NULL;
