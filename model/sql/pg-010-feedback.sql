-- Schema 10: the customer's own verdict on an interaction; readable where
-- the interaction is.
CREATE TABLE customer_feedback (
  interaction_id bigint PRIMARY KEY REFERENCES interactions (id) ON DELETE CASCADE,
  scale          text NOT NULL CHECK (scale IN ('csat','nps')),
  rating         integer NOT NULL CHECK ((scale = 'csat' AND rating BETWEEN 1 AND 5) OR
                                         (scale = 'nps' AND rating BETWEEN 0 AND 10)),
  comment        text,
  given_at       bigint
);
CREATE INDEX interactions_external_ref ON interactions (external_ref);

ALTER TABLE customer_feedback ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON customer_feedback FROM PUBLIC;
GRANT SELECT ON customer_feedback TO kaizen_agent, kaizen_reviewer, kaizen_manager, kaizen_admin;
GRANT INSERT, UPDATE ON customer_feedback TO kaizen_reviewer, kaizen_admin;
GRANT DELETE ON customer_feedback TO kaizen_admin;
CREATE POLICY feedback_read ON customer_feedback FOR SELECT
  USING (EXISTS (SELECT 1 FROM interactions i WHERE i.id = customer_feedback.interaction_id));
CREATE POLICY feedback_write ON customer_feedback FOR INSERT
  WITH CHECK (EXISTS (SELECT 1 FROM interactions i WHERE i.id = customer_feedback.interaction_id));
CREATE POLICY feedback_update ON customer_feedback FOR UPDATE
  USING (EXISTS (SELECT 1 FROM interactions i WHERE i.id = customer_feedback.interaction_id));
