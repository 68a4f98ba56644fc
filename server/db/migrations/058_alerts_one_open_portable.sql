-- At most one open alert per rule, device and port, in an index PostgreSQL also accepts
-- (COALESCE, not SQLite's ifnull): several processes may raise the same alert at once.
DROP INDEX alerts_one_open;
CREATE UNIQUE INDEX alerts_one_open ON alerts (rule, device_id, COALESCE(port, 0))
WHERE
	cleared_at IS NULL;
