-- A prepaid household's recharges (bKash, Nagad, card, vending station), in paisa. The
-- token number is kept when given, never required.
CREATE TABLE prepaid_recharges (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	at INTEGER NOT NULL,
	amount_paisa INTEGER NOT NULL CHECK (amount_paisa > 0),
	token TEXT,
	created_at INTEGER NOT NULL
);
CREATE INDEX prepaid_recharges_by_user ON prepaid_recharges (user_id, at);
