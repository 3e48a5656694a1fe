-- Schema 16: from rubric gaps to coaching (../kz-coaching.h, coaching.md):
-- the training catalog, recommendation rules and their proposals, plans
-- (coaching sessions, eLearning assignments, group training) and the
-- completions an LMS reported.
--
-- Who may, for anyone who logs in with a Kaizen role:
--  * The catalog and the rules: everyone reads; managers and administrators
--    write.
--  * Proposals: reviewers, managers and administrators read and write
--    (rules run after a reviewer submits); agents do not see them.
--  * Plans and their lists: reviewers (coaches), managers and
--    administrators read and write every plan; an agent reads only the
--    plans they are the agent, coach or an attendee of, and their lists.
--  * A coaching session's private notes: only its coach, managers and
--    administrators — the table is not granted to agents at all, and a row
--    policy keeps other reviewers out; the app reads them through
--    kz_plan_private_notes(), which says NULL to anyone else.
--  * LMS completions: managers and administrators record them; an agent
--    reads their own.

CREATE TABLE catalog_items (
  id       bigserial PRIMARY KEY,
  kind     text NOT NULL CHECK (kind IN ('elearning','course')),
  title    text NOT NULL CHECK (title <> ''),
  link     text,
  file     text,
  minutes  integer CHECK (minutes > 0),
  capacity integer CHECK (capacity > 0),
  external_id text UNIQUE CHECK (external_id <> ''),
  CHECK (kind <> 'elearning' OR ((link IS NULL) <> (file IS NULL) AND minutes IS NOT NULL)),
  CHECK (kind <> 'course' OR capacity IS NOT NULL)
);
CREATE TABLE catalog_criteria (
  item_id      bigint NOT NULL REFERENCES catalog_items (id) ON DELETE CASCADE,
  position     integer NOT NULL,
  rubric_id    text NOT NULL,
  criterion_id text NOT NULL,
  PRIMARY KEY (item_id, rubric_id, criterion_id)
);
CREATE TABLE coaching_rules (
  id              bigserial PRIMARY KEY,
  rubric_id       text NOT NULL,
  criterion_id    text NOT NULL,
  condition       text NOT NULL CHECK (condition IN ('last-n-failed','mean-below')),
  n               integer,
  threshold       double precision,
  days            integer,
  catalog_item_id bigint NOT NULL REFERENCES catalog_items (id) ON DELETE RESTRICT,
  cooldown_weeks  integer NOT NULL DEFAULT 0 CHECK (cooldown_weeks >= 0),
  sla_days        integer NOT NULL CHECK (sla_days >= 1),
  active          boolean NOT NULL DEFAULT true,
  CHECK ((condition = 'last-n-failed' AND n >= 1) OR
         (condition = 'mean-below' AND threshold BETWEEN 0 AND 100 AND days >= 1))
);
CREATE TABLE plans (
  id               bigserial PRIMARY KEY,
  kind             text NOT NULL CHECK (kind IN ('coaching','elearning','training')),
  state            text NOT NULL DEFAULT 'planned' CHECK (state IN ('planned','done','missed','cancelled')),
  title            text NOT NULL CHECK (title <> ''),
  agent_id         bigint REFERENCES people (id) ON DELETE RESTRICT,
  coach_id         bigint REFERENCES people (id) ON DELETE RESTRICT,
  catalog_item_id  bigint REFERENCES catalog_items (id) ON DELETE RESTRICT,
  proposal_id      bigint,
  agenda           text,
  shared_notes     text,
  acknowledged_at  bigint,
  commitment       text,
  starts_at        bigint,
  tzid             text,
  duration_minutes integer NOT NULL DEFAULT 0 CHECK (duration_minutes >= 0),
  follow_up_on     date,
  due_on           date,
  place            text,
  link             text,
  capacity         integer NOT NULL DEFAULT 0 CHECK (capacity >= 0),
  freq             text CHECK (freq IN ('daily','weekly','monthly','yearly')),
  "interval"       integer NOT NULL DEFAULT 1 CHECK ("interval" >= 1),
  until            bigint,
  count            integer NOT NULL DEFAULT 0 CHECK (count >= 0),
  byday            text,
  uid              text NOT NULL UNIQUE CHECK (uid <> ''),
  sequence         integer NOT NULL DEFAULT 0 CHECK (sequence >= 0),
  created_at       bigint NOT NULL,
  updated_at       bigint NOT NULL,
  completed_at     bigint,
  CHECK ((state IN ('done','missed')) = (completed_at IS NOT NULL)),
  CHECK (kind <> 'coaching' OR (agent_id IS NOT NULL AND coach_id IS NOT NULL)),
  CHECK (kind <> 'elearning' OR (agent_id IS NOT NULL AND catalog_item_id IS NOT NULL AND due_on IS NOT NULL)),
  CHECK (kind <> 'training' OR (catalog_item_id IS NOT NULL AND starts_at IS NOT NULL)),
  CHECK (starts_at IS NULL OR tzid IS NOT NULL),
  CHECK (until IS NULL OR count = 0)
);
CREATE INDEX plans_agent ON plans (agent_id);

-- A plan keeps its kind and uid, and its sequence only goes up (calendars
-- tell an update from a new event by them), for everyone.
CREATE FUNCTION kz_plans_guard () RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.uid IS DISTINCT FROM OLD.uid OR NEW.kind IS DISTINCT FROM OLD.kind OR NEW.sequence < OLD.sequence THEN
    RAISE EXCEPTION 'a plan keeps its kind and uid, and its sequence only goes up';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER plans_guard BEFORE UPDATE ON plans FOR EACH ROW EXECUTE FUNCTION kz_plans_guard ();

CREATE TABLE plan_criteria (
  plan_id      bigint NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  position     integer NOT NULL,
  rubric_id    text NOT NULL,
  criterion_id text NOT NULL,
  PRIMARY KEY (plan_id, rubric_id, criterion_id)
);
CREATE TABLE plan_evidence (
  plan_id       bigint NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  position      integer NOT NULL,
  evaluation_id bigint NOT NULL REFERENCES evaluations (id) ON DELETE RESTRICT,
  PRIMARY KEY (plan_id, evaluation_id)
);
CREATE TABLE plan_private_notes (
  plan_id bigint PRIMARY KEY REFERENCES plans (id) ON DELETE CASCADE,
  notes   text NOT NULL
);
CREATE TABLE action_items (
  plan_id  bigint NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  position integer NOT NULL,
  text     text NOT NULL CHECK (text <> ''),
  owner_id bigint REFERENCES people (id) ON DELETE RESTRICT,
  due_on   date,
  done     boolean NOT NULL DEFAULT false,
  PRIMARY KEY (plan_id, position)
);
CREATE TABLE plan_attendees (
  plan_id    bigint NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  position   integer NOT NULL,
  person_id  bigint NOT NULL REFERENCES people (id) ON DELETE RESTRICT,
  attendance text NOT NULL DEFAULT 'unknown' CHECK (attendance IN ('unknown','attended','absent')),
  PRIMARY KEY (plan_id, person_id)
);
CREATE INDEX plan_attendees_person ON plan_attendees (person_id);
CREATE TABLE plan_exdates (
  plan_id bigint NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  at      bigint NOT NULL,
  PRIMARY KEY (plan_id, at)
);
CREATE TABLE proposals (
  id         bigserial PRIMARY KEY,
  rule_id    bigint NOT NULL REFERENCES coaching_rules (id) ON DELETE CASCADE,
  agent_id   bigint NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  created_at bigint NOT NULL,
  reason     text,
  state      text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','accepted','dismissed')),
  decided_at bigint,
  decided_by bigint REFERENCES people (id) ON DELETE SET NULL,
  plan_id    bigint REFERENCES plans (id) ON DELETE SET NULL,
  CHECK ((state = 'pending') = (decided_at IS NULL))
);
CREATE UNIQUE INDEX proposals_one_pending ON proposals (rule_id, agent_id) WHERE state = 'pending';
CREATE TABLE proposal_evidence (
  proposal_id   bigint NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
  position      integer NOT NULL,
  evaluation_id bigint NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,
  PRIMARY KEY (proposal_id, evaluation_id)
);
CREATE TABLE lms_completions (
  id              bigserial PRIMARY KEY,
  person_id       bigint NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  catalog_item_id bigint NOT NULL REFERENCES catalog_items (id) ON DELETE CASCADE,
  status          text NOT NULL CHECK (status IN ('completed','passed','failed','attended','incomplete')),
  completed_at    bigint NOT NULL,
  score           double precision CHECK (score BETWEEN 0 AND 1),
  passed          boolean,
  statement_id    text UNIQUE CHECK (statement_id <> ''),
  recorded_at     bigint NOT NULL
);

-- ---------------------------------------------------------------------------
-- Privileges and row policies.

REVOKE ALL ON catalog_items, catalog_criteria, coaching_rules, plans, plan_criteria, plan_evidence,
              plan_private_notes, action_items, plan_attendees, plan_exdates, proposals, proposal_evidence,
              lms_completions FROM PUBLIC;

GRANT SELECT ON catalog_items, catalog_criteria, coaching_rules
  TO kaizen_agent, kaizen_reviewer, kaizen_manager, kaizen_admin;
GRANT INSERT, UPDATE, DELETE ON catalog_items, catalog_criteria, coaching_rules TO kaizen_manager, kaizen_admin;
GRANT USAGE ON SEQUENCE catalog_items_id_seq, coaching_rules_id_seq TO kaizen_manager, kaizen_admin;

GRANT SELECT, INSERT, UPDATE ON proposals, proposal_evidence TO kaizen_reviewer, kaizen_manager, kaizen_admin;
GRANT DELETE ON proposal_evidence TO kaizen_reviewer, kaizen_manager, kaizen_admin;
GRANT DELETE ON proposals TO kaizen_admin;
GRANT USAGE ON SEQUENCE proposals_id_seq TO kaizen_reviewer, kaizen_manager, kaizen_admin;

GRANT SELECT ON plans, plan_criteria, plan_evidence, action_items, plan_attendees, plan_exdates
  TO kaizen_agent, kaizen_reviewer, kaizen_manager, kaizen_admin;
GRANT INSERT, UPDATE, DELETE ON plans, plan_criteria, plan_evidence, action_items, plan_attendees, plan_exdates,
                               plan_private_notes
  TO kaizen_reviewer, kaizen_manager, kaizen_admin;
GRANT SELECT ON plan_private_notes TO kaizen_reviewer, kaizen_manager, kaizen_admin;
GRANT USAGE ON SEQUENCE plans_id_seq TO kaizen_reviewer, kaizen_manager, kaizen_admin;

GRANT SELECT ON lms_completions TO kaizen_agent, kaizen_reviewer, kaizen_manager, kaizen_admin;
GRANT INSERT ON lms_completions TO kaizen_manager, kaizen_admin;
GRANT DELETE ON lms_completions TO kaizen_admin;
GRANT USAGE ON SEQUENCE lms_completions_id_seq TO kaizen_manager, kaizen_admin;

-- Whether the login plans and coaches: reviewers, managers, administrators.
CREATE FUNCTION kz_may_coach () RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT kz_has_role (2) OR kz_has_role (4) OR kz_has_role (16);
$$;

-- Whether the login attends a plan (read with the owner's rights, so the
-- plans policy does not recurse through the attendees' policy).
CREATE FUNCTION kz_attends (plan bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT EXISTS (SELECT 1 FROM plan_attendees a WHERE a.plan_id = plan AND a.person_id = kz_me ());
$$;

ALTER TABLE plans ENABLE ROW LEVEL SECURITY;
CREATE POLICY plans_read ON plans FOR SELECT USING (
  (SELECT kz_may_coach ()) OR agent_id = (SELECT kz_me ()) OR coach_id = (SELECT kz_me ()) OR kz_attends (id));
CREATE POLICY plans_write ON plans FOR INSERT WITH CHECK ((SELECT kz_may_coach ()));
CREATE POLICY plans_update ON plans FOR UPDATE USING ((SELECT kz_may_coach ()));
CREATE POLICY plans_delete ON plans FOR DELETE USING ((SELECT kz_may_coach ()));

-- A plan's lists follow the plan (the EXISTS reads plans under its policy).
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['plan_criteria', 'plan_evidence', 'action_items', 'plan_attendees', 'plan_exdates']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR SELECT USING '
                   '(EXISTS (SELECT 1 FROM plans p WHERE p.id = %I.plan_id))', t || '_read', t, t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL USING ((SELECT kz_may_coach ())) '
                   'WITH CHECK ((SELECT kz_may_coach ()))', t || '_write', t);
  END LOOP;
END
$$;

-- Private notes: the coach of the session, managers and administrators.
CREATE FUNCTION kz_may_read_private_notes (plan bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT kz_is_owner () OR kz_has_role (4) OR kz_has_role (16)
      OR EXISTS (SELECT 1 FROM plans p WHERE p.id = plan AND p.coach_id = kz_me () AND kz_has_role (2));
$$;
ALTER TABLE plan_private_notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY plan_private_notes_all ON plan_private_notes FOR ALL
  USING ((SELECT kz_may_read_private_notes (plan_id))) WITH CHECK ((SELECT kz_may_read_private_notes (plan_id)));
-- What the app reads: the notes, or NULL for anyone who may not.
CREATE FUNCTION kz_plan_private_notes (plan bigint) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT n.notes FROM plan_private_notes n WHERE n.plan_id = plan AND kz_may_read_private_notes (plan);
$$;

-- An agent acknowledges their own coaching session, once, with an optional
-- commitment: the one change to a plan an agent makes, so it goes through
-- this function rather than a grant.  Only the owner back-dates.
CREATE FUNCTION kz_acknowledge_plan (plan bigint, comment text, at bigint) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  p plans%ROWTYPE;
BEGIN
  SELECT * INTO p FROM plans WHERE id = plan FOR UPDATE;
  IF NOT FOUND OR p.kind <> 'coaching' OR p.state = 'cancelled' THEN
    RAISE EXCEPTION 'no coaching session % to acknowledge', plan;
  END IF;
  IF NOT kz_is_owner () AND (p.agent_id IS DISTINCT FROM kz_me () OR NOT kz_has_role (1)) THEN
    RAISE EXCEPTION 'only the agent of a coaching session acknowledges it' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF p.acknowledged_at IS NOT NULL THEN
    RAISE EXCEPTION 'coaching session % is acknowledged already', plan USING ERRCODE = 'unique_violation';
  END IF;
  UPDATE plans SET acknowledged_at = CASE WHEN kz_is_owner () THEN at ELSE extract (epoch FROM now ())::bigint END,
                   commitment = NULLIF (btrim (comment), ''), sequence = sequence + 1,
                   updated_at = extract (epoch FROM now ())::bigint
    WHERE id = plan;
END;
$$;

ALTER TABLE lms_completions ENABLE ROW LEVEL SECURITY;
CREATE POLICY lms_completions_read ON lms_completions FOR SELECT USING (
  (SELECT kz_may_coach ()) OR person_id = (SELECT kz_me ()));
CREATE POLICY lms_completions_insert ON lms_completions FOR INSERT WITH CHECK (
  (SELECT kz_has_role (4)) OR (SELECT kz_has_role (16)));
CREATE POLICY lms_completions_delete ON lms_completions FOR DELETE USING ((SELECT kz_has_role (16)));

REVOKE ALL ON FUNCTION kz_may_coach (), kz_attends (bigint), kz_acknowledge_plan (bigint, text, bigint), kz_may_read_private_notes (bigint), kz_plan_private_notes (bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kz_may_coach (), kz_attends (bigint), kz_acknowledge_plan (bigint, text, bigint), kz_may_read_private_notes (bigint), kz_plan_private_notes (bigint)
  TO kaizen_agent, kaizen_reviewer, kaizen_manager, kaizen_staff, kaizen_admin;

-- Other desktops refresh: every change to a plan updates its row (the
-- sequence goes up), so "plans" covers its lists too.
CREATE TRIGGER catalog_items_changed AFTER INSERT OR UPDATE OR DELETE ON catalog_items
  FOR EACH STATEMENT EXECUTE FUNCTION kz_notify_change ();
CREATE TRIGGER coaching_rules_changed AFTER INSERT OR UPDATE OR DELETE ON coaching_rules
  FOR EACH STATEMENT EXECUTE FUNCTION kz_notify_change ();
CREATE TRIGGER proposals_changed AFTER INSERT OR UPDATE OR DELETE ON proposals
  FOR EACH STATEMENT EXECUTE FUNCTION kz_notify_change ();
CREATE TRIGGER plans_changed AFTER INSERT OR UPDATE OR DELETE ON plans
  FOR EACH STATEMENT EXECUTE FUNCTION kz_notify_change ();
CREATE TRIGGER lms_completions_changed AFTER INSERT OR UPDATE OR DELETE ON lms_completions
  FOR EACH STATEMENT EXECUTE FUNCTION kz_notify_change ();
