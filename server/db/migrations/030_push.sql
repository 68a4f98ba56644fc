-- Web Push (issue 6): the browsers a user turned notifications on in, what they want to
-- hear about, and the notices waiting to be delivered.

CREATE TABLE push_subscriptions (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	-- The push service's URL for this browser; one browser profile has one.
	endpoint TEXT NOT NULL UNIQUE,
	p256dh TEXT NOT NULL,
	auth TEXT NOT NULL,
	-- "Chrome on Android", from the user agent at subscription, so the list is readable.
	label TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	last_success_at INTEGER,
	last_failure_at INTEGER,
	last_failure TEXT
);

CREATE INDEX push_subscriptions_by_user ON push_subscriptions (user_id);

CREATE TABLE push_preferences (
	user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	-- JSON arrays of the severities and rules that notify
	severities TEXT NOT NULL,
	rules TEXT NOT NULL,
	-- Minutes after local midnight on the household's clock; both NULL: no quiet hours.
	quiet_start INTEGER,
	quiet_end INTEGER,
	critical_in_quiet INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE push_queue (
	id INTEGER PRIMARY KEY,
	subscription_id INTEGER NOT NULL REFERENCES push_subscriptions (id) ON DELETE CASCADE,
	-- NULL for a test notification
	alert_id INTEGER REFERENCES alerts (id) ON DELETE CASCADE,
	user_id INTEGER NOT NULL,
	-- rule, device and port: the push service's Topic and the notification's tag
	topic TEXT NOT NULL,
	severity TEXT NOT NULL,
	payload TEXT NOT NULL,
	urgency TEXT NOT NULL,
	attempts INTEGER NOT NULL DEFAULT 0,
	due_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	-- A newer notice for the same rule and port replaces one still waiting: collapse.
	UNIQUE (subscription_id, topic)
);

CREATE INDEX push_queue_by_due ON push_queue (due_at);
