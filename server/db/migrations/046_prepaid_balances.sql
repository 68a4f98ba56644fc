-- What a prepaid meter showed as its balance, in paisa: the truth the model re-anchors on.
CREATE TABLE prepaid_balances (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	at INTEGER NOT NULL,
	amount_paisa INTEGER NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX prepaid_balances_by_user ON prepaid_balances (user_id, at);
