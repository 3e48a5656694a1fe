-- Schema 6: the emails of email interactions and their attachment lists
-- (names, types and sizes only).  Who may read an email is who may read its
-- interaction: the policies defer to the interactions' own.
CREATE TABLE messages (
  id             bigserial PRIMARY KEY,
  interaction_id bigint NOT NULL REFERENCES interactions (id) ON DELETE CASCADE,
  message_id     text NOT NULL UNIQUE,
  in_reply_to    text,
  refs           text,
  sender         text,
  sender_address text,
  recipients     text,
  cc             text,
  sent_at        bigint,
  subject        text,
  body           text NOT NULL DEFAULT ''
);
CREATE INDEX messages_interaction ON messages (interaction_id, sent_at);
CREATE TABLE attachments (
  message_id bigint NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  position   integer NOT NULL,
  filename   text NOT NULL,
  mime_type  text NOT NULL,
  size       bigint NOT NULL,
  PRIMARY KEY (message_id, position)
);

ALTER TABLE messages ENABLE ROW LEVEL SECURITY;
ALTER TABLE attachments ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON messages, attachments FROM PUBLIC;
GRANT SELECT ON messages, attachments TO kaizen_agent, kaizen_reviewer, kaizen_manager, kaizen_admin;
GRANT INSERT ON messages, attachments TO kaizen_reviewer, kaizen_admin;
GRANT DELETE ON messages, attachments TO kaizen_admin;
GRANT USAGE ON SEQUENCE messages_id_seq TO kaizen_reviewer, kaizen_admin;

-- The subqueries are filtered by the interactions' (and messages') policies.
CREATE POLICY messages_read ON messages FOR SELECT
  USING (EXISTS (SELECT 1 FROM interactions i WHERE i.id = messages.interaction_id));
CREATE POLICY messages_insert ON messages FOR INSERT
  WITH CHECK (EXISTS (SELECT 1 FROM interactions i WHERE i.id = messages.interaction_id));
CREATE POLICY messages_delete ON messages FOR DELETE USING ((SELECT kz_has_role (16)));
CREATE POLICY attachments_read ON attachments FOR SELECT
  USING (EXISTS (SELECT 1 FROM messages m WHERE m.id = attachments.message_id));
CREATE POLICY attachments_insert ON attachments FOR INSERT
  WITH CHECK (EXISTS (SELECT 1 FROM messages m WHERE m.id = attachments.message_id));
CREATE POLICY attachments_delete ON attachments FOR DELETE USING ((SELECT kz_has_role (16)));

CREATE TRIGGER messages_changed AFTER INSERT OR UPDATE OR DELETE ON messages
  FOR EACH STATEMENT EXECUTE FUNCTION kz_notify_change ();
