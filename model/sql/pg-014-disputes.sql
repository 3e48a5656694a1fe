-- Schema 14: agents answer back, reviewers agree (../kz-dispute.h and
-- ../kz-calibration-session.h): acknowledgements, disputes per criterion,
-- an evaluation's revisions and its audit trail; calibration sessions,
-- whose evaluations are flagged is_calibration and never count as an
-- agent's.
--
-- What the server guarantees to anyone who logs in with a Kaizen role and
-- types plain SQL (the owner and superusers remain the administrators of
-- last resort):
--  * Acknowledgements, disputes, their criteria, revisions and the audit
--    trail are written only through the functions below, which check who
--    may: an agent acknowledges and disputes their own evaluations only,
--    within the rubric's dispute window and limits; the evaluation's
--    reviewer, a manager of the agent's team or an administrator resolves;
--    no role has INSERT, UPDATE or DELETE on those tables.  Who reads them
--    is who reads the evaluation.
--  * Revisions, acknowledgements and audit entries are never changed or
--    deleted, a resolved criterion stays resolved and a closed dispute
--    closed — triggers refuse it to everyone, the owner included.
--  * Calibration: a calibration evaluation is readable only by its own
--    reviewer while its session is open — the lead and administrators
--    included — and once the lead closes it, by the session's people, the
--    managers of the agent's team and administrators (a restrictive
--    policy: no other policy can widen it).  Its answers follow it.  A
--    closed session's evaluations never change.
--  * Only the store's functions set an evaluation's revision and first
--    submission time (column privileges).

-- ---------------------------------------------------------------------------
-- Calibration sessions.

CREATE TABLE calibration_sessions (
  id             bigserial PRIMARY KEY,
  title          text NOT NULL CHECK (title <> ''),
  rubric_id      text NOT NULL,
  rubric_version integer NOT NULL,
  lead_id        bigint NOT NULL REFERENCES people (id) ON DELETE RESTRICT,
  created_at     bigint NOT NULL,
  closed_at      bigint CHECK (closed_at >= created_at),
  FOREIGN KEY (rubric_id, rubric_version) REFERENCES rubrics (id, version) ON DELETE RESTRICT
);
CREATE TABLE calibration_reviewers (
  session_id  bigint NOT NULL REFERENCES calibration_sessions (id) ON DELETE CASCADE,
  reviewer_id bigint NOT NULL REFERENCES people (id) ON DELETE RESTRICT,
  PRIMARY KEY (session_id, reviewer_id)
);
CREATE TABLE calibration_interactions (
  session_id     bigint NOT NULL REFERENCES calibration_sessions (id) ON DELETE CASCADE,
  position       integer NOT NULL,
  interaction_id bigint NOT NULL REFERENCES interactions (id) ON DELETE RESTRICT,
  PRIMARY KEY (session_id, position),
  UNIQUE (session_id, interaction_id)
);

ALTER TABLE evaluations ADD COLUMN is_calibration boolean NOT NULL DEFAULT false;
ALTER TABLE evaluations ADD COLUMN calibration_session_id bigint
  REFERENCES calibration_sessions (id) ON DELETE RESTRICT;
ALTER TABLE evaluations ADD CONSTRAINT evaluations_calibration_session
  CHECK (is_calibration = (calibration_session_id IS NOT NULL));
ALTER TABLE evaluations ADD COLUMN revision integer NOT NULL DEFAULT 0 CHECK (revision >= 0);
ALTER TABLE evaluations ADD COLUMN submitted_at bigint;
CREATE UNIQUE INDEX evaluations_calibration ON evaluations (calibration_session_id, interaction_id, reviewer_id)
  WHERE is_calibration;

-- ---------------------------------------------------------------------------
-- History.

CREATE TABLE disputes (
  id            bigserial PRIMARY KEY,
  evaluation_id bigint NOT NULL REFERENCES evaluations (id) ON DELETE RESTRICT,
  revision      integer NOT NULL CHECK (revision >= 1),
  raised_by     bigint NOT NULL REFERENCES people (id) ON DELETE RESTRICT,
  raised_at     bigint NOT NULL,
  reason        text NOT NULL CHECK (reason <> ''),
  state         text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
  closed_at     bigint,
  row_version   integer NOT NULL DEFAULT 1,
  CHECK ((state = 'closed') = (closed_at IS NOT NULL))
);
CREATE UNIQUE INDEX disputes_one_open ON disputes (evaluation_id) WHERE state = 'open';
CREATE INDEX disputes_evaluation ON disputes (evaluation_id, raised_at);

CREATE TABLE dispute_items (
  dispute_id   bigint NOT NULL REFERENCES disputes (id) ON DELETE RESTRICT,
  criterion_id text NOT NULL,
  position     integer NOT NULL,
  reason       text,
  resolution   text NOT NULL DEFAULT 'pending' CHECK (resolution IN ('pending', 'upheld', 'changed')),
  note         text,
  resolved_by  bigint REFERENCES people (id) ON DELETE RESTRICT,
  resolved_at  bigint,
  revision     integer,
  CHECK ((resolution = 'pending') = (resolved_at IS NULL)),
  CHECK ((resolution = 'changed') = (revision IS NOT NULL)),
  PRIMARY KEY (dispute_id, criterion_id)
);

CREATE TABLE evaluation_revisions (
  evaluation_id  bigint NOT NULL REFERENCES evaluations (id) ON DELETE RESTRICT,
  revision       integer NOT NULL CHECK (revision >= 1),
  created_at     bigint NOT NULL,
  created_by     bigint REFERENCES people (id) ON DELETE RESTRICT,
  dispute_id     bigint REFERENCES disputes (id) ON DELETE RESTRICT,
  rubric_version integer NOT NULL,
  raw            double precision,
  final          double precision,
  pass           boolean,
  auto_failed    boolean NOT NULL DEFAULT false,
  failed_by      text,
  critical       double precision,
  PRIMARY KEY (evaluation_id, revision)
);
CREATE TABLE revision_answers (
  evaluation_id bigint NOT NULL,
  revision      integer NOT NULL,
  criterion_id  text NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('value', 'na')),
  value         double precision,
  comment       text,
  comment_at_ms integer,
  PRIMARY KEY (evaluation_id, revision, criterion_id),
  FOREIGN KEY (evaluation_id, revision) REFERENCES evaluation_revisions (evaluation_id, revision)
    ON DELETE RESTRICT
);
CREATE TABLE acknowledgements (
  evaluation_id bigint NOT NULL,
  revision      integer NOT NULL,
  agent_id      bigint NOT NULL REFERENCES people (id) ON DELETE RESTRICT,
  at            bigint NOT NULL,
  comment       text,
  PRIMARY KEY (evaluation_id, revision),
  FOREIGN KEY (evaluation_id, revision) REFERENCES evaluation_revisions (evaluation_id, revision)
    ON DELETE RESTRICT
);
CREATE TABLE audit_trail (
  id            bigserial PRIMARY KEY,
  at            bigint NOT NULL,
  actor_id      bigint REFERENCES people (id) ON DELETE RESTRICT,
  action        text NOT NULL CHECK (action IN ('submitted', 'acknowledged', 'disputed', 'upheld', 'changed',
                                                'revision', 'closed')),
  evaluation_id bigint NOT NULL REFERENCES evaluations (id) ON DELETE RESTRICT,
  revision      integer,
  dispute_id    bigint REFERENCES disputes (id) ON DELETE RESTRICT,
  criterion_id  text,
  detail        text
);
CREATE INDEX audit_trail_evaluation ON audit_trail (evaluation_id, id);

-- What was submitted before this version: revision 1 as it is now.
UPDATE evaluations SET revision = 1, submitted_at = updated_at WHERE state = 'submitted';
INSERT INTO evaluation_revisions (evaluation_id, revision, created_at, created_by, dispute_id, rubric_version,
                                  raw, final, pass, auto_failed, failed_by, critical)
  SELECT id, 1, updated_at, NULL, NULL, rubric_version, raw, final, pass, auto_failed, failed_by, critical
  FROM evaluations WHERE state = 'submitted';
INSERT INTO revision_answers (evaluation_id, revision, criterion_id, kind, value, comment, comment_at_ms)
  SELECT a.evaluation_id, 1, a.criterion_id, a.kind, a.value, a.comment, a.comment_at_ms
  FROM answers a JOIN evaluations e ON e.id = a.evaluation_id WHERE e.state = 'submitted';
INSERT INTO audit_trail (at, actor_id, action, evaluation_id, revision, detail)
  SELECT updated_at, reviewer_id, 'submitted', id, 1, 'submitted before Kaizen kept revisions'
  FROM evaluations WHERE state = 'submitted' ORDER BY updated_at, id;

-- Never rewritten, by anyone.
CREATE FUNCTION kz_history_fixed () RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
BEGIN
  RAISE EXCEPTION '% rows are never changed or deleted', TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER evaluation_revisions_fixed BEFORE UPDATE OR DELETE ON evaluation_revisions
  FOR EACH ROW EXECUTE FUNCTION kz_history_fixed ();
CREATE TRIGGER revision_answers_fixed BEFORE UPDATE OR DELETE ON revision_answers
  FOR EACH ROW EXECUTE FUNCTION kz_history_fixed ();
CREATE TRIGGER acknowledgements_fixed BEFORE UPDATE OR DELETE ON acknowledgements
  FOR EACH ROW EXECUTE FUNCTION kz_history_fixed ();
CREATE TRIGGER audit_trail_fixed BEFORE UPDATE OR DELETE ON audit_trail
  FOR EACH ROW EXECUTE FUNCTION kz_history_fixed ();

CREATE FUNCTION kz_disputes_guard () RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'disputes are never deleted' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_TABLE_NAME = 'disputes' THEN
    IF OLD.state = 'closed' THEN
      RAISE EXCEPTION 'dispute % is closed: it stays as it was', OLD.id USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF (NEW.evaluation_id, NEW.revision, NEW.raised_by, NEW.raised_at, NEW.reason)
       IS DISTINCT FROM (OLD.evaluation_id, OLD.revision, OLD.raised_by, OLD.raised_at, OLD.reason) THEN
      RAISE EXCEPTION 'what dispute % says never changes', OLD.id USING ERRCODE = 'insufficient_privilege';
    END IF;
  ELSIF OLD.resolution <> 'pending'
        OR (NEW.dispute_id, NEW.criterion_id, NEW.reason) IS DISTINCT FROM (OLD.dispute_id, OLD.criterion_id, OLD.reason) THEN
    RAISE EXCEPTION 'criterion % of dispute % is resolved: it stays resolved', OLD.criterion_id, OLD.dispute_id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER disputes_guard BEFORE UPDATE OR DELETE ON disputes
  FOR EACH ROW EXECUTE FUNCTION kz_disputes_guard ();
CREATE TRIGGER dispute_items_guard BEFORE UPDATE OR DELETE ON dispute_items
  FOR EACH ROW EXECUTE FUNCTION kz_disputes_guard ();

-- ---------------------------------------------------------------------------
-- Helpers (SECURITY DEFINER: policies use them without recursing).

-- The sessions the login leads or scores in.
CREATE FUNCTION kz_my_calibration_sessions () RETURNS SETOF bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT r.session_id FROM calibration_reviewers r WHERE r.reviewer_id = kz_me ()
  UNION
  SELECT s.id FROM calibration_sessions s WHERE s.lead_id = kz_me ();
$$;

-- The interactions of those sessions: a participant reads what they score.
CREATE FUNCTION kz_my_calibration_interactions () RETURNS SETOF bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT ci.interaction_id FROM calibration_interactions ci
  WHERE ci.session_id IN (SELECT kz_my_calibration_sessions ())
    AND (kz_has_role (2) OR kz_has_role (4) OR kz_has_role (16));
$$;

-- Whether the login may read a calibration evaluation of @agent in
-- @session other than their own: only once the session is closed, and
-- then as one of its people, a manager of the agent's team or an
-- administrator.
CREATE FUNCTION kz_calibration_readable (session bigint, agent bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT EXISTS (SELECT 1 FROM calibration_sessions s WHERE s.id = session AND s.closed_at IS NOT NULL)
     AND (kz_has_role (16)
          OR session IN (SELECT kz_my_calibration_sessions ())
          OR (kz_has_role (4) AND agent IN (SELECT kz_managed_people ())));
$$;

-- Whether the login may see a session at all: its people, administrators,
-- and managers of an agent whose interaction it scores.
CREATE FUNCTION kz_calibration_session_visible (session bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT kz_has_role (16)
      OR session IN (SELECT kz_my_calibration_sessions ())
      OR (kz_has_role (4) AND EXISTS (SELECT 1 FROM calibration_interactions ci
                                      JOIN interactions i ON i.id = ci.interaction_id
                                      WHERE ci.session_id = session
                                        AND i.agent_id IN (SELECT kz_managed_people ())));
$$;

-- Whether the login's session is still being set up: theirs, open, and
-- with no evaluation yet (its people and interactions are then fixed).
CREATE FUNCTION kz_calibration_editable (session bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT EXISTS (SELECT 1 FROM calibration_sessions s
                 WHERE s.id = session AND s.closed_at IS NULL AND s.lead_id = kz_me ())
     AND NOT EXISTS (SELECT 1 FROM evaluations e WHERE e.calibration_session_id = session);
$$;

-- How many calibration evaluations of a session are submitted, for those
-- who see the session: how many, never whose.
CREATE FUNCTION kz_calibration_submitted (session bigint) RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT CASE WHEN kz_calibration_session_visible (session)
              THEN (SELECT count (*) FROM evaluations e
                    WHERE e.calibration_session_id = session AND e.state = 'submitted') END;
$$;

CREATE FUNCTION kz_person_has_role (person bigint, role_bit integer) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT EXISTS (SELECT 1 FROM people p WHERE p.id = person AND (p.roles & role_bit) <> 0);
$$;

CREATE FUNCTION kz_has_open_dispute (evaluation bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT EXISTS (SELECT 1 FROM disputes d WHERE d.evaluation_id = evaluation AND d.state = 'open');
$$;

-- Whether the login may resolve disputes of @evaluation: its reviewer, a
-- manager of its agent's team, an administrator — never its agent.
CREATE FUNCTION kz_can_resolve (evaluation bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT COALESCE ((SELECT kz_is_owner ()
                           OR (e.agent_id IS DISTINCT FROM kz_me ()
                               AND (kz_has_role (16)
                                    OR (kz_has_role (2) AND e.reviewer_id = kz_me ())
                                    OR (kz_has_role (4) AND e.agent_id IN (SELECT kz_managed_people ()))))
                    FROM evaluations e WHERE e.id = evaluation), false);
$$;

-- Unix seconds now, or @at for the owner (who writes history back-dated:
-- the demo, a copy).
CREATE FUNCTION kz_stamp (at bigint) RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT CASE WHEN kz_is_owner () AND at IS NOT NULL THEN at ELSE extract (epoch FROM now ())::bigint END;
$$;

-- ---------------------------------------------------------------------------
-- Evaluations: calibration blindness, resolutions by managers.

ALTER TABLE calibration_sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE calibration_reviewers ENABLE ROW LEVEL SECURITY;
ALTER TABLE calibration_interactions ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON calibration_sessions, calibration_reviewers, calibration_interactions FROM PUBLIC;
-- Everyone may ask (an agent finds nothing); those who lead sessions write.
GRANT SELECT ON calibration_sessions, calibration_reviewers, calibration_interactions
  TO kaizen_agent, kaizen_reviewer, kaizen_manager, kaizen_staff, kaizen_admin;
GRANT INSERT ON calibration_sessions, calibration_reviewers, calibration_interactions
  TO kaizen_reviewer, kaizen_manager, kaizen_admin;
GRANT USAGE ON SEQUENCE calibration_sessions_id_seq TO kaizen_reviewer, kaizen_manager, kaizen_admin;

CREATE POLICY calibration_sessions_read ON calibration_sessions FOR SELECT
  USING (lead_id = (SELECT kz_me ()) OR kz_calibration_session_visible (id));
CREATE POLICY calibration_sessions_insert ON calibration_sessions FOR INSERT WITH CHECK (
  lead_id = (SELECT kz_me ()) AND closed_at IS NULL
  AND ((SELECT kz_has_role (2)) OR (SELECT kz_has_role (4)) OR (SELECT kz_has_role (16))));
CREATE POLICY calibration_reviewers_read ON calibration_reviewers FOR SELECT
  USING (EXISTS (SELECT 1 FROM calibration_sessions s WHERE s.id = calibration_reviewers.session_id));
CREATE POLICY calibration_reviewers_insert ON calibration_reviewers FOR INSERT WITH CHECK (
  kz_calibration_editable (session_id)
  AND (reviewer_id = (SELECT kz_me ()) OR kz_person_has_role (reviewer_id, 2)));
CREATE POLICY calibration_interactions_read ON calibration_interactions FOR SELECT
  USING (EXISTS (SELECT 1 FROM calibration_sessions s WHERE s.id = calibration_interactions.session_id));
-- Only interactions the lead may read themselves.
CREATE POLICY calibration_interactions_insert ON calibration_interactions FOR INSERT WITH CHECK (
  kz_calibration_editable (session_id)
  AND EXISTS (SELECT 1 FROM interactions i WHERE i.id = calibration_interactions.interaction_id));

-- A session is created now, open; only the owner writes another time.
CREATE FUNCTION kz_calibration_sessions_stamp () RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
BEGIN
  IF NOT kz_is_owner () THEN
    NEW.created_at := extract (epoch FROM now ())::bigint;
    NEW.closed_at := NULL;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER calibration_sessions_stamp BEFORE INSERT ON calibration_sessions
  FOR EACH ROW EXECUTE FUNCTION kz_calibration_sessions_stamp ();

-- A session's participants read the interactions they score.
CREATE POLICY interactions_read_calibration ON interactions FOR SELECT
  USING (id IN (SELECT kz_my_calibration_interactions ()));

-- Blind while open: no other policy can widen this one.
CREATE POLICY evaluations_calibration_blind ON evaluations AS RESTRICTIVE FOR SELECT USING (
  NOT is_calibration
  OR reviewer_id = (SELECT kz_me ())
  OR kz_calibration_readable (calibration_session_id, agent_id));
CREATE POLICY evaluations_read_calibration ON evaluations FOR SELECT USING (
  is_calibration AND kz_calibration_readable (calibration_session_id, agent_id));

-- Answers are read only where their evaluation is: answers_write (FOR ALL)
-- would otherwise let an administrator read a calibration evaluation's
-- answers while its session is open.
CREATE POLICY answers_follow_evaluation ON answers AS RESTRICTIVE FOR SELECT
  USING (EXISTS (SELECT 1 FROM evaluations e WHERE e.id = answers.evaluation_id));

-- A manager resolving a dispute of their team changes the answers.
CREATE POLICY evaluations_update_dispute ON evaluations FOR UPDATE
  USING ((SELECT kz_has_role (4)) AND agent_id IN (SELECT kz_managed_people ()) AND kz_has_open_dispute (id))
  WITH CHECK ((SELECT kz_has_role (4)) AND agent_id IN (SELECT kz_managed_people ()) AND kz_has_open_dispute (id));
CREATE POLICY answers_write_dispute ON answers FOR ALL
  USING ((SELECT kz_has_role (4))
         AND EXISTS (SELECT 1 FROM evaluations e
                     WHERE e.id = answers.evaluation_id AND e.agent_id IN (SELECT kz_managed_people ())
                       AND kz_has_open_dispute (e.id)))
  WITH CHECK ((SELECT kz_has_role (4))
              AND EXISTS (SELECT 1 FROM evaluations e
                          WHERE e.id = answers.evaluation_id AND e.agent_id IN (SELECT kz_managed_people ())
                            AND kz_has_open_dispute (e.id)));

-- Column privileges: the revision and first submission are the server's
-- to set (kz_record_revision()); what an evaluation is, its session, is
-- fixed on insert.
REVOKE INSERT, UPDATE ON evaluations FROM kaizen_reviewer, kaizen_admin;
GRANT INSERT (interaction_id, rubric_id, rubric_version, reviewer_id, agent_id, state, created_at, updated_at,
              raw, final, pass, auto_failed, failed_by, critical, is_calibration, calibration_session_id)
  ON evaluations TO kaizen_reviewer, kaizen_admin;
GRANT UPDATE (interaction_id, rubric_id, rubric_version, reviewer_id, agent_id, state, updated_at,
              raw, final, pass, auto_failed, failed_by, critical, row_version)
  ON evaluations TO kaizen_reviewer, kaizen_manager, kaizen_admin;
GRANT INSERT, DELETE ON answers TO kaizen_manager;

-- What a calibration evaluation is, checked for everyone: an invited
-- reviewer's scoring of one of an open session's interactions, with its
-- rubric version and its agent; fixed once the session is closed.  And a
-- manager resolving a dispute changes the answers only.
CREATE FUNCTION kz_evaluations_guard () RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  s calibration_sessions%ROWTYPE;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF (NEW.is_calibration, NEW.calibration_session_id) IS DISTINCT FROM (OLD.is_calibration, OLD.calibration_session_id) THEN
      RAISE EXCEPTION 'whether evaluation % is a calibration evaluation never changes', OLD.id
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.is_calibration AND EXISTS (SELECT 1 FROM calibration_sessions c
                                      WHERE c.id = OLD.calibration_session_id AND c.closed_at IS NOT NULL) THEN
      RAISE EXCEPTION 'evaluation % belongs to a closed calibration session: it does not change', OLD.id
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT (kz_is_owner () OR kz_has_role (16)) AND OLD.reviewer_id IS DISTINCT FROM kz_me ()
       AND (NEW.reviewer_id, NEW.agent_id, NEW.interaction_id, NEW.rubric_id, NEW.state)
           IS DISTINCT FROM (OLD.reviewer_id, OLD.agent_id, OLD.interaction_id, OLD.rubric_id, OLD.state) THEN
      RAISE EXCEPTION 'resolving a dispute changes the answers of evaluation %, nothing else', OLD.id
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
  END IF;

  IF NEW.is_calibration THEN
    SELECT * INTO s FROM calibration_sessions c WHERE c.id = NEW.calibration_session_id;
    IF NOT FOUND OR s.closed_at IS NOT NULL THEN
      RAISE EXCEPTION 'calibration session % is not open', NEW.calibration_session_id
        USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM calibration_reviewers r
                   WHERE r.session_id = s.id AND r.reviewer_id = NEW.reviewer_id) THEN
      RAISE EXCEPTION 'person % is not invited to calibration session %', NEW.reviewer_id, s.id
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM calibration_interactions ci
                   WHERE ci.session_id = s.id AND ci.interaction_id = NEW.interaction_id)
       OR NEW.rubric_id <> s.rubric_id OR NEW.rubric_version <> s.rubric_version
       OR NEW.agent_id IS DISTINCT FROM (SELECT i.agent_id FROM interactions i WHERE i.id = NEW.interaction_id) THEN
      RAISE EXCEPTION 'a calibration evaluation scores one of the session''s interactions, of its agent, '
                      'with the session''s rubric version' USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER evaluations_guard BEFORE INSERT OR UPDATE ON evaluations
  FOR EACH ROW EXECUTE FUNCTION kz_evaluations_guard ();

CREATE FUNCTION kz_answers_calibration_guard () RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM evaluations e JOIN calibration_sessions c ON c.id = e.calibration_session_id
             WHERE e.id = CASE WHEN TG_OP = 'DELETE' THEN OLD.evaluation_id ELSE NEW.evaluation_id END
               AND c.closed_at IS NOT NULL) THEN
    RAISE EXCEPTION 'the calibration session is closed: its answers do not change'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER answers_calibration_guard BEFORE INSERT OR UPDATE OR DELETE ON answers
  FOR EACH ROW EXECUTE FUNCTION kz_answers_calibration_guard ();

-- History: read as the evaluation is; written by no role directly.
ALTER TABLE disputes ENABLE ROW LEVEL SECURITY;
ALTER TABLE dispute_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE evaluation_revisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE revision_answers ENABLE ROW LEVEL SECURITY;
ALTER TABLE acknowledgements ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_trail ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON disputes, dispute_items, evaluation_revisions, revision_answers, acknowledgements, audit_trail
  FROM PUBLIC;
GRANT SELECT ON disputes, dispute_items, evaluation_revisions, revision_answers, acknowledgements, audit_trail
  TO kaizen_agent, kaizen_reviewer, kaizen_manager, kaizen_admin;
CREATE POLICY disputes_read ON disputes FOR SELECT
  USING (EXISTS (SELECT 1 FROM evaluations e WHERE e.id = disputes.evaluation_id));
CREATE POLICY dispute_items_read ON dispute_items FOR SELECT
  USING (EXISTS (SELECT 1 FROM disputes d WHERE d.id = dispute_items.dispute_id));
CREATE POLICY evaluation_revisions_read ON evaluation_revisions FOR SELECT
  USING (EXISTS (SELECT 1 FROM evaluations e WHERE e.id = evaluation_revisions.evaluation_id));
CREATE POLICY revision_answers_read ON revision_answers FOR SELECT
  USING (EXISTS (SELECT 1 FROM evaluations e WHERE e.id = revision_answers.evaluation_id));
CREATE POLICY acknowledgements_read ON acknowledgements FOR SELECT
  USING (EXISTS (SELECT 1 FROM evaluations e WHERE e.id = acknowledgements.evaluation_id));
CREATE POLICY audit_trail_read ON audit_trail FOR SELECT
  USING (EXISTS (SELECT 1 FROM evaluations e WHERE e.id = audit_trail.evaluation_id));

-- ---------------------------------------------------------------------------
-- The functions that write history.

-- A rubric's dispute settings and criterion ids, from its own XML (the
-- loader has checked it; the defaults are the format's).
CREATE FUNCTION kz_rubric_dispute_rules (rubric text, rubric_version integer,
                                         OUT dispute_days integer, OUT max_disputes integer, OUT criteria text[])
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  doc xml;
  ns text[] := ARRAY[ARRAY['r', 'https://kaizen-qa.org/ns/rubric/1']];
BEGIN
  SELECT XMLPARSE (DOCUMENT r.source) INTO doc FROM rubrics r WHERE r.id = rubric AND r.version = rubric_version;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'there is no rubric % version %', rubric, rubric_version USING ERRCODE = 'no_data_found';
  END IF;
  dispute_days := COALESCE ((xpath ('/r:rubric/@dispute-days', doc, ns))[1]::text::integer, 7);
  max_disputes := COALESCE ((xpath ('/r:rubric/@max-disputes', doc, ns))[1]::text::integer, 2);
  criteria := ARRAY (SELECT c::text FROM unnest (xpath ('//r:criterion/@id', doc, ns)) c);
END
$$;

CREATE FUNCTION kz_audit (at bigint, actor bigint, action text, evaluation bigint, revision integer,
                          dispute bigint, criterion text, detail text)
RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  INSERT INTO audit_trail (at, actor_id, action, evaluation_id, revision, dispute_id, criterion_id, detail)
  VALUES (at, actor, action, evaluation, revision, dispute, criterion, detail);
$$;

-- Keeps a submitted evaluation's answers and score as its next revision
-- when they differ from the current one (or there is none: revision 1,
-- "submitted").  Called by the store after every save, in its
-- transaction; returns the current revision.  @actor and @at count for the
-- owner only; everyone else is themselves, now.
CREATE FUNCTION kz_record_revision (evaluation bigint, actor bigint, dispute bigint, at bigint)
RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  e evaluations%ROWTYPE;
  stamp bigint;
  new_revision integer;
BEGIN
  SELECT * INTO e FROM evaluations WHERE id = evaluation FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'there is no evaluation %', evaluation USING ERRCODE = 'no_data_found';
  END IF;
  IF NOT (kz_is_owner () OR kz_has_role (16) OR (kz_has_role (2) AND e.reviewer_id = kz_me ())
          OR (kz_has_role (4) AND e.agent_id IN (SELECT kz_managed_people ()) AND kz_has_open_dispute (e.id))) THEN
    RAISE EXCEPTION 'you may not change evaluation %', evaluation USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF e.state <> 'submitted' OR e.is_calibration THEN
    RETURN e.revision;
  END IF;
  IF e.revision > 0
     AND NOT EXISTS (SELECT criterion_id, kind, value, comment, comment_at_ms FROM answers WHERE evaluation_id = e.id
                     EXCEPT
                     SELECT criterion_id, kind, value, comment, comment_at_ms FROM revision_answers
                     WHERE evaluation_id = e.id AND revision = e.revision)
     AND NOT EXISTS (SELECT criterion_id, kind, value, comment, comment_at_ms FROM revision_answers
                     WHERE evaluation_id = e.id AND revision = e.revision
                     EXCEPT
                     SELECT criterion_id, kind, value, comment, comment_at_ms FROM answers WHERE evaluation_id = e.id)
     AND EXISTS (SELECT 1 FROM evaluation_revisions r
                 WHERE r.evaluation_id = e.id AND r.revision = e.revision
                   AND (r.rubric_version, r.raw, r.final, r.pass, r.auto_failed, r.failed_by, r.critical)
                       IS NOT DISTINCT FROM (e.rubric_version, e.raw, e.final, e.pass, e.auto_failed, e.failed_by,
                                             e.critical)) THEN
    RETURN e.revision;
  END IF;
  IF dispute IS NOT NULL AND NOT EXISTS (SELECT 1 FROM disputes d
                                         WHERE d.id = dispute AND d.evaluation_id = e.id AND d.state = 'open') THEN
    RAISE EXCEPTION 'dispute % is not an open dispute of evaluation %', dispute, e.id USING ERRCODE = 'check_violation';
  END IF;

  stamp := CASE WHEN kz_is_owner () THEN COALESCE (at, e.updated_at) ELSE extract (epoch FROM now ())::bigint END;
  new_revision := e.revision + 1;
  INSERT INTO evaluation_revisions (evaluation_id, revision, created_at, created_by, dispute_id, rubric_version,
                                    raw, final, pass, auto_failed, failed_by, critical)
    VALUES (e.id, new_revision, stamp, CASE WHEN kz_is_owner () THEN actor ELSE kz_me () END, dispute, e.rubric_version,
            e.raw, e.final, e.pass, e.auto_failed, e.failed_by, e.critical);
  INSERT INTO revision_answers (evaluation_id, revision, criterion_id, kind, value, comment, comment_at_ms)
    SELECT a.evaluation_id, new_revision, a.criterion_id, a.kind, a.value, a.comment, a.comment_at_ms
    FROM answers a WHERE a.evaluation_id = e.id;
  UPDATE evaluations SET revision = new_revision, submitted_at = COALESCE (submitted_at, stamp) WHERE id = e.id;
  PERFORM kz_audit (stamp, CASE WHEN kz_is_owner () THEN actor ELSE kz_me () END,
                    CASE WHEN new_revision = 1 THEN 'submitted' ELSE 'revision' END, e.id, new_revision, dispute, NULL, NULL);
  RETURN new_revision;
END
$$;

-- The evaluation's agent acknowledges its current revision.
CREATE FUNCTION kz_acknowledge (evaluation bigint, agent bigint, note text, at bigint)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  e evaluations%ROWTYPE;
  who bigint;
  stamp bigint := kz_stamp (at);
BEGIN
  SELECT * INTO e FROM evaluations WHERE id = evaluation;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'there is no evaluation %', evaluation USING ERRCODE = 'no_data_found';
  END IF;
  who := CASE WHEN kz_is_owner () THEN COALESCE (agent, e.agent_id) ELSE kz_me () END;
  IF who IS DISTINCT FROM e.agent_id THEN
    RAISE EXCEPTION 'only the agent evaluated may acknowledge evaluation %', evaluation
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF e.is_calibration OR e.state <> 'submitted' OR e.revision < 1 THEN
    RAISE EXCEPTION 'evaluation % is not a submitted evaluation of the agent''s work', evaluation
      USING ERRCODE = 'check_violation';
  END IF;
  BEGIN
    INSERT INTO acknowledgements (evaluation_id, revision, agent_id, at, comment)
      VALUES (e.id, e.revision, who, stamp, NULLIF (btrim (note), ''));
  EXCEPTION WHEN unique_violation THEN
    RAISE EXCEPTION 'evaluation % (revision %) is acknowledged already', e.id, e.revision
      USING ERRCODE = 'unique_violation';
  END;
  PERFORM kz_audit (stamp, who, 'acknowledged', e.id, e.revision, NULL, NULL, NULLIF (btrim (note), ''));
END
$$;

-- The evaluation's agent disputes @criteria (each with its reason, NULL
-- for none) of its current revision, within the rubric's dispute window,
-- with no dispute open and fewer than max-disputes so far.
CREATE FUNCTION kz_dispute_raise (evaluation bigint, agent bigint, reason text, criteria text[], reasons text[],
                                  at bigint)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  e evaluations%ROWTYPE;
  rules record;
  who bigint;
  stamp bigint := kz_stamp (at);
  n integer := COALESCE (array_length (criteria, 1), 0);
  new_id bigint;
  item record;
BEGIN
  -- One raise at a time per evaluation: the limits below hold.
  SELECT * INTO e FROM evaluations WHERE id = evaluation FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'there is no evaluation %', evaluation USING ERRCODE = 'no_data_found';
  END IF;
  who := CASE WHEN kz_is_owner () THEN COALESCE (agent, e.agent_id) ELSE kz_me () END;
  IF who IS DISTINCT FROM e.agent_id THEN
    RAISE EXCEPTION 'only the agent evaluated may dispute evaluation %', evaluation
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF e.is_calibration OR e.state <> 'submitted' OR e.revision < 1 THEN
    RAISE EXCEPTION 'evaluation % is not a submitted evaluation of the agent''s work', evaluation
      USING ERRCODE = 'check_violation';
  END IF;
  IF COALESCE (btrim (reason), '') = '' THEN
    RAISE EXCEPTION 'a dispute needs a reason' USING ERRCODE = 'check_violation';
  END IF;
  IF n = 0 OR COALESCE (array_length (reasons, 1), 0) <> n THEN
    RAISE EXCEPTION 'a dispute names at least one criterion, each with its reason or NULL'
      USING ERRCODE = 'check_violation';
  END IF;
  IF (SELECT count (DISTINCT c) FROM unnest (criteria) c) <> n THEN
    RAISE EXCEPTION 'a criterion is disputed twice' USING ERRCODE = 'check_violation';
  END IF;
  rules := kz_rubric_dispute_rules (e.rubric_id, e.rubric_version);
  IF EXISTS (SELECT 1 FROM unnest (criteria) c WHERE c <> ALL (rules.criteria)) THEN
    RAISE EXCEPTION 'rubric % version % has no criterion %', e.rubric_id, e.rubric_version,
      (SELECT c FROM unnest (criteria) c WHERE c <> ALL (rules.criteria) LIMIT 1) USING ERRCODE = 'check_violation';
  END IF;
  IF rules.dispute_days = 0 OR rules.max_disputes = 0 THEN
    RAISE EXCEPTION 'reviews under rubric % cannot be disputed', e.rubric_id
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  IF stamp > e.submitted_at + rules.dispute_days * 86400 THEN
    RAISE EXCEPTION 'too late to dispute evaluation %: its dispute window closed at % UTC, % days after it was submitted',
      e.id, to_char (to_timestamp (e.submitted_at + rules.dispute_days * 86400) AT TIME ZONE 'UTC',
                     'YYYY-MM-DD HH24:MI'), rules.dispute_days
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  IF EXISTS (SELECT 1 FROM disputes d WHERE d.evaluation_id = e.id AND d.state = 'open') THEN
    RAISE EXCEPTION 'evaluation % has an open dispute already', e.id USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  IF (SELECT count (*) FROM disputes d WHERE d.evaluation_id = e.id) >= rules.max_disputes THEN
    RAISE EXCEPTION 'evaluation % has been disputed % times, the most its rubric allows', e.id, rules.max_disputes
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;

  INSERT INTO disputes (evaluation_id, revision, raised_by, raised_at, reason)
    VALUES (e.id, e.revision, who, stamp, reason) RETURNING id INTO new_id;
  FOR item IN SELECT u.c, u.r, u.ord FROM unnest (criteria, reasons) WITH ORDINALITY AS u (c, r, ord) ORDER BY u.ord
  LOOP
    INSERT INTO dispute_items (dispute_id, criterion_id, position, reason)
      VALUES (new_id, item.c, item.ord - 1, NULLIF (btrim (item.r), ''));
    PERFORM kz_audit (stamp, who, 'disputed', e.id, e.revision, new_id, item.c,
                      COALESCE (NULLIF (btrim (item.r), ''), reason));
  END LOOP;
  RETURN new_id;
END
$$;

-- Takes dispute @dispute for a resolution: its row version goes up, or the
-- caller learns that someone else resolved it since they read it.
CREATE FUNCTION kz_dispute_claim (dispute bigint, expected integer)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  evaluation bigint;
BEGIN
  SELECT d.evaluation_id INTO evaluation FROM disputes d WHERE d.id = dispute;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'there is no dispute %', dispute USING ERRCODE = 'no_data_found';
  END IF;
  IF NOT kz_can_resolve (evaluation) THEN
    RAISE EXCEPTION 'you may not resolve dispute %', dispute USING ERRCODE = 'insufficient_privilege';
  END IF;
  -- Waits for a resolver already at work, then sees their change.
  UPDATE disputes SET row_version = row_version + 1
  WHERE id = dispute AND row_version = expected AND state = 'open';
  IF NOT FOUND THEN
    RAISE EXCEPTION 'someone else resolved dispute % after you read it', dispute USING ERRCODE = 'serialization_failure';
  END IF;
END
$$;

-- Marks criteria of @dispute upheld or changed, with notes.  A changed one
-- must differ from the disputed revision in a newer revision (the store
-- saves it first); an upheld one must not have changed.  Closes the
-- dispute when none is pending.
CREATE FUNCTION kz_dispute_resolve (dispute bigint, resolver bigint, criteria text[], resolutions text[],
                                    notes text[], at bigint)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  d disputes%ROWTYPE;
  e evaluations%ROWTYPE;
  who bigint;
  stamp bigint := kz_stamp (at);
  n integer := COALESCE (array_length (criteria, 1), 0);
  now_answer text;
  then_answer text;
BEGIN
  SELECT * INTO d FROM disputes x WHERE x.id = dispute FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'there is no dispute %', dispute USING ERRCODE = 'no_data_found';
  END IF;
  IF NOT kz_can_resolve (d.evaluation_id) THEN
    RAISE EXCEPTION 'you may not resolve dispute %', dispute USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF d.state <> 'open' THEN
    RAISE EXCEPTION 'dispute % is closed', dispute USING ERRCODE = 'serialization_failure';
  END IF;
  IF n = 0 OR COALESCE (array_length (resolutions, 1), 0) <> n OR COALESCE (array_length (notes, 1), 0) <> n THEN
    RAISE EXCEPTION 'resolve at least one criterion, each with its resolution and note' USING ERRCODE = 'check_violation';
  END IF;
  SELECT * INTO e FROM evaluations x WHERE x.id = d.evaluation_id;
  who := CASE WHEN kz_is_owner () THEN COALESCE (resolver, e.reviewer_id) ELSE kz_me () END;
  FOR i IN 1 .. n LOOP
    IF resolutions[i] NOT IN ('upheld', 'changed') THEN
      RAISE EXCEPTION 'a disputed criterion is upheld or changed, not %', resolutions[i] USING ERRCODE = 'check_violation';
    END IF;
    IF COALESCE (btrim (notes[i]), '') = '' THEN
      RAISE EXCEPTION 'criterion %: a resolution needs a note', criteria[i] USING ERRCODE = 'check_violation';
    END IF;
    SELECT a.kind || ':' || COALESCE (a.value::text, '') INTO now_answer
    FROM answers a WHERE a.evaluation_id = e.id AND a.criterion_id = criteria[i];
    SELECT a.kind || ':' || COALESCE (a.value::text, '') INTO then_answer
    FROM revision_answers a WHERE a.evaluation_id = e.id AND a.revision = d.revision AND a.criterion_id = criteria[i];
    IF resolutions[i] = 'upheld' AND now_answer IS DISTINCT FROM then_answer THEN
      RAISE EXCEPTION 'criterion % of evaluation % has changed since it was disputed: it is not upheld', criteria[i], e.id
        USING ERRCODE = 'check_violation';
    END IF;
    IF resolutions[i] = 'changed' AND (now_answer IS NOT DISTINCT FROM then_answer OR e.revision <= d.revision) THEN
      RAISE EXCEPTION 'criterion % of evaluation % has not changed: save its new answer first', criteria[i], e.id
        USING ERRCODE = 'check_violation';
    END IF;
    UPDATE dispute_items SET resolution = resolutions[i], note = notes[i], resolved_by = who, resolved_at = stamp,
                             revision = CASE WHEN resolutions[i] = 'changed' THEN e.revision END
    WHERE dispute_id = d.id AND criterion_id = criteria[i] AND resolution = 'pending';
    IF NOT FOUND THEN
      IF EXISTS (SELECT 1 FROM dispute_items x WHERE x.dispute_id = d.id AND x.criterion_id = criteria[i]) THEN
        RAISE EXCEPTION 'criterion % of dispute % is resolved already', criteria[i], d.id
          USING ERRCODE = 'serialization_failure';
      END IF;
      RAISE EXCEPTION 'criterion % is not disputed in dispute %', criteria[i], d.id USING ERRCODE = 'check_violation';
    END IF;
    PERFORM kz_audit (stamp, who, resolutions[i], e.id, CASE WHEN resolutions[i] = 'changed' THEN e.revision END,
                      d.id, criteria[i], notes[i]);
  END LOOP;
  IF NOT EXISTS (SELECT 1 FROM dispute_items x WHERE x.dispute_id = d.id AND x.resolution = 'pending') THEN
    UPDATE disputes SET state = 'closed', closed_at = stamp WHERE id = d.id;
    PERFORM kz_audit (stamp, who, 'closed', e.id, NULL, d.id, NULL, NULL);
  END IF;
END
$$;

-- The lead (or an administrator) closes a calibration session.
CREATE FUNCTION kz_calibration_close (session bigint, at bigint)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  s calibration_sessions%ROWTYPE;
BEGIN
  SELECT * INTO s FROM calibration_sessions c WHERE c.id = session FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'there is no calibration session %', session USING ERRCODE = 'no_data_found';
  END IF;
  IF NOT (kz_is_owner () OR kz_has_role (16) OR s.lead_id = kz_me ()) THEN
    RAISE EXCEPTION 'only the lead closes calibration session %', session USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF s.closed_at IS NOT NULL THEN
    RAISE EXCEPTION 'calibration session % is closed already', session USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  UPDATE calibration_sessions SET closed_at = GREATEST (kz_stamp (at), s.created_at) WHERE id = session;
END
$$;

-- ---------------------------------------------------------------------------
-- Agents' figures leave calibration out.

CREATE OR REPLACE FUNCTION kz_team_quality (team bigint, from_unix bigint, to_unix bigint)
RETURNS TABLE (n bigint, mean_final double precision)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  lo bigint := from_unix;
  hi bigint := to_unix;
  manager boolean;
BEGIN
  -- COALESCE: with no team of one's own the comparison is NULL, not false.
  manager := COALESCE (kz_has_role (16) OR (kz_has_role (4) AND team IN (SELECT kz_managed_teams ())), false);
  IF team IS NULL OR NOT (manager OR COALESCE (team = kz_my_team (), false)) THEN
    RAISE EXCEPTION 'you may not read the quality figures of team %', team
      USING ERRCODE = 'insufficient_privilege';
  END IF;

  -- An agent reads their team's figure over whole calendar months (UTC)
  -- only, and only when every month in the window holds evaluations of at
  -- least three agents: no window, and no difference of two windows,
  -- narrows down to one colleague's scores.
  IF NOT manager THEN
    lo := extract (epoch FROM date_trunc ('month', to_timestamp (greatest (lo, 0)) AT TIME ZONE 'UTC'))::bigint;
    IF hi < 32503680000 THEN   -- a real date, not "for ever"
      hi := extract (epoch FROM date_trunc ('month', to_timestamp (hi - 1) AT TIME ZONE 'UTC')
                                + interval '1 month')::bigint;
    END IF;
    IF EXISTS (SELECT 1
               FROM evaluations e JOIN people a ON a.id = e.agent_id
               WHERE a.team_id = kz_team_quality.team
                 AND e.state = 'submitted' AND e.final IS NOT NULL AND NOT e.is_calibration
                 AND e.created_at >= lo AND e.created_at < hi
               GROUP BY date_trunc ('month', to_timestamp (e.created_at) AT TIME ZONE 'UTC')
               HAVING count (DISTINCT e.agent_id) < 3) THEN
      RETURN QUERY SELECT NULL::bigint, NULL::double precision;
      RETURN;
    END IF;
  END IF;

  RETURN QUERY
    SELECT count(*)::bigint, avg(e.final)::double precision
    FROM evaluations e JOIN people a ON a.id = e.agent_id
    WHERE a.team_id = kz_team_quality.team
      AND e.state = 'submitted' AND e.final IS NOT NULL AND NOT e.is_calibration
      AND e.created_at >= lo AND e.created_at < hi;
END
$$;

-- ---------------------------------------------------------------------------
-- Open lists refresh on these too.
CREATE TRIGGER disputes_changed AFTER INSERT OR UPDATE OR DELETE ON disputes
  FOR EACH STATEMENT EXECUTE FUNCTION kz_notify_change ();
CREATE TRIGGER acknowledgements_changed AFTER INSERT OR UPDATE OR DELETE ON acknowledgements
  FOR EACH STATEMENT EXECUTE FUNCTION kz_notify_change ();
CREATE TRIGGER calibration_sessions_changed AFTER INSERT OR UPDATE OR DELETE ON calibration_sessions
  FOR EACH STATEMENT EXECUTE FUNCTION kz_notify_change ();

-- Functions: only the Kaizen roles call them; the triggers' and the
-- internal helpers' nobody calls directly.
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kz_my_calibration_sessions (), kz_my_calibration_interactions (),
  kz_calibration_readable (bigint, bigint), kz_calibration_session_visible (bigint),
  kz_calibration_editable (bigint), kz_calibration_submitted (bigint), kz_person_has_role (bigint, integer), kz_has_open_dispute (bigint),
  kz_can_resolve (bigint), kz_stamp (bigint),
  kz_record_revision (bigint, bigint, bigint, bigint), kz_acknowledge (bigint, bigint, text, bigint),
  kz_dispute_raise (bigint, bigint, text, text[], text[], bigint), kz_dispute_claim (bigint, integer),
  kz_dispute_resolve (bigint, bigint, text[], text[], text[], bigint), kz_calibration_close (bigint, bigint),
  kz_team_quality (bigint, bigint, bigint)
  TO kaizen_agent, kaizen_reviewer, kaizen_manager, kaizen_staff, kaizen_admin;
