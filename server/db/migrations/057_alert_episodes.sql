-- An open alert counts the times its condition started again while it stayed open, and
-- keeps the device time of the latest one; its money figure is fixed when it opens, so
-- the card, the phone's offline copy and the notification show the same amount.
ALTER TABLE alerts ADD COLUMN trigger_count INTEGER NOT NULL DEFAULT 1;
ALTER TABLE alerts ADD COLUMN last_at INTEGER;
ALTER TABLE alerts ADD COLUMN cost_paisa INTEGER;
ALTER TABLE alerts ADD COLUMN cost_per TEXT CHECK (cost_per IN ('day', 'month'));
ALTER TABLE alerts ADD COLUMN currency TEXT;
