-- Schema 11: the interaction list reads pages newest first, and counts each
-- row's evaluations; both walked whole tables without these.
CREATE INDEX interactions_started ON interactions (started_at, id);
CREATE INDEX evaluations_interaction ON evaluations (interaction_id, state);
