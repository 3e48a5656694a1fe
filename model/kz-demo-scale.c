/* kz-demo-scale.c — a contact centre of any size, for reports and benchmarks
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "kz-demo.h"
#include "kz-error.h"
#include "kz-score.h"

#define SPAN_DAYS (5 * 365)

static const char *first[] = {
  "Aisha", "Ben", "Chloé", "Dev", "Elena", "Finn", "Grace", "Hamid", "Ines", "Jonas", "Kemi", "Liam",
  "Maya", "Noah", "Olga", "Pavel", "Quinn", "Rosa", "Sami", "Tara", "Uma", "Victor", "Wen", "Yusuf", "Zoë",
};
static const char *last[] = {
  "Adams", "Bauer", "Costa", "Dubois", "Evans", "Fischer", "García", "Haddad", "Ivanova", "Jensen", "Kowalski",
  "Larsen", "Moreau", "Novak", "Okafor", "Petrov", "Quintero", "Rossi", "Silva", "Tanaka", "Urban", "Weber",
};

typedef struct {
  KzRubric     *rubric;
  guint         n;
  const char  **ids;
  KzCriterion **criteria;
  double       *min, *max;
  KzAnswerSet  *answers;     /* one KzAnswer per criterion, overwritten per evaluation */
  KzAnswer    **slots;
} ScaleRubric;

typedef struct {
  gint64  id;
  guint   rubric;            /* index into the rubrics */
  double  ability;
  double *strength;          /* per criterion of its rubric */
  guint   coached;           /* criterion index coached, or G_MAXUINT */
  gint64  coached_at;
  gboolean coaching_works;
} ScaleAgent;

typedef struct {
  GRand       *rand;
  GPtrArray   *rubrics;      /* ScaleRubric* */
  ScaleAgent  *agents;
  guint        n_agents;
  gint64      *reviewers;
  double      *leniency;
  guint        n_reviewers;
  guint64      n, i;
  gint64       start, end;
  KzAnswerKind *kinds;
  double      *values;
  char        *failed_by;
  KzScore     *score;
} ScaleState;

static double
gauss (GRand *rand)
{
  double u1 = g_rand_double_range (rand, 1e-12, 1.0);
  double u2 = g_rand_double (rand);

  return sqrt (-2.0 * log (u1)) * cos (2 * G_PI * u2);
}

static void
scale_rubric_free (ScaleRubric *r)
{
  g_free (r->ids);
  g_free (r->criteria);
  g_free (r->min);
  g_free (r->max);
  g_free (r->slots);
  g_clear_pointer (&r->answers, g_hash_table_unref);
  kz_rubric_unref (r->rubric);
  g_free (r);
}

static ScaleRubric *
scale_rubric_new (KzRubric *rubric)
{
  ScaleRubric *r = g_new0 (ScaleRubric, 1);
  GPtrArray *sections = kz_rubric_get_sections (rubric);
  guint n = kz_rubric_get_n_criteria (rubric), k = 0;

  r->rubric = kz_rubric_ref (rubric);
  r->n = n;
  r->ids = g_new0 (const char *, n);
  r->criteria = g_new0 (KzCriterion *, n);
  r->min = g_new0 (double, n);
  r->max = g_new0 (double, n);
  r->slots = g_new0 (KzAnswer *, n);
  r->answers = kz_answer_set_new ();
  for (guint i = 0; i < sections->len; i++)
    {
      KzSection *s = g_ptr_array_index (sections, i);

      for (guint j = 0; j < s->criteria->len && k < n; j++, k++)
        {
          KzCriterion *c = g_ptr_array_index (s->criteria, j);

          r->ids[k] = c->id;
          r->criteria[k] = c;
          r->min[k] = kz_scale_get_min (c->scale);
          r->max[k] = kz_scale_get_max (c->scale);
          r->slots[k] = kz_answer_new (c->id, KZ_ANSWER_VALUE, r->max[k], NULL);
          kz_answer_set_put (r->answers, r->slots[k]);
        }
    }
  return r;
}

static double
nearest (const KzCriterion *c, double min, double max, double target)
{
  double best = min, best_d = G_MAXDOUBLE;

  for (guint i = 0; i < c->scale->points->len; i++)
    {
      const KzScalePoint *p = g_ptr_array_index (c->scale->points, i);
      double d = fabs ((p->value - min) / (max - min) - target);

      if (d < best_d)
        {
          best_d = d;
          best = p->value;
        }
    }
  return best;
}

static gboolean
scale_next (gpointer            user_data,
            KzBulkEvaluation   *out,
            GError            **error)
{
  ScaleState *st = user_data;
  ScaleAgent *agent;
  ScaleRubric *r;
  guint reviewer;
  gint64 at;

  if (st->i == st->n)
    return FALSE;

  agent = &st->agents[g_rand_int_range (st->rand, 0, st->n_agents)];
  r = g_ptr_array_index (st->rubrics, agent->rubric);
  reviewer = g_rand_int_range (st->rand, 0, st->n_reviewers);
  /* Spread evenly over the span, in order, with a little jitter. */
  at = st->start + (gint64) ((double) (st->end - st->start) * ((double) st->i + g_rand_double (st->rand)) / (double) st->n);

  for (guint k = 0; k < r->n; k++)
    {
      KzCriterion *c = r->criteria[k];
      KzAnswer *a = r->slots[k];
      double target = agent->ability + agent->strength[k] + st->leniency[reviewer] + 0.15 * gauss (st->rand);

      if (k == agent->coached && agent->coaching_works && at >= agent->coached_at)
        target += 0.3;

      if (c->na_policy != KZ_NA_FORBIDDEN && g_rand_double (st->rand) < 0.06)
        {
          a->kind = KZ_ANSWER_NA;
          a->value = 0;
        }
      else
        {
          a->kind = KZ_ANSWER_VALUE;
          if (c->critical != KZ_CRITICAL_NONE)
            a->value = g_rand_double (st->rand) < CLAMP (0.9 - target, 0.01, 0.3) * 0.3 ? r->min[k] : r->max[k];
          else if (c->scale->points->len == 2)
            a->value = g_rand_double (st->rand) < CLAMP (target, 0.02, 0.98) ? r->max[k] : r->min[k];
          else
            a->value = nearest (c, r->min[k], r->max[k], CLAMP (target, 0.0, 1.0));
        }
      st->kinds[k] = a->kind;
      st->values[k] = a->value;
    }

  g_clear_pointer (&st->score, kz_score_free);
  g_clear_pointer (&st->failed_by, g_free);
  st->score = kz_score_compute (r->rubric, r->answers);
  st->failed_by = g_strjoinv (" ", st->score->failed_by);

  out->agent_id = agent->id;
  out->reviewer_id = st->reviewers[reviewer];
  out->rubric_id = kz_rubric_get_id (r->rubric);
  out->rubric_version = kz_rubric_get_version (r->rubric);
  out->created_at = at;
  out->has_score = st->score->has_score;
  out->raw = st->score->raw;
  out->final = st->score->final;
  out->pass = st->score->pass;
  out->auto_failed = st->score->auto_failed;
  out->failed_by = *st->failed_by ? st->failed_by : NULL;
  out->has_critical = st->score->has_critical;
  out->critical = st->score->critical;
  out->n_answers = r->n;
  out->criterion_ids = r->ids;
  out->kinds = st->kinds;
  out->values = st->values;
  st->i++;
  return TRUE;
}

static char *
person_name (GRand *rand, guint i)
{
  /* A number keeps thousands of names apart. */
  return g_strdup_printf ("%s %s %u", first[g_rand_int_range (rand, 0, G_N_ELEMENTS (first))],
                          last[g_rand_int_range (rand, 0, G_N_ELEMENTS (last))], i + 1);
}

static gint64
add_person (KzStore *store, char *name, KzRoles roles, gint64 team, GError **error)
{
  g_autoptr(KzPerson) p = kz_person_new (name, roles);
  g_free (name);
  p->team_id = team;
  return kz_store_add_person (store, p, error);
}

static gboolean
fill_scale (KzStore       *store,
            GPtrArray     *loaded,
            guint64        n_evaluations,
            GRand         *rand,
            KzDemoCounts  *counts,
            GError       **error)
{
  g_autoptr(GPtrArray) rubrics = g_ptr_array_new_with_free_func ((GDestroyNotify) scale_rubric_free);
  g_autoptr(GArray) teams = g_array_new (FALSE, FALSE, sizeof (gint64));
  ScaleState st = { 0 };
  guint n_agents = (guint) CLAMP (n_evaluations / 500, 8, 200000);
  guint n_teams = MAX (1, (n_agents + 19) / 20);
  guint n_sites = MAX (1, (n_teams + 19) / 20);
  guint max_criteria = 0;
  gint64 org, site = 0;
  guint64 added = 0;
  gboolean ok = FALSE;

  for (guint i = 0; i < loaded->len; i++)
    {
      KzRubric *rubric = g_ptr_array_index (loaded, i);

      if (!kz_store_add_rubric (store, rubric, NULL, error))
        return FALSE;
      g_ptr_array_add (rubrics, scale_rubric_new (rubric));
      max_criteria = MAX (max_criteria, kz_rubric_get_n_criteria (rubric));
      counts->n_rubrics++;
    }

  org = kz_store_add_unit (store, KZ_UNIT_ORGANISATION, _("Northwind Utilities"), 0, error);
  if (org == 0)
    return FALSE;
  counts->n_units++;
  for (guint t = 0; t < n_teams; t++)
    {
      g_autofree char *team_name = NULL;
      gint64 team;

      if (t % 20 == 0)
        {
          g_autofree char *site_name = g_strdup_printf (_("Site %u"), t / 20 + 1);
          site = kz_store_add_unit (store, KZ_UNIT_SITE, site_name, org, error);
          if (site == 0)
            return FALSE;
          counts->n_units++;
        }
      team_name = g_strdup_printf (_("Team %u"), t + 1);
      team = kz_store_add_unit (store, KZ_UNIT_TEAM, team_name, site, error);
      if (team == 0)
        return FALSE;
      g_array_append_val (teams, team);
      counts->n_units++;
      if (add_person (store, person_name (rand, t), KZ_ROLE_MANAGER, team, error) == 0)
        return FALSE;
      counts->n_people++;
    }
  (void) n_sites;

  st.rand = rand;
  st.rubrics = rubrics;
  st.n_agents = n_agents;
  st.agents = g_new0 (ScaleAgent, n_agents);
  st.n_reviewers = MAX (2, n_agents / 25);
  st.reviewers = g_new0 (gint64, st.n_reviewers);
  st.leniency = g_new0 (double, st.n_reviewers);
  st.kinds = g_new0 (KzAnswerKind, max_criteria);
  st.values = g_new0 (double, max_criteria);
  st.n = n_evaluations;
  st.end = g_get_real_time () / G_USEC_PER_SEC / 86400 * 86400;
  st.start = st.end - (gint64) SPAN_DAYS * 86400;

  for (guint i = 0; i < st.n_reviewers; i++)
    {
      st.reviewers[i] = add_person (store, person_name (rand, n_teams + i), KZ_ROLE_REVIEWER, 0, error);
      if (st.reviewers[i] == 0)
        goto out;
      st.leniency[i] = 0.06 * gauss (rand);
      counts->n_people++;
    }
  for (guint i = 0; i < n_agents; i++)
    {
      ScaleAgent *a = &st.agents[i];
      guint t = i % n_teams;
      ScaleRubric *r;
      double weakest = G_MAXDOUBLE;

      /* Two teams in three take calls (the last rubric, phone), one emails. */
      a->rubric = rubrics->len == 1 ? 0 : (t % 3 == 2 ? rubrics->len - 2 : rubrics->len - 1);
      r = g_ptr_array_index (rubrics, a->rubric);
      a->id = add_person (store, person_name (rand, n_teams + st.n_reviewers + i), KZ_ROLE_AGENT,
                          g_array_index (teams, gint64, t), error);
      if (a->id == 0)
        goto out;
      counts->n_people++;
      a->ability = CLAMP (0.74 + 0.09 * gauss (rand), 0.4, 0.97);
      a->strength = g_new0 (double, r->n);
      a->coached = G_MAXUINT;
      for (guint k = 0; k < r->n; k++)
        {
          /* About one criterion in five is a real weak spot. */
          a->strength[k] = 0.07 * gauss (rand) - (g_rand_double (rand) < 0.2 ? 0.3 : 0.0);
          if (a->strength[k] < weakest)
            {
              weakest = a->strength[k];
              a->coached = k;
            }
        }
      if (g_rand_double (rand) < 0.4)
        {
          a->coached_at = st.start + (gint64) (g_rand_double_range (rand, 0.35, 0.65) * (st.end - st.start));
          a->coaching_works = g_rand_double (rand) < 2.0 / 3.0;
        }
      else
        a->coached = G_MAXUINT;
    }

  ok = kz_store_bulk_add_evaluations (store, scale_next, &st, &added, error);
  counts->n_evaluations = (guint) added;

out:
  for (guint i = 0; i < n_agents; i++)
    g_free (st.agents[i].strength);
  g_free (st.agents);
  g_free (st.reviewers);
  g_free (st.leniency);
  g_free (st.kinds);
  g_free (st.values);
  g_free (st.failed_by);
  g_clear_pointer (&st.score, kz_score_free);
  return ok;
}

gboolean
kz_demo_fill_scale (KzStore       *store,
                    const char    *rubrics_dir,
                    guint64        n_evaluations,
                    guint32        seed,
                    KzDemoCounts  *counts,
                    GError       **error)
{
  g_autoptr(GPtrArray) rubrics = NULL;
  g_autoptr(GRand) rand = NULL;
  KzDemoCounts local = { 0 };
  gint64 n;

  g_return_val_if_fail (KZ_IS_STORE (store), FALSE);

  n = kz_store_count (store, KZ_RECORD_PEOPLE, error);
  if (n < 0)
    return FALSE;
  if (n > 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_EXISTS,
                   _("The database already has people in it; demo data goes only into an empty database"));
      return FALSE;
    }
  rubrics = kz_demo_load_rubrics (rubrics_dir, error);
  if (rubrics == NULL)
    return FALSE;

  rand = g_rand_new_with_seed (seed);
  if (!kz_store_begin (store, error))
    return FALSE;
  if (!fill_scale (store, rubrics, n_evaluations, rand, &local, error))
    {
      kz_store_rollback (store);
      return FALSE;
    }
  if (!kz_store_commit (store, error))
    return FALSE;
  if (counts != NULL)
    *counts = local;
  return TRUE;
}
