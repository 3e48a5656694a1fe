-- Schema 17: roll-ups for reports (../shared/spec/scale.md), as in the
-- single file's version 17 (model/kz-sqlite-store.c says what an answer
-- adds).  Kept by triggers in the same transaction as every change to
-- evaluations, answers and an agent's team; only submitted,
-- non-calibration evaluations count; a week is its Monday (UTC) as a day
-- number since 1970-01-01.  Written only by the SECURITY DEFINER functions
-- below; read by reviewers, managers and admins.

CREATE TABLE rubric_criteria (
  rubric_id      text NOT NULL,
  rubric_version integer NOT NULL,
  criterion_id   text NOT NULL,
  scale_min      double precision NOT NULL,
  scale_span     double precision NOT NULL CHECK (scale_span > 0),
  na_value       double precision,
  na_forbidden   boolean NOT NULL,
  fail_below     double precision,
  PRIMARY KEY (rubric_id, rubric_version, criterion_id),
  FOREIGN KEY (rubric_id, rubric_version) REFERENCES rubrics (id, version) ON DELETE CASCADE
);
CREATE TABLE rollup_agent_criteria (
  agent_id     bigint NOT NULL,
  week         integer NOT NULL,
  criterion_id text NOT NULL,
  sum_v        double precision NOT NULL,
  n_applicable bigint NOT NULL,
  n_na         bigint NOT NULL,
  n_failed     bigint NOT NULL,
  PRIMARY KEY (agent_id, week, criterion_id)
);
CREATE TABLE rollup_team_criteria (
  team_id      bigint NOT NULL,  -- 0: agents with no team
  week         integer NOT NULL,
  criterion_id text NOT NULL,
  sum_v        double precision NOT NULL,
  n_applicable bigint NOT NULL,
  n_na         bigint NOT NULL,
  n_failed     bigint NOT NULL,
  PRIMARY KEY (week, team_id, criterion_id)
);
-- Thirteen-week blocks of the team roll-up (kz_rollup_block()): a heatmap
-- over years reads the blocks inside its range and the weeks at its edges.
CREATE TABLE rollup_team_blocks (
  team_id      bigint NOT NULL,
  block        integer NOT NULL,
  criterion_id text NOT NULL,
  sum_v        double precision NOT NULL,
  n_applicable bigint NOT NULL,
  n_na         bigint NOT NULL,
  n_failed     bigint NOT NULL,
  PRIMARY KEY (block, team_id, criterion_id)
);
CREATE TABLE rollup_agent_weeks (
  agent_id      bigint NOT NULL,
  week          integer NOT NULL,
  n_evaluations bigint NOT NULL,
  n_scored      bigint NOT NULL,
  sum_final     double precision NOT NULL,
  n_passed      bigint NOT NULL,
  n_auto_failed bigint NOT NULL,
  PRIMARY KEY (agent_id, week)
);

GRANT SELECT ON rubric_criteria TO kaizen_agent, kaizen_reviewer, kaizen_manager, kaizen_staff, kaizen_admin;
GRANT INSERT, UPDATE, DELETE ON rubric_criteria TO kaizen_admin;
GRANT SELECT ON rollup_agent_criteria, rollup_team_criteria, rollup_team_blocks, rollup_agent_weeks
  TO kaizen_reviewer, kaizen_manager, kaizen_admin;

CREATE FUNCTION kz_rollup_week (ts bigint) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
  SELECT (floor (ts / 86400.0) - mod (mod (floor (ts / 86400.0)::bigint + 3, 7) + 7, 7))::integer
$$;

CREATE FUNCTION kz_rollup_block (week integer) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
  SELECT floor (((week + 3) / 7)::numeric / 13)::integer
$$;

-- Adds to a team's week and its block.
CREATE FUNCTION kz_rollup_team_add (t bigint, p_week integer, p_criterion text, d_sum double precision,
                                    d_applicable bigint, d_na bigint, d_failed bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  b integer := kz_rollup_block (p_week);
BEGIN
  INSERT INTO rollup_team_criteria AS r VALUES (t, p_week, p_criterion, d_sum, d_applicable, d_na, d_failed)
    ON CONFLICT (week, team_id, criterion_id) DO UPDATE SET sum_v = r.sum_v + EXCLUDED.sum_v,
      n_applicable = r.n_applicable + EXCLUDED.n_applicable, n_na = r.n_na + EXCLUDED.n_na,
      n_failed = r.n_failed + EXCLUDED.n_failed;
  DELETE FROM rollup_team_criteria WHERE team_id = t AND week = p_week AND criterion_id = p_criterion
    AND n_applicable = 0 AND n_na = 0;
  INSERT INTO rollup_team_blocks AS r VALUES (t, b, p_criterion, d_sum, d_applicable, d_na, d_failed)
    ON CONFLICT (block, team_id, criterion_id) DO UPDATE SET sum_v = r.sum_v + EXCLUDED.sum_v,
      n_applicable = r.n_applicable + EXCLUDED.n_applicable, n_na = r.n_na + EXCLUDED.n_na,
      n_failed = r.n_failed + EXCLUDED.n_failed;
  DELETE FROM rollup_team_blocks WHERE team_id = t AND block = b AND criterion_id = p_criterion
    AND n_applicable = 0 AND n_na = 0;
END $$;

CREATE FUNCTION kz_rollup_add (p_agent bigint, p_week integer, p_criterion text, d_sum double precision,
                               d_applicable bigint, d_na bigint, d_failed bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  t bigint := coalesce ((SELECT team_id FROM people WHERE id = p_agent), 0);
BEGIN
  INSERT INTO rollup_agent_criteria AS r VALUES (p_agent, p_week, p_criterion, d_sum, d_applicable, d_na, d_failed)
    ON CONFLICT (agent_id, week, criterion_id) DO UPDATE SET sum_v = r.sum_v + EXCLUDED.sum_v,
      n_applicable = r.n_applicable + EXCLUDED.n_applicable, n_na = r.n_na + EXCLUDED.n_na,
      n_failed = r.n_failed + EXCLUDED.n_failed;
  DELETE FROM rollup_agent_criteria WHERE agent_id = p_agent AND week = p_week AND criterion_id = p_criterion
    AND n_applicable = 0 AND n_na = 0;
  PERFORM kz_rollup_team_add (t, p_week, p_criterion, d_sum, d_applicable, d_na, d_failed);
END $$;

-- One answer of evaluation e, times sign.
CREATE FUNCTION kz_rollup_answer (e evaluations, p_criterion text, p_kind text, p_value double precision,
                                  sign integer) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  rc rubric_criteria;
  x double precision;
BEGIN
  IF e.state <> 'submitted' OR e.is_calibration THEN
    RETURN;
  END IF;
  SELECT * INTO rc FROM rubric_criteria
    WHERE rubric_id = e.rubric_id AND rubric_version = e.rubric_version AND criterion_id = p_criterion;
  IF NOT FOUND OR (p_kind = 'na' AND rc.na_forbidden) THEN
    RETURN;
  END IF;
  x := CASE WHEN p_kind = 'value' THEN p_value ELSE rc.na_value END;
  PERFORM kz_rollup_add (e.agent_id, kz_rollup_week (e.created_at), p_criterion,
    -- (GREATEST and LEAST skip NULLs: an N/A with no value adds nothing.)
    sign * CASE WHEN x IS NULL THEN 0.0 ELSE greatest (0.0, least (1.0, (x - rc.scale_min) / rc.scale_span)) END,
    sign * (x IS NOT NULL)::integer, sign * (p_kind = 'na')::integer,
    sign * coalesce (x <= rc.scale_min + 1e-9 OR x < rc.fail_below - 1e-9, false)::integer);
END $$;

-- Evaluation e as a whole (and, with answers, each of its answers), times sign.
CREATE FUNCTION kz_rollup_evaluation (e evaluations, with_answers boolean, sign integer) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  a record;
  w integer := kz_rollup_week (e.created_at);
BEGIN
  IF e.state <> 'submitted' OR e.is_calibration THEN
    RETURN;
  END IF;
  INSERT INTO rollup_agent_weeks AS r VALUES (e.agent_id, w, sign, sign * (e.final IS NOT NULL)::integer,
      sign * coalesce (e.final, 0.0), sign * coalesce (e.pass AND e.final IS NOT NULL, false)::integer,
      sign * e.auto_failed::integer)
    ON CONFLICT (agent_id, week) DO UPDATE SET n_evaluations = r.n_evaluations + EXCLUDED.n_evaluations,
      n_scored = r.n_scored + EXCLUDED.n_scored, sum_final = r.sum_final + EXCLUDED.sum_final,
      n_passed = r.n_passed + EXCLUDED.n_passed, n_auto_failed = r.n_auto_failed + EXCLUDED.n_auto_failed;
  DELETE FROM rollup_agent_weeks WHERE agent_id = e.agent_id AND week = w AND n_evaluations = 0;
  IF with_answers THEN
    FOR a IN SELECT criterion_id, kind, value FROM answers WHERE evaluation_id = e.id LOOP
      PERFORM kz_rollup_answer (e, a.criterion_id, a.kind, a.value, sign);
    END LOOP;
  END IF;
END $$;

CREATE FUNCTION kz_rollup_answers_trigger () RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  e evaluations;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT * INTO e FROM evaluations WHERE id = OLD.evaluation_id;
    -- Gone: the evaluation's own trigger took its answers off already.
    IF FOUND THEN
      PERFORM kz_rollup_answer (e, OLD.criterion_id, OLD.kind, OLD.value, -1);
    END IF;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    SELECT * INTO e FROM evaluations WHERE id = NEW.evaluation_id;
    IF FOUND THEN
      PERFORM kz_rollup_answer (e, NEW.criterion_id, NEW.kind, NEW.value, 1);
    END IF;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION kz_rollup_evaluations_trigger () RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  moved boolean;
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM kz_rollup_evaluation (NEW, true, 1);
    RETURN NULL;
  ELSIF TG_OP = 'DELETE' THEN
    -- BEFORE DELETE: the answers are still there.
    PERFORM kz_rollup_evaluation (OLD, true, -1);
    RETURN OLD;
  END IF;
  moved := NEW.agent_id IS DISTINCT FROM OLD.agent_id OR NEW.state IS DISTINCT FROM OLD.state
        OR NEW.created_at IS DISTINCT FROM OLD.created_at OR NEW.is_calibration IS DISTINCT FROM OLD.is_calibration
        OR NEW.rubric_id IS DISTINCT FROM OLD.rubric_id OR NEW.rubric_version IS DISTINCT FROM OLD.rubric_version;
  IF moved OR NEW.final IS DISTINCT FROM OLD.final OR NEW.pass IS DISTINCT FROM OLD.pass
     OR NEW.auto_failed IS DISTINCT FROM OLD.auto_failed THEN
    PERFORM kz_rollup_evaluation (OLD, moved, -1);
    PERFORM kz_rollup_evaluation (NEW, moved, 1);
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION kz_rollup_people_trigger () RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  r record;
BEGIN
  IF NEW.team_id IS NOT DISTINCT FROM OLD.team_id THEN
    RETURN NULL;
  END IF;
  FOR r IN SELECT * FROM rollup_agent_criteria WHERE agent_id = OLD.id LOOP
    PERFORM kz_rollup_team_add (coalesce (OLD.team_id, 0), r.week, r.criterion_id, -r.sum_v, -r.n_applicable,
                                -r.n_na, -r.n_failed);
    PERFORM kz_rollup_team_add (coalesce (NEW.team_id, 0), r.week, r.criterion_id, r.sum_v, r.n_applicable,
                                r.n_na, r.n_failed);
  END LOOP;
  RETURN NULL;
END $$;

CREATE TRIGGER rollup_answers AFTER INSERT OR UPDATE OR DELETE ON answers
  FOR EACH ROW EXECUTE FUNCTION kz_rollup_answers_trigger ();
CREATE TRIGGER rollup_evaluations_write AFTER INSERT OR UPDATE ON evaluations
  FOR EACH ROW EXECUTE FUNCTION kz_rollup_evaluations_trigger ();
CREATE TRIGGER rollup_evaluations_delete BEFORE DELETE ON evaluations
  FOR EACH ROW EXECUTE FUNCTION kz_rollup_evaluations_trigger ();
CREATE TRIGGER rollup_people_team AFTER UPDATE OF team_id ON people
  FOR EACH ROW EXECUTE FUNCTION kz_rollup_people_trigger ();

-- Everything from scratch from the raw rows (kaizenctl rollups rebuild).
CREATE FUNCTION kz_rollups_rebuild () RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  DELETE FROM rollup_team_blocks;
  DELETE FROM rollup_team_criteria;
  DELETE FROM rollup_agent_criteria;
  DELETE FROM rollup_agent_weeks;
  INSERT INTO rollup_agent_criteria
    SELECT e.agent_id, kz_rollup_week (e.created_at) AS wk, a.criterion_id,
      coalesce (sum (greatest (0.0, least (1.0, (x.x - rc.scale_min) / rc.scale_span))) FILTER (WHERE x.x IS NOT NULL), 0.0),
      count (x.x), count (*) FILTER (WHERE a.kind = 'na'),
      count (*) FILTER (WHERE x.x <= rc.scale_min + 1e-9 OR x.x < rc.fail_below - 1e-9)
    FROM evaluations e JOIN answers a ON a.evaluation_id = e.id
    JOIN rubric_criteria rc ON rc.rubric_id = e.rubric_id AND rc.rubric_version = e.rubric_version
      AND rc.criterion_id = a.criterion_id
    CROSS JOIN LATERAL (SELECT CASE WHEN a.kind = 'value' THEN a.value ELSE rc.na_value END AS x) x
    WHERE e.state = 'submitted' AND NOT e.is_calibration AND NOT (a.kind = 'na' AND rc.na_forbidden)
    GROUP BY e.agent_id, wk, a.criterion_id;
  INSERT INTO rollup_agent_weeks
    SELECT e.agent_id, kz_rollup_week (e.created_at) AS wk, count (*), count (e.final),
      coalesce (sum (e.final), 0.0), count (*) FILTER (WHERE e.pass AND e.final IS NOT NULL),
      count (*) FILTER (WHERE e.auto_failed)
    FROM evaluations e WHERE e.state = 'submitted' AND NOT e.is_calibration
    GROUP BY e.agent_id, wk;
  INSERT INTO rollup_team_criteria
    SELECT coalesce (p.team_id, 0) AS team, r.week, r.criterion_id, sum (r.sum_v), sum (r.n_applicable),
      sum (r.n_na), sum (r.n_failed)
    FROM rollup_agent_criteria r JOIN people p ON p.id = r.agent_id
    GROUP BY r.week, team, r.criterion_id;
  DELETE FROM rollup_team_blocks;
  INSERT INTO rollup_team_blocks
    SELECT team_id, kz_rollup_block (week) AS b, criterion_id, sum (sum_v), sum (n_applicable), sum (n_na),
      sum (n_failed)
    FROM rollup_team_criteria GROUP BY b, team_id, criterion_id;
END $$;

REVOKE ALL ON FUNCTION kz_rollup_add (bigint, integer, text, double precision, bigint, bigint, bigint),
  kz_rollup_team_add (bigint, integer, text, double precision, bigint, bigint, bigint),
  kz_rollup_answer (evaluations, text, text, double precision, integer),
  kz_rollup_evaluation (evaluations, boolean, integer), kz_rollups_rebuild () FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kz_rollups_rebuild () TO kaizen_admin;
