-- The sync pull (`GET /api/sync?since=`) sends what changed since a cursor: energy rows
-- carry the server time of their last change, indexed per device. (Devices, ports and
-- settings are few and are sent whole.)
ALTER TABLE energy_buckets ADD COLUMN changed_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE energy_daily ADD COLUMN changed_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE energy_monthly ADD COLUMN changed_at INTEGER NOT NULL DEFAULT 0;
CREATE INDEX energy_buckets_changed ON energy_buckets (device_id, changed_at);
CREATE INDEX energy_daily_changed ON energy_daily (device_id, changed_at);
CREATE INDEX energy_monthly_changed ON energy_monthly (device_id, changed_at);
