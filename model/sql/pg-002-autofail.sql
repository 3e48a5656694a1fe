-- Schema 2: the auto-fail fields and critical score of scoring.md (filled
-- for existing rows by re-scoring, in C), and indexes for per-agent lists.
ALTER TABLE evaluations ADD COLUMN auto_failed boolean NOT NULL DEFAULT false;
ALTER TABLE evaluations ADD COLUMN failed_by text;
ALTER TABLE evaluations ADD COLUMN critical double precision;
CREATE INDEX evaluations_agent ON evaluations (agent_id, created_at);
CREATE INDEX evaluations_reviewer ON evaluations (reviewer_id, created_at);
CREATE INDEX evaluations_rubric ON evaluations (rubric_id, rubric_version);
CREATE INDEX interactions_agent ON interactions (agent_id, started_at);
