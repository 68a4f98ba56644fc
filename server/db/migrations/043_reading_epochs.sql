-- The counter epoch a device reports with each reading: energy is never counted across
-- two epochs (a meter reset or replaced). NULL for devices that do not report one.
ALTER TABLE readings ADD COLUMN epoch INTEGER;
