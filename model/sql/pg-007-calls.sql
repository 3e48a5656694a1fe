-- Schema 7: calls and their transcripts; who may read them is who may read
-- the interaction.
CREATE TABLE calls (
  interaction_id bigint PRIMARY KEY REFERENCES interactions (id) ON DELETE CASCADE,
  duration_s     integer NOT NULL CHECK (duration_s >= 0),
  direction      text NOT NULL CHECK (direction IN ('inbound','outbound')),
  customer_ref   text,
  audio_path     text NOT NULL,
  audio_type     text NOT NULL
);
CREATE TABLE transcript_segments (
  interaction_id bigint NOT NULL REFERENCES calls (interaction_id) ON DELETE CASCADE,
  position       integer NOT NULL,
  start_ms       integer NOT NULL,
  end_ms         integer NOT NULL,
  speaker        text,
  text           text NOT NULL,
  PRIMARY KEY (interaction_id, position)
);

ALTER TABLE calls ENABLE ROW LEVEL SECURITY;
ALTER TABLE transcript_segments ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON calls, transcript_segments FROM PUBLIC;
GRANT SELECT ON calls, transcript_segments TO kaizen_agent, kaizen_reviewer, kaizen_manager, kaizen_admin;
GRANT INSERT ON calls, transcript_segments TO kaizen_reviewer, kaizen_admin;
GRANT DELETE ON calls, transcript_segments TO kaizen_admin;

CREATE POLICY calls_read ON calls FOR SELECT
  USING (EXISTS (SELECT 1 FROM interactions i WHERE i.id = calls.interaction_id));
CREATE POLICY calls_insert ON calls FOR INSERT
  WITH CHECK (EXISTS (SELECT 1 FROM interactions i WHERE i.id = calls.interaction_id));
CREATE POLICY calls_delete ON calls FOR DELETE USING ((SELECT kz_has_role (16)));
CREATE POLICY segments_read ON transcript_segments FOR SELECT
  USING (EXISTS (SELECT 1 FROM calls c WHERE c.interaction_id = transcript_segments.interaction_id));
CREATE POLICY segments_insert ON transcript_segments FOR INSERT
  WITH CHECK (EXISTS (SELECT 1 FROM calls c WHERE c.interaction_id = transcript_segments.interaction_id));
CREATE POLICY segments_delete ON transcript_segments FOR DELETE USING ((SELECT kz_has_role (16)));
