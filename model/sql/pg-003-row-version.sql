-- Schema 3: a row version on evaluations, checked on every update, so the
-- second of two writers gets a conflict instead of overwriting the first.
ALTER TABLE evaluations ADD COLUMN row_version integer NOT NULL DEFAULT 1;
