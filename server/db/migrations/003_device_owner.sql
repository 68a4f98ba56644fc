-- Every device belongs to one user; devices from before accounts get an owner when the
-- first account is created. Deleting a user deletes their devices and all their data.
ALTER TABLE devices ADD COLUMN owner_id INTEGER REFERENCES users (id) ON DELETE CASCADE;

CREATE INDEX devices_by_owner ON devices (owner_id);
