-- A person's "switch on anyway" for a port the strip cut for an overload or a silent meter:
-- the strip refuses a plain "on" for such a port (docs/device-api.md, override).
ALTER TABLE relay_commands ADD COLUMN override INTEGER NOT NULL DEFAULT 0;
