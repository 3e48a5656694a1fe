-- Schema 4: who may read what, decided by the server.
--
-- Run by the database's owner (or a superuser) inside the migration's
-- transaction.  The owner and superusers are not subject to row-level
-- security (no FORCE): they are the administrators of last resort.  Every
-- person who uses Kaizen logs in with their own role (kz-pg-admin.c creates
-- it), a member of the kaizen_* group roles matching their Kaizen roles, and
-- the table `logins` ties that role to their row in `people`.
--
-- A person's rights are the intersection of the two: the group role gives the
-- table privileges (GRANT), and the row policies also check the person's
-- roles bitmask in `people` (kz_has_role), so an administrator who takes a
-- role away in Kaizen takes it away on the server at once.
--
-- Anonymity (../shared/spec/voice.md): survey answers carry no person, no
-- time and a random id; no Kaizen role may select them; results come only
-- from kz_survey_results(), which suppresses groups smaller than the round's k.

-- Group roles are cluster-wide: another database of the same cluster may be
-- creating them at the same moment, so a duplicate is not an error.
DO $$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['kaizen_agent', 'kaizen_reviewer', 'kaizen_manager',
                           'kaizen_staff', 'kaizen_admin']
  LOOP
    BEGIN
      EXECUTE format('CREATE ROLE %I NOLOGIN', r);
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL;
    END;
  END LOOP;
END
$$;

-- Because those roles are shared by every database of the cluster, a login
-- made for another Kaizen database must not be able to connect to this one:
-- only logins made for this database get CONNECT (kz_pg_admin_add_user).
DO $$
BEGIN
  EXECUTE format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
END
$$;

CREATE TABLE logins (
  login     name PRIMARY KEY,
  person_id bigint NOT NULL UNIQUE REFERENCES people (id) ON DELETE CASCADE
);

-- A reviewer's queue (the sampling feature fills it later).
CREATE TABLE assignments (
  interaction_id bigint REFERENCES interactions (id) ON DELETE CASCADE,
  reviewer_id    bigint REFERENCES people (id) ON DELETE CASCADE,
  PRIMARY KEY (interaction_id, reviewer_id)
);
CREATE INDEX assignments_reviewer ON assignments (reviewer_id);

-- ---------------------------------------------------------------------------
-- Helpers.  SECURITY DEFINER: they read logins, people and units with the
-- owner's rights, so policies can use them without recursing into other
-- tables' policies.  session_user is the login, also inside these functions.

-- The owner of this database, members of it, and superusers.
CREATE FUNCTION kz_is_owner () RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT COALESCE ((SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = session_user), false)
      OR pg_has_role (session_user,
                      (SELECT d.datdba FROM pg_database d WHERE d.datname = current_database ()),
                      'MEMBER');
$$;

-- The person logged in, or NULL (the owner, or a login of another database).
CREATE FUNCTION kz_me () RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT l.person_id FROM logins l WHERE l.login = session_user;
$$;

-- The team (unit) of the person logged in, or NULL.
CREATE FUNCTION kz_my_team () RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT p.team_id FROM logins l JOIN people p ON p.id = l.person_id WHERE l.login = session_user;
$$;

-- Whether the person logged in has a Kaizen role (agent=1, reviewer=2,
-- manager=4, staff=8, admin=16): both in their people.roles bitmask and as a
-- member of the matching group role.  The owner has every role.
CREATE FUNCTION kz_has_role (role_bit integer) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT CASE
    WHEN kz_is_owner () THEN true
    WHEN role_bit NOT IN (1, 2, 4, 8, 16) THEN false
    ELSE EXISTS (SELECT 1 FROM logins l JOIN people p ON p.id = l.person_id
                 WHERE l.login = session_user AND (p.roles & role_bit) <> 0)
         AND pg_has_role (session_user,
                          CASE role_bit WHEN 1 THEN 'kaizen_agent' WHEN 2 THEN 'kaizen_reviewer'
                                   WHEN 4 THEN 'kaizen_manager' WHEN 8 THEN 'kaizen_staff'
                                   ELSE 'kaizen_admin' END,
                          'MEMBER')
  END;
$$;

-- The teams a manager manages: the unit they belong to (people.team_id) and
-- every unit below it, keeping the teams — a manager attached to a site
-- manages all its teams.  Empty for anyone who is not a manager.
CREATE FUNCTION kz_managed_teams () RETURNS SETOF bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  WITH RECURSIVE below (id) AS (
    SELECT kz_my_team () WHERE kz_has_role (4)
    UNION
    SELECT u.id FROM units u JOIN below b ON u.parent_id = b.id
  )
  SELECT u.id FROM units u JOIN below b ON b.id = u.id WHERE u.kind = 'team';
$$;

-- The people in the teams the person logged in manages.
CREATE FUNCTION kz_managed_people () RETURNS SETOF bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT p.id FROM people p WHERE p.team_id IN (SELECT kz_managed_teams ());
$$;

-- The interactions in the queue of the reviewer logged in.
CREATE FUNCTION kz_assigned_interactions () RETURNS SETOF bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT a.interaction_id FROM assignments a WHERE a.reviewer_id = kz_me () AND kz_has_role (2);
$$;

-- Who imported an interaction (filled by the server): a reviewer who imports
-- one must be able to read it back (INSERT … RETURNING is checked against
-- the read policy).
ALTER TABLE interactions ADD COLUMN imported_by bigint DEFAULT kz_me ()
  REFERENCES people (id) ON DELETE SET NULL;

-- ---------------------------------------------------------------------------
-- Nothing is granted to PUBLIC; each Kaizen role gets what it needs.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM PUBLIC;

GRANT SELECT ON kz_meta TO kaizen_agent, kaizen_reviewer, kaizen_manager, kaizen_staff, kaizen_admin;

-- The directory: everyone reads it, administrators change it.
GRANT SELECT ON units, people, person_emails, rubrics
  TO kaizen_agent, kaizen_reviewer, kaizen_manager, kaizen_staff, kaizen_admin;
GRANT INSERT, UPDATE, DELETE ON units, people, person_emails, rubrics TO kaizen_admin;
GRANT USAGE ON SEQUENCE units_id_seq, people_id_seq TO kaizen_admin;

-- Interactions.
ALTER TABLE interactions ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON interactions TO kaizen_agent, kaizen_reviewer, kaizen_manager, kaizen_admin;
GRANT INSERT ON interactions TO kaizen_reviewer, kaizen_admin;
GRANT UPDATE, DELETE ON interactions TO kaizen_admin;
GRANT USAGE ON SEQUENCE interactions_id_seq TO kaizen_reviewer, kaizen_admin;

CREATE POLICY interactions_read ON interactions FOR SELECT USING (
  (SELECT kz_has_role (16))
  OR agent_id = (SELECT kz_me ())
  OR ((SELECT kz_has_role (2))
      AND (id IN (SELECT kz_assigned_interactions ())
           OR imported_by = (SELECT kz_me ())
           OR EXISTS (SELECT 1 FROM evaluations e
                      WHERE e.interaction_id = interactions.id AND e.reviewer_id = (SELECT kz_me ()))))
  OR ((SELECT kz_has_role (4)) AND agent_id IN (SELECT kz_managed_people ())));
CREATE POLICY interactions_insert ON interactions FOR INSERT WITH CHECK (
  (SELECT kz_has_role (16))
  OR ((SELECT kz_has_role (2)) AND imported_by = (SELECT kz_me ())));
CREATE POLICY interactions_update ON interactions FOR UPDATE
  USING ((SELECT kz_has_role (16))) WITH CHECK ((SELECT kz_has_role (16)));
CREATE POLICY interactions_delete ON interactions FOR DELETE USING ((SELECT kz_has_role (16)));

-- Evaluations: the agent evaluated, the reviewer who wrote it, the managers
-- of the agent's team, a reviewer who has the interaction in their queue.
ALTER TABLE evaluations ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON evaluations TO kaizen_agent, kaizen_reviewer, kaizen_manager, kaizen_admin;
GRANT INSERT, UPDATE, DELETE ON evaluations TO kaizen_reviewer, kaizen_admin;
GRANT USAGE ON SEQUENCE evaluations_id_seq TO kaizen_reviewer, kaizen_admin;

CREATE POLICY evaluations_read ON evaluations FOR SELECT USING (
  (SELECT kz_has_role (16))
  OR agent_id = (SELECT kz_me ())
  OR reviewer_id = (SELECT kz_me ())
  OR ((SELECT kz_has_role (4)) AND agent_id IN (SELECT kz_managed_people ()))
  OR ((SELECT kz_has_role (2)) AND interaction_id IN (SELECT kz_assigned_interactions ())));
CREATE POLICY evaluations_insert ON evaluations FOR INSERT WITH CHECK (
  (SELECT kz_has_role (16))
  OR ((SELECT kz_has_role (2)) AND reviewer_id = (SELECT kz_me ())));
CREATE POLICY evaluations_update ON evaluations FOR UPDATE
  USING ((SELECT kz_has_role (16)) OR ((SELECT kz_has_role (2)) AND reviewer_id = (SELECT kz_me ())))
  WITH CHECK ((SELECT kz_has_role (16)) OR ((SELECT kz_has_role (2)) AND reviewer_id = (SELECT kz_me ())));
-- A reviewer may throw away their own draft; submitted work stays.
CREATE POLICY evaluations_delete ON evaluations FOR DELETE USING (
  (SELECT kz_has_role (16))
  OR ((SELECT kz_has_role (2)) AND reviewer_id = (SELECT kz_me ()) AND state = 'draft'));

-- Answers follow their evaluation.  The subqueries read evaluations through
-- its own policies, so "visible" means what it means there.
ALTER TABLE answers ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON answers TO kaizen_agent, kaizen_reviewer, kaizen_manager, kaizen_admin;
GRANT INSERT, UPDATE, DELETE ON answers TO kaizen_reviewer, kaizen_admin;

CREATE POLICY answers_read ON answers FOR SELECT USING (
  EXISTS (SELECT 1 FROM evaluations e WHERE e.id = answers.evaluation_id));
CREATE POLICY answers_write ON answers FOR ALL
  USING ((SELECT kz_has_role (16))
         OR ((SELECT kz_has_role (2))
             AND EXISTS (SELECT 1 FROM evaluations e
                         WHERE e.id = answers.evaluation_id AND e.reviewer_id = (SELECT kz_me ()))))
  WITH CHECK ((SELECT kz_has_role (16))
              OR ((SELECT kz_has_role (2))
                  AND EXISTS (SELECT 1 FROM evaluations e
                              WHERE e.id = answers.evaluation_id AND e.reviewer_id = (SELECT kz_me ()))));

-- Logins and queues.  Logins are made by the owner (CREATE ROLE), so no
-- Kaizen role writes them; everyone may read their own.
ALTER TABLE logins ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON logins TO kaizen_agent, kaizen_reviewer, kaizen_manager, kaizen_staff, kaizen_admin;
CREATE POLICY logins_read ON logins FOR SELECT USING (
  (SELECT kz_has_role (16)) OR login = session_user);

ALTER TABLE assignments ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON assignments TO kaizen_reviewer, kaizen_admin;
GRANT INSERT, UPDATE, DELETE ON assignments TO kaizen_admin;
CREATE POLICY assignments_read ON assignments FOR SELECT USING (
  (SELECT kz_has_role (16))
  OR ((SELECT kz_has_role (2)) AND reviewer_id = (SELECT kz_me ())));
CREATE POLICY assignments_write ON assignments FOR ALL
  USING ((SELECT kz_has_role (16))) WITH CHECK ((SELECT kz_has_role (16)));

-- ---------------------------------------------------------------------------
-- Aggregates an agent may read without reading rows.

-- Submitted, scored evaluations of the agents now in @team, created in
-- [@from_unix, @to_unix): how many and their mean final score.  For the
-- caller's own team, a team they manage, or anyone for an administrator.
CREATE FUNCTION kz_team_quality (team bigint, from_unix bigint, to_unix bigint)
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
                 AND e.state = 'submitted' AND e.final IS NOT NULL
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
      AND e.state = 'submitted' AND e.final IS NOT NULL
      AND e.created_at >= lo AND e.created_at < hi;
END
$$;

-- ---------------------------------------------------------------------------
-- Staff voice (../shared/spec/voice.md).

CREATE TABLE survey_questions (
  id     text PRIMARY KEY,
  text   text NOT NULL CHECK (text <> ''),
  kind   text NOT NULL CHECK (kind IN ('scale_0_10', 'agree_1_5', 'free_text')),
  driver text
);

-- A round opens and closes on dates; k is the reporting minimum, locked once
-- the round has answers (`answered`, set by the server on the first answer).
CREATE TABLE survey_rounds (
  id        bigserial PRIMARY KEY,
  title     text NOT NULL,
  opens_on  date NOT NULL,
  closes_on date NOT NULL,
  k         integer NOT NULL DEFAULT 5 CHECK (k BETWEEN 3 AND 10),
  answered  boolean NOT NULL DEFAULT false,
  CHECK (closes_on >= opens_on)
);

-- One anonymous answer: a random id, the round, the coarse segment (team)
-- and the answer.  No person, no time.
CREATE TABLE survey_answers (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid (),
  round_id    bigint NOT NULL REFERENCES survey_rounds (id) ON DELETE CASCADE,
  team_id     bigint REFERENCES units (id) ON DELETE SET NULL,
  question_id text NOT NULL REFERENCES survey_questions (id) ON DELETE RESTRICT,
  value       integer,
  comment     text
);
CREATE INDEX survey_answers_round ON survey_answers (round_id, team_id, question_id);

-- Who has answered a round (to refuse a second answer and to remind), kept
-- apart and holding no answers.
CREATE TABLE survey_participation (
  round_id  bigint NOT NULL REFERENCES survey_rounds (id) ON DELETE CASCADE,
  person_id bigint NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  PRIMARY KEY (round_id, person_id)
);

-- Ideas: author_id NULL is anonymous.  Only the week is kept (its Monday).
CREATE TABLE ideas (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid (),
  title          text NOT NULL CHECK (title <> ''),
  body           text NOT NULL DEFAULT '',
  category       text,
  author_id      bigint REFERENCES people (id) ON DELETE SET NULL,
  status         text NOT NULL DEFAULT 'new'
                 CHECK (status IN ('new', 'under_review', 'planned', 'done', 'declined')),
  decline_reason text,
  created_on     date NOT NULL DEFAULT date_trunc ('week', now ())::date,
  CHECK (status <> 'declined' OR COALESCE (decline_reason, '') <> '')
);

-- k cannot change once a round has answers.
CREATE FUNCTION kz_survey_rounds_guard () RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  IF OLD.answered OR EXISTS (SELECT 1 FROM survey_answers a WHERE a.round_id = OLD.id) THEN
    NEW.answered := true;
    IF NEW.k IS DISTINCT FROM OLD.k THEN
      RAISE EXCEPTION 'the reporting minimum of survey round % cannot change: it has answers', OLD.id
        USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER survey_rounds_guard BEFORE UPDATE ON survey_rounds
  FOR EACH ROW EXECUTE FUNCTION kz_survey_rounds_guard ();

-- An answer must fit its question's kind; the first answer marks the round.
CREATE FUNCTION kz_survey_answers_check () RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  qkind text;
BEGIN
  SELECT q.kind INTO qkind FROM survey_questions q WHERE q.id = NEW.question_id;
  IF qkind = 'scale_0_10' AND (NEW.value IS NULL OR NEW.value NOT BETWEEN 0 AND 10)
     OR qkind = 'agree_1_5' AND (NEW.value IS NULL OR NEW.value NOT BETWEEN 1 AND 5)
     OR qkind = 'free_text' AND NEW.value IS NOT NULL THEN
    RAISE EXCEPTION 'answer % does not fit question % (%)', NEW.value, NEW.question_id, qkind
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER survey_answers_check BEFORE INSERT OR UPDATE ON survey_answers
  FOR EACH ROW EXECUTE FUNCTION kz_survey_answers_check ();

CREATE FUNCTION kz_survey_answers_mark () RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  UPDATE survey_rounds SET answered = true WHERE id = NEW.round_id AND NOT answered;
  RETURN NULL;
END
$$;
CREATE TRIGGER survey_answers_mark AFTER INSERT ON survey_answers
  FOR EACH ROW EXECUTE FUNCTION kz_survey_answers_mark ();

-- Whatever a client sends, an idea keeps only the Monday of its week.
CREATE FUNCTION kz_ideas_coarse_date () RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
BEGIN
  NEW.created_on := date_trunc ('week', now ())::date;
  RETURN NEW;
END
$$;
CREATE TRIGGER ideas_coarse_date BEFORE INSERT ON ideas
  FOR EACH ROW EXECUTE FUNCTION kz_ideas_coarse_date ();

-- Whether round @round takes answers today.
CREATE FUNCTION kz_survey_round_open (round bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT EXISTS (SELECT 1 FROM survey_rounds r
                 WHERE r.id = round AND current_date BETWEEN r.opens_on AND r.closes_on);
$$;

GRANT SELECT ON survey_questions, survey_rounds
  TO kaizen_agent, kaizen_reviewer, kaizen_manager, kaizen_staff, kaizen_admin;
GRANT INSERT, UPDATE, DELETE ON survey_questions TO kaizen_manager, kaizen_admin;
GRANT INSERT, UPDATE ON survey_rounds TO kaizen_manager, kaizen_admin;
GRANT DELETE ON survey_rounds TO kaizen_admin;
GRANT USAGE ON SEQUENCE survey_rounds_id_seq TO kaizen_manager, kaizen_admin;

-- Raw answers: INSERT only.  No Kaizen role, administrators included, has
-- SELECT; only the owner can read them.
ALTER TABLE survey_answers ENABLE ROW LEVEL SECURITY;
GRANT INSERT ON survey_answers
  TO kaizen_agent, kaizen_reviewer, kaizen_manager, kaizen_staff, kaizen_admin;
CREATE POLICY survey_answers_insert ON survey_answers FOR INSERT WITH CHECK (
  kz_survey_round_open (round_id)
  AND team_id IS NOT DISTINCT FROM (SELECT kz_my_team ()));

ALTER TABLE survey_participation ENABLE ROW LEVEL SECURITY;
GRANT SELECT, INSERT ON survey_participation
  TO kaizen_agent, kaizen_reviewer, kaizen_manager, kaizen_staff, kaizen_admin;
CREATE POLICY survey_participation_read ON survey_participation FOR SELECT USING (
  (SELECT kz_has_role (16)) OR person_id = (SELECT kz_me ()));
CREATE POLICY survey_participation_insert ON survey_participation FOR INSERT WITH CHECK (
  person_id = (SELECT kz_me ()) AND kz_survey_round_open (round_id));

ALTER TABLE ideas ENABLE ROW LEVEL SECURITY;
GRANT SELECT, INSERT ON ideas
  TO kaizen_agent, kaizen_reviewer, kaizen_manager, kaizen_staff, kaizen_admin;
GRANT UPDATE (status, decline_reason) ON ideas TO kaizen_manager, kaizen_admin;
GRANT DELETE ON ideas TO kaizen_admin;
CREATE POLICY ideas_read ON ideas FOR SELECT USING (true);
CREATE POLICY ideas_insert ON ideas FOR INSERT WITH CHECK (
  (author_id IS NULL OR author_id = (SELECT kz_me ()))
  AND status = 'new' AND decline_reason IS NULL);
CREATE POLICY ideas_update ON ideas FOR UPDATE
  USING ((SELECT kz_has_role (4)) OR (SELECT kz_has_role (16)))
  WITH CHECK ((SELECT kz_has_role (4)) OR (SELECT kz_has_role (16)));
CREATE POLICY ideas_delete ON ideas FOR DELETE USING ((SELECT kz_has_role (16)));

-- Results of a closed round, per question (and per team with @by_team).  A
-- group with fewer than the round's k answers comes back with n and mean
-- NULL and suppressed.  While a round is open there are no results: watching
-- them change as people answer would tell who answered what.
CREATE FUNCTION kz_survey_results (round bigint, by_team boolean)
RETURNS TABLE (team_id bigint, question_id text, n bigint, mean double precision,
               suppressed boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  min_n integer;
  closes date;
BEGIN
  SELECT r.k, r.closes_on INTO min_n, closes FROM survey_rounds r WHERE r.id = round;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'there is no survey round %', round USING ERRCODE = 'no_data_found';
  END IF;
  IF closes >= current_date THEN
    RAISE EXCEPTION 'survey round % has results once it closes on %', round, closes
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  RETURN QUERY
    WITH g AS (
      SELECT CASE WHEN by_team THEN a.team_id END AS t, a.question_id AS q,
             count(*)::bigint AS cnt, avg(a.value)::double precision AS m
      FROM survey_answers a
      WHERE a.round_id = round
      GROUP BY 1, 2)
    SELECT g.t, g.q,
           CASE WHEN g.cnt >= min_n THEN g.cnt END,
           CASE WHEN g.cnt >= min_n THEN g.m END,
           g.cnt < min_n
    FROM g
    ORDER BY g.t NULLS FIRST, g.q;
END
$$;

-- ---------------------------------------------------------------------------
-- Functions: only the Kaizen roles call them.
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kz_is_owner (), kz_me (), kz_my_team (), kz_has_role (integer),
  kz_managed_teams (), kz_managed_people (), kz_assigned_interactions (),
  kz_team_quality (bigint, bigint, bigint), kz_survey_round_open (bigint),
  kz_survey_results (bigint, boolean)
  TO kaizen_agent, kaizen_reviewer, kaizen_manager, kaizen_staff, kaizen_admin;
