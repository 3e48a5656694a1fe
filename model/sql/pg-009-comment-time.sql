-- Schema 9: a call comment's moment in the recording.
ALTER TABLE answers ADD COLUMN comment_at_ms integer CHECK (comment_at_ms >= 0);
