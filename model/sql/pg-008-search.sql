-- Schema 8: full-text search over subjects, emails and transcripts, one row
-- a piece of text, kept by triggers.  The triggers run as the owner (an
-- importing reviewer cannot write search_text directly); who may read a
-- row is who may read its interaction.
CREATE TABLE search_text (
  interaction_id bigint NOT NULL REFERENCES interactions (id) ON DELETE CASCADE,
  doc            tsvector NOT NULL
);
CREATE INDEX search_text_doc ON search_text USING gin (doc);
CREATE INDEX search_text_interaction ON search_text (interaction_id);

CREATE FUNCTION kz_index_text () RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  IF TG_TABLE_NAME = 'interactions' THEN
    INSERT INTO search_text VALUES (NEW.id, to_tsvector ('simple', coalesce (NEW.subject, '')));
  ELSIF TG_TABLE_NAME = 'messages' THEN
    INSERT INTO search_text VALUES (NEW.interaction_id,
                                    to_tsvector ('simple', coalesce (NEW.subject, '') || ' ' || NEW.body));
  ELSE
    INSERT INTO search_text VALUES (NEW.interaction_id, to_tsvector ('simple', NEW.text));
  END IF;
  RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION kz_index_text () FROM PUBLIC;

CREATE TRIGGER interactions_search AFTER INSERT ON interactions
  FOR EACH ROW EXECUTE FUNCTION kz_index_text ();
CREATE TRIGGER messages_search AFTER INSERT ON messages
  FOR EACH ROW EXECUTE FUNCTION kz_index_text ();
CREATE TRIGGER segments_search AFTER INSERT ON transcript_segments
  FOR EACH ROW EXECUTE FUNCTION kz_index_text ();

INSERT INTO search_text SELECT id, to_tsvector ('simple', coalesce (subject, '')) FROM interactions;
INSERT INTO search_text
  SELECT interaction_id, to_tsvector ('simple', coalesce (subject, '') || ' ' || body) FROM messages;
INSERT INTO search_text SELECT interaction_id, to_tsvector ('simple', text) FROM transcript_segments;

ALTER TABLE search_text ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON search_text FROM PUBLIC;
GRANT SELECT ON search_text TO kaizen_agent, kaizen_reviewer, kaizen_manager, kaizen_admin;
CREATE POLICY search_text_read ON search_text FOR SELECT
  USING (EXISTS (SELECT 1 FROM interactions i WHERE i.id = search_text.interaction_id));
