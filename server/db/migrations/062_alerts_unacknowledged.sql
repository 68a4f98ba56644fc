-- Every signed-in page counts the household's open alerts not yet seen (the tab's badge):
-- an index of just those keeps the count from reading every alert the household ever had.
CREATE INDEX alerts_unacknowledged ON alerts (device_id) WHERE acknowledged_at IS NULL AND cleared_at IS NULL;
