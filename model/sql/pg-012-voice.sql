-- Schema 12: staff voice, whole (../shared/spec/voice.md).  Builds on the
-- survey tables of schema 4.
--
-- What the server guarantees to anyone who logs in with a Kaizen role and
-- types plain SQL (the owner and superusers are the administrators of last
-- resort: they can read everything, and could log every statement):
--  * No role can read an answer row, nor write one directly: answers come in
--    through kz_survey_submit() (with the participation record, in one
--    statement: one submission a person a round) or, for managers,
--    kz_survey_import() (kiosk or paper answers).
--  * Figures come only from kz_survey_cells(): counts by value per question,
--    for the whole round and per team, of closed rounds, suppressed by
--    exactly the rules of kz_survey_suppress() in kz-voice.c — fewer than k
--    answers, and the differencing rule.  A hidden cell returns no numbers.
--    kz_survey_results() is rebuilt on it.  Comments come from
--    kz_survey_comments() under kz_survey_comment_visibility()'s rule.
--  * A vote keeps the idea and an HMAC-SHA256 of the voter under a secret
--    no role can read; votes and the secret are not readable; votes are cast
--    through kz_idea_vote().
--  * Follow-up token hashes are not readable; threads are found by handing
--    the tokens to kz_idea_threads(), which hashes them here.

-- ---------------------------------------------------------------------------
-- The bank, plans, rounds' questions.

ALTER TABLE survey_questions ADD COLUMN position integer NOT NULL DEFAULT 0;
ALTER TABLE survey_questions ADD COLUMN enps boolean NOT NULL DEFAULT false;
ALTER TABLE survey_questions ADD COLUMN active boolean NOT NULL DEFAULT true;

CREATE TABLE survey_plans (
  id                  bigserial PRIMARY KEY,
  name                text NOT NULL CHECK (name <> ''),
  cadence_days        integer NOT NULL CHECK (cadence_days BETWEEN 1 AND 366),
  questions_per_round integer NOT NULL CHECK (questions_per_round BETWEEN 1 AND 20),
  k                   integer NOT NULL CHECK (k BETWEEN 3 AND 10)
);

CREATE TABLE survey_plan_teams (
  plan_id bigint NOT NULL REFERENCES survey_plans (id) ON DELETE CASCADE,
  team_id bigint NOT NULL REFERENCES units (id) ON DELETE CASCADE,
  PRIMARY KEY (plan_id, team_id)
);

ALTER TABLE survey_rounds ADD COLUMN plan_id bigint REFERENCES survey_plans (id) ON DELETE RESTRICT;
CREATE INDEX survey_rounds_plan ON survey_rounds (plan_id, opens_on);

CREATE TABLE survey_round_questions (
  round_id    bigint NOT NULL REFERENCES survey_rounds (id) ON DELETE CASCADE,
  position    integer NOT NULL,
  question_id text NOT NULL REFERENCES survey_questions (id) ON DELETE RESTRICT,
  PRIMARY KEY (round_id, position),
  UNIQUE (round_id, question_id)
);

-- k and the opening day are fixed once a round has answers, and a closed
-- round with answers stays closed (its results may have been seen).
CREATE OR REPLACE FUNCTION kz_survey_rounds_guard () RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  IF OLD.answered OR EXISTS (SELECT 1 FROM survey_answers a WHERE a.round_id = OLD.id) THEN
    NEW.answered := true;
    IF NEW.k IS DISTINCT FROM OLD.k THEN
      RAISE EXCEPTION 'the reporting minimum of survey round % cannot change: it has answers', OLD.id
        USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF NEW.opens_on IS DISTINCT FROM OLD.opens_on THEN
      RAISE EXCEPTION 'survey round % has answers: the day it opened cannot change', OLD.id
        USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF OLD.closes_on < current_date AND NEW.closes_on IS DISTINCT FROM OLD.closes_on THEN
      RAISE EXCEPTION 'survey round % has closed with answers: it stays closed', OLD.id
        USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
  END IF;
  RETURN NEW;
END
$$;

CREATE FUNCTION kz_survey_round_questions_guard () RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM survey_answers a
             WHERE a.round_id = CASE WHEN TG_OP = 'INSERT' THEN NEW.round_id ELSE OLD.round_id END) THEN
    RAISE EXCEPTION 'survey round has answers: its questions are fixed'
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER survey_round_questions_guard BEFORE INSERT OR UPDATE OR DELETE ON survey_round_questions
  FOR EACH ROW EXECUTE FUNCTION kz_survey_round_questions_guard ();

-- A question with answers keeps its kind.
CREATE FUNCTION kz_survey_questions_guard () RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  IF NEW.kind IS DISTINCT FROM OLD.kind
     AND EXISTS (SELECT 1 FROM survey_answers a WHERE a.question_id = OLD.id) THEN
    RAISE EXCEPTION 'question % already has answers, so it keeps its kind', OLD.id
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  IF NEW.id IS DISTINCT FROM OLD.id THEN
    RAISE EXCEPTION 'a question keeps its id' USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER survey_questions_guard BEFORE UPDATE ON survey_questions
  FOR EACH ROW EXECUTE FUNCTION kz_survey_questions_guard ();

GRANT SELECT ON survey_plans, survey_plan_teams, survey_round_questions
  TO kaizen_agent, kaizen_reviewer, kaizen_manager, kaizen_staff, kaizen_admin;
GRANT INSERT, UPDATE, DELETE ON survey_plans, survey_plan_teams, survey_round_questions
  TO kaizen_manager, kaizen_admin;
GRANT USAGE ON SEQUENCE survey_plans_id_seq TO kaizen_manager, kaizen_admin;

-- ---------------------------------------------------------------------------
-- Answers: no role writes them directly any more (one could otherwise add
-- answers without a participation record, or many).

REVOKE INSERT ON survey_answers, survey_participation
  FROM kaizen_agent, kaizen_reviewer, kaizen_manager, kaizen_staff, kaizen_admin;

-- @person's answers to an open round: the participation record and one
-- anonymous row an answer (random id, the round, the team @person is in
-- now, the question, the answer), in this one statement.  A second
-- submission fails on the participation key and writes nothing.
-- @person NULL: the login's own; only the owner answers for others.
CREATE FUNCTION kz_survey_submit (round bigint, person bigint, question_ids text[],
                                  answer_values integer[], answer_texts text[])
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  who bigint := COALESCE (person, kz_me ());
  team bigint;
  plan bigint;
  n integer := COALESCE (array_length (question_ids, 1), 0);
BEGIN
  IF who IS NULL THEN
    RAISE EXCEPTION 'this login is not tied to a person' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF who IS DISTINCT FROM kz_me () AND NOT kz_is_owner () THEN
    RAISE EXCEPTION 'you may answer only for yourself' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NOT kz_survey_round_open (round) THEN
    RAISE EXCEPTION 'survey round % is not open today', round USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  IF n = 0 OR COALESCE (array_length (answer_values, 1), 0) <> n
     OR COALESCE (array_length (answer_texts, 1), 0) <> n THEN
    RAISE EXCEPTION 'there is nothing to send: answer at least one question' USING ERRCODE = 'check_violation';
  END IF;
  IF (SELECT count (DISTINCT q) FROM unnest (question_ids) q) <> n THEN
    RAISE EXCEPTION 'a question is answered twice' USING ERRCODE = 'check_violation';
  END IF;
  IF EXISTS (SELECT 1 FROM unnest (question_ids) q
             WHERE NOT EXISTS (SELECT 1 FROM survey_round_questions rq
                               WHERE rq.round_id = round AND rq.question_id = q)) THEN
    RAISE EXCEPTION 'a question is not part of survey round %', round USING ERRCODE = 'check_violation';
  END IF;
  SELECT p.team_id INTO team FROM people p WHERE p.id = who;
  SELECT r.plan_id INTO plan FROM survey_rounds r WHERE r.id = round;
  IF plan IS NOT NULL AND EXISTS (SELECT 1 FROM survey_plan_teams t WHERE t.plan_id = plan)
     AND NOT EXISTS (SELECT 1 FROM survey_plan_teams t WHERE t.plan_id = plan AND t.team_id = team) THEN
    RAISE EXCEPTION 'survey round % is for other teams', round USING ERRCODE = 'check_violation';
  END IF;

  BEGIN
    INSERT INTO survey_participation (round_id, person_id) VALUES (round, who);
  EXCEPTION WHEN unique_violation THEN
    RAISE EXCEPTION 'person % has already answered survey round %', who, round USING ERRCODE = 'unique_violation';
  END;
  -- In a random order: not even the table's physical order follows the
  -- order of the questions.
  INSERT INTO survey_answers (round_id, team_id, question_id, value, comment)
    SELECT round, team, u.q, u.v, CASE WHEN u.v IS NULL THEN u.t END
    FROM unnest (question_ids, answer_values, answer_texts) AS u (q, v, t)
    ORDER BY random ();
END
$$;

-- Answers collected elsewhere (a kiosk, paper) for team @team (NULL: none):
-- each element one respondent's answer, no participation.  Managers and
-- administrators, open rounds only.
CREATE FUNCTION kz_survey_import (round bigint, team bigint, question_ids text[],
                                  answer_values integer[], answer_texts text[])
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  IF NOT (kz_has_role (4) OR kz_has_role (16)) THEN
    RAISE EXCEPTION 'only managers and administrators import answers' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NOT kz_survey_round_open (round) THEN
    RAISE EXCEPTION 'survey round % is not open today', round USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  IF team IS NOT NULL AND NOT EXISTS (SELECT 1 FROM units u WHERE u.id = team AND u.kind = 'team') THEN
    RAISE EXCEPTION 'there is no team %', team USING ERRCODE = 'check_violation';
  END IF;
  IF EXISTS (SELECT 1 FROM unnest (question_ids) q
             WHERE NOT EXISTS (SELECT 1 FROM survey_round_questions rq
                               WHERE rq.round_id = round AND rq.question_id = q)) THEN
    RAISE EXCEPTION 'a question is not part of survey round %', round USING ERRCODE = 'check_violation';
  END IF;
  INSERT INTO survey_answers (round_id, team_id, question_id, value, comment)
    SELECT round, team, u.q, u.v, CASE WHEN u.v IS NULL THEN u.t END
    FROM unnest (question_ids, answer_values, answer_texts) AS u (q, v, t)
    ORDER BY random ();
END
$$;

-- ---------------------------------------------------------------------------
-- Figures.  kz_survey_cells() is kz_survey_suppress() of kz-voice.c, rule
-- for rule, so the app (which may apply it again: it can only hide more)
-- and a manager with psql see the same figures:
--  * per scored question: the whole round (team_id 0) and each team with
--    answers (-1: answers with no team), teams in ascending order;
--  * a team with fewer than k answers is suppressed ('few');
--  * while the suppressed teams' answers add up to between 1 and k − 1 (the
--    whole round minus the shown teams would give them away), the smallest
--    shown team — the first in that order on a tie — is suppressed too
--    ('difference');
--  * the whole round with fewer than k answers is suppressed ('few');
--  * a suppressed cell has n 0 and all counts 0.
-- Nothing while the round is open.
CREATE FUNCTION kz_survey_cells (round bigint)
RETURNS TABLE (question_id text, team_id bigint, n integer, counts integer[], suppression text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  min_n integer;
  closes date;
  q record;
  t_ids bigint[];
  t_ns integer[];
  t_supp text[];
  hidden integer;
  pick integer;
  zeros integer[] := array_fill (0, ARRAY[11]);
BEGIN
  SELECT r.k, r.closes_on INTO min_n, closes FROM survey_rounds r WHERE r.id = round;
  IF NOT FOUND OR closes >= current_date THEN
    RETURN;
  END IF;

  FOR q IN
    SELECT a.question_id AS id, count (*)::integer AS n_all,
           COALESCE (min (rq.position), 1000000) AS pos
    FROM survey_answers a
    LEFT JOIN survey_round_questions rq ON rq.round_id = a.round_id AND rq.question_id = a.question_id
    WHERE a.round_id = round AND a.value IS NOT NULL
    GROUP BY a.question_id
    ORDER BY 3, 1
  LOOP
    SELECT array_agg (s.t ORDER BY s.t), array_agg (s.c ORDER BY s.t) INTO t_ids, t_ns
    FROM (SELECT COALESCE (a.team_id, -1) AS t, count (*)::integer AS c
          FROM survey_answers a
          WHERE a.round_id = round AND a.question_id = q.id AND a.value IS NOT NULL
          GROUP BY 1) s;
    t_supp := array_fill ('shown'::text, ARRAY[array_length (t_ids, 1)]);

    hidden := 0;
    FOR i IN 1 .. array_length (t_ids, 1) LOOP
      IF t_ns[i] < min_n THEN
        hidden := hidden + t_ns[i];
        t_supp[i] := 'few';
      END IF;
    END LOOP;
    WHILE hidden > 0 AND hidden < min_n LOOP
      pick := NULL;
      FOR i IN 1 .. array_length (t_ids, 1) LOOP
        IF t_supp[i] = 'shown' AND (pick IS NULL OR t_ns[i] < t_ns[pick]) THEN
          pick := i;
        END IF;
      END LOOP;
      EXIT WHEN pick IS NULL;
      hidden := hidden + t_ns[pick];
      t_supp[pick] := 'difference';
    END LOOP;

    question_id := q.id;
    team_id := 0;
    IF q.n_all >= min_n THEN
      n := q.n_all;
      suppression := 'shown';
      SELECT array_agg (COALESCE (c.cnt, 0)::integer ORDER BY g.v) INTO counts
      FROM generate_series (0, 10) g (v)
      LEFT JOIN (SELECT a.value, count (*) AS cnt FROM survey_answers a
                 WHERE a.round_id = round AND a.question_id = q.id AND a.value IS NOT NULL
                 GROUP BY a.value) c ON c.value = g.v;
    ELSE
      n := 0;
      counts := zeros;
      suppression := 'few';
    END IF;
    RETURN NEXT;

    FOR i IN 1 .. array_length (t_ids, 1) LOOP
      question_id := q.id;
      team_id := t_ids[i];
      suppression := t_supp[i];
      IF t_supp[i] = 'shown' THEN
        n := t_ns[i];
        SELECT array_agg (COALESCE (c.cnt, 0)::integer ORDER BY g.v) INTO counts
        FROM generate_series (0, 10) g (v)
        LEFT JOIN (SELECT a.value, count (*) AS cnt FROM survey_answers a
                   WHERE a.round_id = round AND a.question_id = q.id AND a.value IS NOT NULL
                     AND COALESCE (a.team_id, -1) = t_ids[i]
                   GROUP BY a.value) c ON c.value = g.v;
      ELSE
        n := 0;
        counts := zeros;
      END IF;
      RETURN NEXT;
    END LOOP;
  END LOOP;
END
$$;

-- The older call, now over kz_survey_cells() so it suppresses the same way
-- (team NULL: the whole round; answers with no team come as team -1).
DROP FUNCTION kz_survey_results (bigint, boolean);
CREATE FUNCTION kz_survey_results (round bigint, by_team boolean)
RETURNS TABLE (team_id bigint, question_id text, n bigint, mean double precision,
               suppressed boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  closes date;
BEGIN
  SELECT r.closes_on INTO closes FROM survey_rounds r WHERE r.id = round;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'there is no survey round %', round USING ERRCODE = 'no_data_found';
  END IF;
  IF closes >= current_date THEN
    RAISE EXCEPTION 'survey round % has results once it closes on %', round, closes
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  RETURN QUERY
    SELECT CASE WHEN c.team_id = 0 THEN NULL ELSE c.team_id END, c.question_id,
           CASE WHEN c.suppression = 'shown' THEN c.n::bigint END,
           CASE WHEN c.suppression = 'shown' THEN
             (SELECT sum (v * c.counts[v + 1])::double precision FROM generate_series (0, 10) v) / c.n END,
           c.suppression <> 'shown'
    FROM kz_survey_cells (round) c
    WHERE (c.team_id = 0) <> by_team
    ORDER BY 1 NULLS FIRST, 2;
END
$$;

-- Whether a closed round's comments may be listed, for the whole round and
-- by team: kz_survey_comment_visibility() of kz-voice.c over the suppressed
-- cells.  A group's size is its most-answered shown question; lists need
-- max (k, 5); team lists only when every team with answers has that many.
CREATE FUNCTION kz_survey_comment_visibility (round bigint)
RETURNS TABLE (whole_round boolean, by_team boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  minimum integer;
  all_n integer;
  n_teams integer;
  n_small integer;
BEGIN
  SELECT greatest (r.k, 5) INTO minimum FROM survey_rounds r WHERE r.id = round;
  IF NOT FOUND THEN
    whole_round := false;
    by_team := false;
    RETURN NEXT;
    RETURN;
  END IF;
  SELECT COALESCE (max (c.n) FILTER (WHERE c.team_id = 0 AND c.suppression = 'shown'), 0),
         count (DISTINCT c.team_id) FILTER (WHERE c.team_id <> 0)
    INTO all_n, n_teams
  FROM kz_survey_cells (round) c;
  SELECT count (*) INTO n_small
  FROM (SELECT c.team_id, COALESCE (max (c.n) FILTER (WHERE c.suppression = 'shown'), 0) AS size
        FROM kz_survey_cells (round) c WHERE c.team_id <> 0 GROUP BY c.team_id) t
  WHERE t.size < minimum;
  whole_round := all_n >= minimum;
  by_team := whole_round AND n_teams > 0 AND n_small = 0;
  RETURN NEXT;
END
$$;

-- The free-text answers of a closed round, sorted by their text (an order
-- that says nothing about when they came in), with their team only when
-- listing by team is allowed (team_id 0 otherwise); nothing when the whole
-- round's list is not.
CREATE FUNCTION kz_survey_comments (round bigint)
RETURNS TABLE (team_id bigint, body text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  v record;
BEGIN
  SELECT * INTO v FROM kz_survey_comment_visibility (round);
  IF NOT v.whole_round THEN
    RETURN;
  END IF;
  RETURN QUERY
    SELECT CASE WHEN v.by_team THEN COALESCE (a.team_id, -1) ELSE 0 END, a.comment
    FROM survey_answers a
    WHERE a.round_id = round AND a.comment IS NOT NULL
    ORDER BY a.comment COLLATE "C", 1;
END
$$;

-- ---------------------------------------------------------------------------
-- Ideas: pseudonyms, follow-up token hashes, outcomes, merges; comments;
-- votes.

ALTER TABLE ideas ADD COLUMN pseudonym text;
ALTER TABLE ideas ADD COLUMN follow_up_hash text;
ALTER TABLE ideas ADD COLUMN outcome text;
ALTER TABLE ideas ADD COLUMN merged_into uuid REFERENCES ideas (id) ON DELETE SET NULL;
ALTER TABLE ideas ADD CONSTRAINT ideas_anonymous_only
  CHECK (author_id IS NULL OR (pseudonym IS NULL AND follow_up_hash IS NULL));
CREATE INDEX ideas_follow_up ON ideas (follow_up_hash);

-- Only the week is kept; the owner may back-date (demo data), anyone else
-- gets this week whatever they send.
CREATE OR REPLACE FUNCTION kz_ideas_coarse_date () RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
BEGIN
  IF NEW.created_on IS NULL OR NOT kz_is_owner () THEN
    NEW.created_on := date_trunc ('week', now ())::date;
  ELSE
    NEW.created_on := date_trunc ('week', NEW.created_on)::date;
  END IF;
  RETURN NEW;
END
$$;

-- new → under review → planned → done, declined from any but done, back
-- from declined to under review (kz_idea_status_check_move()); a merged
-- idea does not move.
CREATE FUNCTION kz_ideas_status_guard () RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
DECLARE
  allowed boolean;
BEGIN
  IF NEW.status IS DISTINCT FROM OLD.status THEN
    allowed := CASE NEW.status
                 WHEN 'under_review' THEN OLD.status IN ('new', 'declined')
                 WHEN 'planned' THEN OLD.status IN ('under_review', 'new')
                 WHEN 'done' THEN OLD.status = 'planned'
                 WHEN 'declined' THEN OLD.status NOT IN ('done', 'declined')
                 ELSE false
               END;
    IF OLD.merged_into IS NOT NULL OR NOT allowed THEN
      RAISE EXCEPTION 'an idea that is % cannot become %', OLD.status, NEW.status
        USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER ideas_status_guard BEFORE UPDATE ON ideas
  FOR EACH ROW EXECUTE FUNCTION kz_ideas_status_guard ();

CREATE TABLE idea_comments (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid (),
  idea_id        uuid NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
  author_id      bigint REFERENCES people (id) ON DELETE SET NULL,
  pseudonym      text,
  follow_up_hash text,
  from_manager   boolean NOT NULL DEFAULT false,
  body           text NOT NULL CHECK (body <> ''),
  created_on     date NOT NULL DEFAULT date_trunc ('week', now ())::date
                 CHECK (extract (isodow FROM created_on) = 1),
  CHECK (author_id IS NULL OR (pseudonym IS NULL AND follow_up_hash IS NULL))
);
CREATE INDEX idea_comments_idea ON idea_comments (idea_id, created_on);
CREATE INDEX idea_comments_follow_up ON idea_comments (follow_up_hash);

CREATE TABLE idea_votes (
  idea_id    uuid NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
  voter_hash text NOT NULL CHECK (length (voter_hash) = 64),
  PRIMARY KEY (idea_id, voter_hash)
);

-- The key of the voters' hashes: made here, readable by no Kaizen role.
-- gen_random_uuid() is PostgreSQL's CSPRNG (122 random bits each).
CREATE TABLE kz_voice_secret (
  id     integer PRIMARY KEY CHECK (id = 1),
  secret bytea NOT NULL
);
INSERT INTO kz_voice_secret (id, secret)
  VALUES (1, decode (replace (gen_random_uuid ()::text || gen_random_uuid ()::text, '-', ''), 'hex'));

-- HMAC-SHA256 (RFC 2104) over the built-in sha256().
CREATE FUNCTION kz_hmac_sha256 (key bytea, message bytea) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT SET search_path = pg_catalog AS $$
DECLARE
  k bytea := key;
  ipad bytea;
  opad bytea;
BEGIN
  IF length (k) > 64 THEN
    k := sha256 (k);
  END IF;
  k := k || decode (repeat ('00', 64 - length (k)), 'hex');
  ipad := k;
  opad := k;
  FOR i IN 0 .. 63 LOOP
    ipad := set_byte (ipad, i, get_byte (k, i) # 54);   -- 0x36
    opad := set_byte (opad, i, get_byte (k, i) # 92);   -- 0x5c
  END LOOP;
  RETURN encode (sha256 (opad || sha256 (ipad || message)), 'hex');
END
$$;

CREATE FUNCTION kz_voter_hash (person bigint) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT kz_hmac_sha256 (s.secret, convert_to ('voter:' || person::text, 'UTF8'))
  FROM kz_voice_secret s WHERE s.id = 1;
$$;

-- The hash kept of a follow-up token (kz_voice_token_hash() in kz-voice.c).
CREATE FUNCTION kz_follow_up_hash (token text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT SET search_path = pg_catalog AS $$
  SELECT encode (sha256 (convert_to ('kaizen-follow-up:' || token, 'UTF8')), 'hex');
$$;

-- Who may act for @person: the login's own person; the owner for anyone.
CREATE FUNCTION kz_acting_person (person bigint) RETURNS bigint
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  who bigint := COALESCE (person, kz_me ());
BEGIN
  IF who IS NULL THEN
    RAISE EXCEPTION 'this login is not tied to a person' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF who IS DISTINCT FROM kz_me () AND NOT kz_is_owner () THEN
    RAISE EXCEPTION 'you may do this only as yourself' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN who;
END
$$;

CREATE FUNCTION kz_idea_vote (idea uuid, person bigint) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  who bigint := kz_acting_person (person);
BEGIN
  IF NOT EXISTS (SELECT 1 FROM ideas i WHERE i.id = idea AND i.merged_into IS NULL) THEN
    RAISE EXCEPTION 'there is no open idea %', idea USING ERRCODE = 'no_data_found';
  END IF;
  INSERT INTO idea_votes (idea_id, voter_hash) VALUES (idea, kz_voter_hash (who));
EXCEPTION WHEN unique_violation THEN
  RAISE EXCEPTION 'person % has already voted for idea %', who, idea USING ERRCODE = 'unique_violation';
END
$$;

CREATE FUNCTION kz_idea_voted (idea uuid, person bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT EXISTS (SELECT 1 FROM idea_votes v
                 WHERE v.idea_id = idea AND v.voter_hash = kz_voter_hash (kz_acting_person (person)));
$$;

-- Vote counts, without the votes.
CREATE VIEW idea_vote_counts AS
  SELECT v.idea_id, count (*)::bigint AS n FROM idea_votes v GROUP BY v.idea_id;

-- A comment.  @author: named (the login's own; the owner for anyone), or
-- NULL: anonymous — under the idea's pseudonym when @token is its
-- follow-up token, under the pseudonym of earlier comments in the thread
-- with the same token, else under @pseudonym; the token's hash is kept so
-- the commenter can follow the thread.  @from_manager: a manager's reply
-- (managers and administrators).  @week: only the owner back-dates.
CREATE FUNCTION kz_idea_comment (idea uuid, author bigint, body text, token text, pseudonym text,
                                 from_manager boolean, week date)
RETURNS uuid
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  who bigint;
  hash text;
  thread_name text;
  day date := date_trunc ('week', now ())::date;
  new_id uuid;
BEGIN
  IF author IS NOT NULL OR from_manager THEN
    who := kz_acting_person (author);
  END IF;
  IF from_manager AND NOT (kz_has_role (4) OR kz_has_role (16)) THEN
    RAISE EXCEPTION 'only managers and administrators reply for the organisation'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM ideas i WHERE i.id = idea) THEN
    RAISE EXCEPTION 'there is no idea %', idea USING ERRCODE = 'no_data_found';
  END IF;
  IF week IS NOT NULL AND kz_is_owner () THEN
    day := date_trunc ('week', week)::date;
  END IF;
  IF who IS NULL THEN
    hash := kz_follow_up_hash (token);
    thread_name := COALESCE (
      (SELECT i.pseudonym FROM ideas i WHERE i.id = idea AND i.follow_up_hash = hash),
      (SELECT c.pseudonym FROM idea_comments c WHERE c.idea_id = idea AND c.follow_up_hash = hash
       ORDER BY c.created_on LIMIT 1),
      pseudonym);
  END IF;
  INSERT INTO idea_comments (idea_id, author_id, pseudonym, follow_up_hash, from_manager, body, created_on)
    VALUES (idea, who, thread_name, hash, COALESCE (from_manager, false), body, day)
    RETURNING id INTO new_id;
  RETURN new_id;
END
$$;

-- Merges @duplicate into @target: the duplicate's votes join the target's
-- (equal hashes are one voter, counted once), the duplicate is marked, and
-- @notice is left on it as a reply by @manager so its supporters read
-- where it went.
CREATE FUNCTION kz_idea_merge (duplicate uuid, target uuid, manager bigint, notice text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  IF NOT (kz_has_role (4) OR kz_has_role (16)) THEN
    RAISE EXCEPTION 'only managers and administrators merge ideas' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF duplicate = target
     OR NOT EXISTS (SELECT 1 FROM ideas i WHERE i.id = duplicate AND i.merged_into IS NULL)
     OR NOT EXISTS (SELECT 1 FROM ideas i WHERE i.id = target AND i.merged_into IS NULL) THEN
    RAISE EXCEPTION 'idea % cannot be merged into %', duplicate, target USING ERRCODE = 'check_violation';
  END IF;
  INSERT INTO idea_votes (idea_id, voter_hash)
    SELECT target, v.voter_hash FROM idea_votes v WHERE v.idea_id = duplicate
    ON CONFLICT DO NOTHING;
  UPDATE ideas SET merged_into = target WHERE id = duplicate;
  PERFORM kz_idea_comment (duplicate, manager, notice, NULL, NULL, true, NULL);
END
$$;

-- The threads the holder of @tokens follows: ideas whose follow-up token is
-- one of them (authored), and ideas commented on anonymously with one,
-- with the ids of the comments written under that token.
CREATE FUNCTION kz_idea_threads (tokens text[])
RETURNS TABLE (idea_id uuid, token text, authored boolean, own uuid[])
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  WITH t AS (SELECT DISTINCT x AS token, kz_follow_up_hash (x) AS hash FROM unnest (tokens) x WHERE x IS NOT NULL),
  found AS (
    SELECT i.id AS idea_id, t.token, t.hash, true AS authored FROM ideas i JOIN t ON i.follow_up_hash = t.hash
    UNION
    SELECT DISTINCT c.idea_id, t.token, t.hash, false FROM idea_comments c JOIN t ON c.follow_up_hash = t.hash
    WHERE NOT EXISTS (SELECT 1 FROM ideas i WHERE i.id = c.idea_id AND i.follow_up_hash = t.hash))
  SELECT f.idea_id, f.token, f.authored,
         ARRAY (SELECT c.id FROM idea_comments c WHERE c.idea_id = f.idea_id AND c.follow_up_hash = f.hash
                ORDER BY c.id)
  FROM found f
  ORDER BY f.token, f.authored DESC, f.idea_id;
$$;

-- What each role reads and writes.  follow_up_hash is in no column grant.
REVOKE SELECT ON ideas FROM kaizen_agent, kaizen_reviewer, kaizen_manager, kaizen_staff, kaizen_admin;
GRANT SELECT (id, title, body, category, author_id, status, decline_reason, created_on, pseudonym, outcome,
              merged_into)
  ON ideas TO kaizen_agent, kaizen_reviewer, kaizen_manager, kaizen_staff, kaizen_admin;
GRANT UPDATE (outcome) ON ideas TO kaizen_manager, kaizen_admin;

ALTER TABLE idea_comments ENABLE ROW LEVEL SECURITY;
GRANT SELECT (id, idea_id, author_id, pseudonym, from_manager, body, created_on)
  ON idea_comments TO kaizen_agent, kaizen_reviewer, kaizen_manager, kaizen_staff, kaizen_admin;
GRANT DELETE ON idea_comments TO kaizen_admin;
CREATE POLICY idea_comments_read ON idea_comments FOR SELECT USING (true);
CREATE POLICY idea_comments_delete ON idea_comments FOR DELETE USING ((SELECT kz_has_role (16)));

ALTER TABLE idea_votes ENABLE ROW LEVEL SECURITY;
ALTER TABLE kz_voice_secret ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON idea_votes, kz_voice_secret FROM PUBLIC;
REVOKE ALL ON survey_plans, survey_plan_teams, survey_round_questions, idea_comments FROM PUBLIC;
GRANT SELECT ON idea_vote_counts TO kaizen_agent, kaizen_reviewer, kaizen_manager, kaizen_staff, kaizen_admin;

-- Functions: only the Kaizen roles call them, and only these.
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
  kz_survey_submit (bigint, bigint, text[], integer[], text[]),
  kz_survey_import (bigint, bigint, text[], integer[], text[]),
  kz_survey_cells (bigint),
  kz_survey_results (bigint, boolean),
  kz_survey_comment_visibility (bigint),
  kz_survey_comments (bigint),
  kz_idea_vote (uuid, bigint),
  kz_idea_voted (uuid, bigint),
  kz_idea_comment (uuid, bigint, text, text, text, boolean, date),
  kz_idea_merge (uuid, uuid, bigint, text),
  kz_idea_threads (text[])
  TO kaizen_agent, kaizen_reviewer, kaizen_manager, kaizen_staff, kaizen_admin;
