-- Schema 18: the criterion roll-ups are kept per rubric too, as the single
-- file's version 18 (model/kz-sqlite-store.c): two rubrics may name a
-- criterion alike (the shipped ones share "empathy" and "next-steps"), and
-- a figure must never mix them.  Emptied here and rebuilt from the raw
-- answers at the end, in the migration's transaction.

DELETE FROM rollup_team_blocks;
DELETE FROM rollup_team_criteria;
DELETE FROM rollup_agent_criteria;

-- sum_value, n_value: Σ v over the answers with a value and their count
-- (N/A left out whatever the policy), what the Gaps report averages.
ALTER TABLE rollup_agent_criteria ADD COLUMN rubric_id text NOT NULL,
  ADD COLUMN sum_value double precision NOT NULL, ADD COLUMN n_value bigint NOT NULL;
ALTER TABLE rollup_agent_criteria DROP CONSTRAINT rollup_agent_criteria_pkey;
ALTER TABLE rollup_agent_criteria ADD PRIMARY KEY (agent_id, week, rubric_id, criterion_id);
ALTER TABLE rollup_team_criteria ADD COLUMN rubric_id text NOT NULL,
  ADD COLUMN sum_value double precision NOT NULL, ADD COLUMN n_value bigint NOT NULL;
ALTER TABLE rollup_team_criteria DROP CONSTRAINT rollup_team_criteria_pkey;
ALTER TABLE rollup_team_criteria ADD PRIMARY KEY (week, team_id, rubric_id, criterion_id);
ALTER TABLE rollup_team_blocks ADD COLUMN rubric_id text NOT NULL,
  ADD COLUMN sum_value double precision NOT NULL, ADD COLUMN n_value bigint NOT NULL;
-- The Gaps report reads one rubric's weeks of every agent.
CREATE INDEX rollup_agent_criteria_rubric ON rollup_agent_criteria (rubric_id, week);
ALTER TABLE rollup_team_blocks DROP CONSTRAINT rollup_team_blocks_pkey;
ALTER TABLE rollup_team_blocks ADD PRIMARY KEY (block, team_id, rubric_id, criterion_id);

DROP FUNCTION IF EXISTS kz_rollup_add (bigint, integer, text, double precision, bigint, bigint, bigint);
DROP FUNCTION IF EXISTS kz_rollup_team_add (bigint, integer, text, double precision, bigint, bigint, bigint);

-- Adds to a team's week and its block.
CREATE FUNCTION kz_rollup_team_add (t bigint, p_week integer, p_rubric text, p_criterion text,
                                    d_sum double precision, d_applicable bigint, d_na bigint,
                                    d_failed bigint, d_sum_value double precision, d_value bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  b integer := kz_rollup_block (p_week);
BEGIN
  INSERT INTO rollup_team_criteria AS r (team_id, week, rubric_id, criterion_id, sum_v, n_applicable, n_na, n_failed,
                                         sum_value, n_value)
    VALUES (t, p_week, p_rubric, p_criterion, d_sum, d_applicable, d_na, d_failed, d_sum_value, d_value)
    ON CONFLICT (week, team_id, rubric_id, criterion_id) DO UPDATE SET sum_v = r.sum_v + EXCLUDED.sum_v,
      n_applicable = r.n_applicable + EXCLUDED.n_applicable, n_na = r.n_na + EXCLUDED.n_na,
      n_failed = r.n_failed + EXCLUDED.n_failed, sum_value = r.sum_value + EXCLUDED.sum_value,
      n_value = r.n_value + EXCLUDED.n_value;
  DELETE FROM rollup_team_criteria WHERE team_id = t AND week = p_week AND rubric_id = p_rubric
    AND criterion_id = p_criterion AND n_applicable = 0 AND n_na = 0;
  INSERT INTO rollup_team_blocks AS r (team_id, block, rubric_id, criterion_id, sum_v, n_applicable, n_na, n_failed,
                                       sum_value, n_value)
    VALUES (t, b, p_rubric, p_criterion, d_sum, d_applicable, d_na, d_failed, d_sum_value, d_value)
    ON CONFLICT (block, team_id, rubric_id, criterion_id) DO UPDATE SET sum_v = r.sum_v + EXCLUDED.sum_v,
      n_applicable = r.n_applicable + EXCLUDED.n_applicable, n_na = r.n_na + EXCLUDED.n_na,
      n_failed = r.n_failed + EXCLUDED.n_failed, sum_value = r.sum_value + EXCLUDED.sum_value,
      n_value = r.n_value + EXCLUDED.n_value;
  DELETE FROM rollup_team_blocks WHERE team_id = t AND block = b AND rubric_id = p_rubric
    AND criterion_id = p_criterion AND n_applicable = 0 AND n_na = 0;
END $$;

CREATE FUNCTION kz_rollup_add (p_agent bigint, p_week integer, p_rubric text, p_criterion text,
                               d_sum double precision, d_applicable bigint, d_na bigint,
                               d_failed bigint, d_sum_value double precision, d_value bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  t bigint := coalesce ((SELECT team_id FROM people WHERE id = p_agent), 0);
BEGIN
  INSERT INTO rollup_agent_criteria AS r (agent_id, week, rubric_id, criterion_id, sum_v, n_applicable, n_na,
                                          n_failed, sum_value, n_value)
    VALUES (p_agent, p_week, p_rubric, p_criterion, d_sum, d_applicable, d_na, d_failed, d_sum_value, d_value)
    ON CONFLICT (agent_id, week, rubric_id, criterion_id) DO UPDATE SET sum_v = r.sum_v + EXCLUDED.sum_v,
      n_applicable = r.n_applicable + EXCLUDED.n_applicable, n_na = r.n_na + EXCLUDED.n_na,
      n_failed = r.n_failed + EXCLUDED.n_failed, sum_value = r.sum_value + EXCLUDED.sum_value,
      n_value = r.n_value + EXCLUDED.n_value;
  DELETE FROM rollup_agent_criteria WHERE agent_id = p_agent AND week = p_week AND rubric_id = p_rubric
    AND criterion_id = p_criterion AND n_applicable = 0 AND n_na = 0;
  PERFORM kz_rollup_team_add (t, p_week, p_rubric, p_criterion, d_sum, d_applicable, d_na, d_failed, d_sum_value,
                              d_value);
END $$;

-- One answer of evaluation e, times sign.
CREATE OR REPLACE FUNCTION kz_rollup_answer (e evaluations, p_criterion text, p_kind text,
                                             p_value double precision, sign integer) RETURNS void
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
  PERFORM kz_rollup_add (e.agent_id, kz_rollup_week (e.created_at), e.rubric_id, p_criterion,
    sign * CASE WHEN x IS NULL THEN 0.0 ELSE greatest (0.0, least (1.0, (x - rc.scale_min) / rc.scale_span)) END,
    sign * (x IS NOT NULL)::integer, sign * (p_kind = 'na')::integer,
    sign * coalesce (x <= rc.scale_min + 1e-9 OR x < rc.fail_below - 1e-9, false)::integer,
    sign * CASE WHEN p_kind = 'value' AND p_value IS NOT NULL
                THEN greatest (0.0, least (1.0, (p_value - rc.scale_min) / rc.scale_span)) ELSE 0.0 END,
    sign * (p_kind = 'value' AND p_value IS NOT NULL)::integer);
END $$;

CREATE OR REPLACE FUNCTION kz_rollup_people_trigger () RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  r record;
BEGIN
  IF NEW.team_id IS NOT DISTINCT FROM OLD.team_id THEN
    RETURN NULL;
  END IF;
  FOR r IN SELECT * FROM rollup_agent_criteria WHERE agent_id = OLD.id LOOP
    PERFORM kz_rollup_team_add (coalesce (OLD.team_id, 0), r.week, r.rubric_id, r.criterion_id, -r.sum_v,
                                -r.n_applicable, -r.n_na, -r.n_failed, -r.sum_value, -r.n_value);
    PERFORM kz_rollup_team_add (coalesce (NEW.team_id, 0), r.week, r.rubric_id, r.criterion_id, r.sum_v,
                                r.n_applicable, r.n_na, r.n_failed, r.sum_value, r.n_value);
  END LOOP;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION kz_rollups_rebuild () RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  DELETE FROM rollup_team_blocks;
  DELETE FROM rollup_team_criteria;
  DELETE FROM rollup_agent_criteria;
  DELETE FROM rollup_agent_weeks;
  INSERT INTO rollup_agent_criteria (agent_id, week, rubric_id, criterion_id, sum_v, n_applicable, n_na, n_failed,
                                     sum_value, n_value)
    SELECT e.agent_id, kz_rollup_week (e.created_at) AS wk, e.rubric_id, a.criterion_id,
      coalesce (sum (greatest (0.0, least (1.0, (x.x - rc.scale_min) / rc.scale_span))) FILTER (WHERE x.x IS NOT NULL), 0.0),
      count (x.x), count (*) FILTER (WHERE a.kind = 'na'),
      count (*) FILTER (WHERE x.x <= rc.scale_min + 1e-9 OR x.x < rc.fail_below - 1e-9),
      coalesce (sum (greatest (0.0, least (1.0, (a.value - rc.scale_min) / rc.scale_span)))
                FILTER (WHERE a.kind = 'value' AND a.value IS NOT NULL), 0.0),
      count (*) FILTER (WHERE a.kind = 'value' AND a.value IS NOT NULL)
    FROM evaluations e JOIN answers a ON a.evaluation_id = e.id
    JOIN rubric_criteria rc ON rc.rubric_id = e.rubric_id AND rc.rubric_version = e.rubric_version
      AND rc.criterion_id = a.criterion_id
    CROSS JOIN LATERAL (SELECT CASE WHEN a.kind = 'value' THEN a.value ELSE rc.na_value END AS x) x
    WHERE e.state = 'submitted' AND NOT e.is_calibration AND NOT (a.kind = 'na' AND rc.na_forbidden)
    GROUP BY e.agent_id, wk, e.rubric_id, a.criterion_id;
  INSERT INTO rollup_agent_weeks
    SELECT e.agent_id, kz_rollup_week (e.created_at) AS wk, count (*), count (e.final),
      coalesce (sum (e.final), 0.0), count (*) FILTER (WHERE e.pass AND e.final IS NOT NULL),
      count (*) FILTER (WHERE e.auto_failed)
    FROM evaluations e WHERE e.state = 'submitted' AND NOT e.is_calibration
    GROUP BY e.agent_id, wk;
  INSERT INTO rollup_team_criteria (team_id, week, rubric_id, criterion_id, sum_v, n_applicable, n_na, n_failed,
                                    sum_value, n_value)
    SELECT coalesce (p.team_id, 0) AS team, r.week, r.rubric_id, r.criterion_id, sum (r.sum_v),
      sum (r.n_applicable), sum (r.n_na), sum (r.n_failed), sum (r.sum_value), sum (r.n_value)
    FROM rollup_agent_criteria r JOIN people p ON p.id = r.agent_id
    GROUP BY r.week, team, r.rubric_id, r.criterion_id;
  INSERT INTO rollup_team_blocks (team_id, block, rubric_id, criterion_id, sum_v, n_applicable, n_na, n_failed,
                                  sum_value, n_value)
    SELECT team_id, kz_rollup_block (week) AS b, rubric_id, criterion_id, sum (sum_v), sum (n_applicable),
      sum (n_na), sum (n_failed), sum (sum_value), sum (n_value)
    FROM rollup_team_criteria GROUP BY b, team_id, rubric_id, criterion_id;
END $$;

REVOKE ALL ON FUNCTION
  kz_rollup_add (bigint, integer, text, text, double precision, bigint, bigint, bigint, double precision, bigint),
  kz_rollup_team_add (bigint, integer, text, text, double precision, bigint, bigint, bigint, double precision, bigint)
  FROM PUBLIC;

SELECT kz_rollups_rebuild ();
