-- Schema 19: the Evaluations list reads the newest first (ORDER BY
-- created_at DESC, id DESC LIMIT n); without this index a million
-- evaluations were sorted whole before the first row came back.
CREATE INDEX evaluations_created ON evaluations (created_at, id);
