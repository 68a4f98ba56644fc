-- Device commands other than a relay switch travel the same expiring path: 'switch' (the
-- port's relay, turn_on), 'assign_address' (give the one meter on the strip's bus the
-- Modbus address of `port`) and 'reset_energy' (zero the energy counter of `port`'s meter).
-- A meter command has turn_on 0 and never supersedes a switch, nor a switch it.
ALTER TABLE relay_commands ADD COLUMN action TEXT NOT NULL DEFAULT 'switch' CHECK (
	action IN ('switch', 'assign_address', 'reset_energy')
);
