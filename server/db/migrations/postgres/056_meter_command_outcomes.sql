-- What the strip reported for a meter command (docs/device-api.md, `results`): 'confirmed',
-- 'no_answer', 'wrong_address', 'bad_answer', 'busy', 'unsupported'; and the address the
-- meter read back, when it read one. NULL until the strip reports, or for a switch.
ALTER TABLE relay_commands ADD COLUMN outcome TEXT;
ALTER TABLE relay_commands ADD COLUMN read_back BIGINT;
