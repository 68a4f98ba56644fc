-- Tariff versions per household (user). A version is valid from a local date until the
-- next one; bills are derived from stored energy and these rows, never stored themselves,
-- so changing a version recomputes every month it touches on the next read.
-- `body` is the validated tariff record as JSON (server/billing TariffSchema).
CREATE TABLE tariffs (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	valid_from TEXT NOT NULL,
	body TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	UNIQUE (user_id, valid_from)
);
