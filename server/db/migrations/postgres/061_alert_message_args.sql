-- An alert's condition as figures (JSON), so that the page, the phone and the notification
-- say it in the reader's language; the English sentence stays in message.
ALTER TABLE alerts ADD COLUMN message_args TEXT;
