-- The household's electricity meter: the one its bill comes from (slabs, demand charge and
-- meter rent belong to it, not to the strips). One row per physical meter; a replacement
-- closes the row (replaced_at) and opens the next, so registers are never compared across
-- meters. monthly_kwh is the household's own "about N units a month" from a past bill.
CREATE TABLE household_meters (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('postpaid', 'prepaid')),
	phase TEXT NOT NULL CHECK (phase IN ('single', 'three')),
	sanctioned_load_kw REAL NOT NULL,
	monthly_kwh REAL,
	installed_at INTEGER NOT NULL,
	replaced_at INTEGER,
	updated_at INTEGER NOT NULL
);
CREATE INDEX household_meters_by_user ON household_meters (user_id, installed_at);
