/* kz-demo.c — a small, believable contact centre
 *
 * Northwind Energy's customer service: two sites, five teams, forty agents.
 * Each agent has a stable ability and a few stable weak spots (criteria they
 * really are worse at); each reviewer a slight leniency.  Answers are drawn
 * around those, so gap reports on demo data show real patterns.  Everything
 * comes from one GRand seeded with @seed, and dates count back from a fixed
 * day, so the same seed gives the same database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-demo"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "kz-demo.h"
#include "kz-error.h"

#define N_AGENTS_PER_TEAM 8
#define N_INTERACTIONS 420
#define N_EVALUATIONS 320

static const char *first_names[] = {
  "Amira", "Ben", "Chloé", "Dev", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas",
  "Kemi", "Liam", "Maya", "Nuno", "Olivia", "Pedro", "Quinn", "Rosa", "Samir", "Tanya",
  "Uma", "Victor", "Wen", "Xavier", "Yara", "Zoe", "Aidan", "Beatriz", "Callum", "Daria",
  "Eitan", "Fatima", "Gustavo", "Hannah", "Ivo", "Joana", "Kwame", "Leonor", "Mateus", "Niamh",
  "Oscar", "Priya", "Rui", "Sofia", "Tomás", "Ursula", "Vera", "Wojciech",
};

static const char *last_names[] = {
  "Almeida", "Brooks", "Carvalho", "Doyle", "Evans", "Ferreira", "Gallagher", "Hughes",
  "Iqbal", "Jones", "Khan", "Lopes", "Murphy", "Nunes", "O'Brien", "Pereira", "Quigley",
  "Rodrigues", "Silva", "Taylor", "Usman", "Vieira", "Walsh", "Yilmaz",
};

static const struct {
  const char *site;
  const char *team;
  const char *subjects[6];
} teams[] = {
  { "Leeds", "Billing",
    { "Bill higher than expected after meter reading", "Direct debit amount changed without notice",
      "Refund for overpayment on closed account", "Estimated reading used instead of my reading",
      "Question about the standing charge", "Payment plan after missed payments" } },
  { "Leeds", "Moving home",
    { "Moving out on the 14th — final reading", "New tenant, account still in old name",
      "Setting up supply at a new address", "Keys handed back, who pays until then?",
      "Final bill sent to old address", "Change of tenancy date is wrong" } },
  { "Leeds", "Retentions",
    { "Thinking of switching supplier", "Fixed tariff ending next month",
      "Competitor quote is cheaper", "Cancel contract within cooling-off period",
      "Exit fee on my fixed deal", "Loyalty discount request" } },
  { "Lisbon", "Smart meters",
    { "Smart meter display shows no signal", "Smart meter installation appointment",
      "In-home display not updating", "Meter readings not sent since installation",
      "Switching meter to prepayment mode", "Engineer did not arrive for appointment" } },
  { "Lisbon", "Online help",
    { "Cannot log in to my online account", "App shows a different balance to my bill",
      "Reset password email never arrives", "How do I submit a reading online?",
      "Paperless billing sign-up", "Error when updating payment card" } },
};

static const char *reviewer_names[] = {
  "Helen Marsh", "Rafael Costa", "Siobhan Kelly", "Tiago Matos", "Aisha Rahman", "Daniel Price",
};

static const char *manager_names[] = {
  "Claire Whitfield", "Marco Santos", "Gareth Lloyd",
};

static const char *low_comments[] = {
  "Missed this — see the 2nd half of the interaction.",
  "Customer had to ask twice before this was covered.",
  "Please review the knowledge-base article on this.",
  "Partly done; the customer was left unsure.",
  "Good intent, but the script step was skipped.",
};

static const char *high_comments[] = {
  "Textbook — worth sharing with the team.",
  "Clear and confident.",
  "Customer thanked you for this specifically.",
};

typedef struct {
  gint64  id;
  guint   team;
  double  ability;        /* mean normalised value, ~0.6–0.9 */
  guint32 weak_hash;      /* which criteria are weak spots */
} DemoAgent;

static double
gauss (GRand *rand)
{
  /* Box–Muller; one value per call is plenty here. */
  double u1 = g_rand_double_range (rand, 1e-12, 1.0);
  double u2 = g_rand_double (rand);

  return sqrt (-2.0 * log (u1)) * cos (2 * G_PI * u2);
}

static char *
slug (const char *name)
{
  g_autofree char *ascii = g_str_to_ascii (name, "C");
  GString *s = g_string_new (NULL);

  for (const char *p = ascii; *p; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (s, g_ascii_tolower (*p));
      else if (*p == ' ')
        g_string_append_c (s, '.');
    }
  return g_string_free (s, FALSE);
}

const char *
kz_demo_rubrics_dir (void)
{
  const char *env = g_getenv ("KAIZEN_RUBRICS_DIR");

  if (env != NULL && *env != '\0')
    return env;
  if (g_file_test (RUBRICS_DIR, G_FILE_TEST_IS_DIR))
    return RUBRICS_DIR;
  return RUBRICS_SRCDIR;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  /* g_ptr_array_sort hands us pointers to the elements. */
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static GPtrArray *
load_rubrics (const char  *dir,
              GError     **error)
{
  g_autoptr(GPtrArray) rubrics = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_rubric_unref);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) d = NULL;
  const char *name;

  d = g_dir_open (dir, 0, error);
  if (d == NULL)
    return NULL;
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".xml"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      KzRubric *rubric = kz_rubric_load_file (path, error);

      if (rubric == NULL)
        return NULL;
      g_ptr_array_add (rubrics, rubric);
    }

  if (rubrics->len == 0)
    {
      g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("No rubric files (*.xml) in %s"), dir);
      return NULL;
    }
  return g_steal_pointer (&rubrics);
}

/* Picks the scale point nearest to @target (normalised), as a reviewer would. */
static double
nearest_point (const KzCriterion *c,
               double             target)
{
  double min = kz_scale_get_min (c->scale);
  double max = kz_scale_get_max (c->scale);
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

static void
make_answers (GRand           *rand,
              KzRubric        *rubric,
              const DemoAgent *agent,
              double           leniency,
              gboolean         complete,
              KzAnswerSet     *answers)
{
  GPtrArray *sections = kz_rubric_get_sections (rubric);

  for (guint i = 0; i < sections->len; i++)
    {
      KzSection *section = g_ptr_array_index (sections, i);

      for (guint j = 0; j < section->criteria->len; j++)
        {
          KzCriterion *c = g_ptr_array_index (section->criteria, j);
          guint h = g_str_hash (c->id) ^ agent->weak_hash;
          gboolean weak = (h % 5) == 0;   /* about one criterion in five */
          double target;
          double value;
          const char *comment = NULL;

          if (!complete && g_rand_double (rand) < 0.3)
            continue;  /* drafts are half done */

          if (kz_criterion_allows_na (c) && g_rand_double (rand) < 0.08)
            {
              kz_answer_set_put (answers, kz_answer_new (c->id, KZ_ANSWER_NA, 0, NULL));
              continue;
            }

          target = agent->ability + leniency + (weak ? -0.35 : 0.05) + 0.18 * gauss (rand);

          if (c->critical != KZ_CRITICAL_NONE)
            {
              /* Critical items are mostly met; weak agents miss them sometimes. */
              double p_fail = weak ? 0.12 : 0.02;
              value = g_rand_double (rand) < p_fail ? kz_scale_get_min (c->scale)
                                                    : kz_scale_get_max (c->scale);
            }
          else if (c->scale->points->len == 2)
            value = g_rand_double (rand) < CLAMP (target, 0.02, 0.98) ? kz_scale_get_max (c->scale)
                                                                      : kz_scale_get_min (c->scale);
          else
            value = nearest_point (c, CLAMP (target, 0.0, 1.0));

          if (value <= kz_scale_get_min (c->scale) && g_rand_double (rand) < 0.7)
            comment = low_comments[g_rand_int_range (rand, 0, G_N_ELEMENTS (low_comments))];
          else if (value >= kz_scale_get_max (c->scale) && g_rand_double (rand) < 0.05)
            comment = high_comments[g_rand_int_range (rand, 0, G_N_ELEMENTS (high_comments))];

          kz_answer_set_put (answers, kz_answer_new (c->id, KZ_ANSWER_VALUE, value, comment));
        }
    }
}

static KzRubric *
rubric_for (GPtrArray  *rubrics,
            KzChannel   channel,
            guint       team,
            GRand      *rand)
{
  g_autoptr(GPtrArray) fitting = g_ptr_array_new ();

  for (guint i = 0; i < rubrics->len; i++)
    {
      KzRubric *r = g_ptr_array_index (rubrics, i);
      gboolean is_email = strstr (kz_rubric_get_id (r), "email") != NULL;
      gboolean is_compliance = strstr (kz_rubric_get_id (r), "compliance") != NULL ||
                               strstr (kz_rubric_get_id (r), "regulated") != NULL;

      if (channel == KZ_CHANNEL_EMAIL && is_email)
        g_ptr_array_add (fitting, r);
      else if (channel == KZ_CHANNEL_CALL && !is_email &&
               (!is_compliance || team == 0 || team == 2))
        g_ptr_array_add (fitting, r);
    }
  if (fitting->len == 0)
    return g_ptr_array_index (rubrics, g_rand_int_range (rand, 0, rubrics->len));
  return g_ptr_array_index (fitting, g_rand_int_range (rand, 0, fitting->len));
}

static gboolean
fill (KzStore      *store,
      GPtrArray    *rubrics,
      GRand        *rand,
      KzDemoCounts *counts,
      GError      **error)
{
  g_autoptr(GDateTime) end = g_date_time_new_utc (2026, 11, 20, 17, 0, 0);
  g_autoptr(GArray) agents = g_array_new (FALSE, TRUE, sizeof (DemoAgent));
  g_autoptr(GArray) reviewers = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_autoptr(GArray) reviewer_leniency = g_array_new (FALSE, TRUE, sizeof (double));
  g_autoptr(GArray) interactions = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_autoptr(GArray) interaction_agent = g_array_new (FALSE, TRUE, sizeof (guint));
  g_autoptr(GArray) interaction_channel = g_array_new (FALSE, TRUE, sizeof (KzChannel));
  g_autoptr(GArray) interaction_time = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_autoptr(GHashTable) used_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 team_ids[G_N_ELEMENTS (teams)];
  gint64 org, site_ids[2];

  org = kz_store_add_unit (store, KZ_UNIT_ORGANISATION, "Northwind Energy", 0, error);
  if (org == 0)
    return FALSE;
  counts->n_units++;
  for (guint s = 0; s < 2; s++)
    {
      site_ids[s] = kz_store_add_unit (store, KZ_UNIT_SITE, s == 0 ? "Leeds" : "Lisbon", org, error);
      if (site_ids[s] == 0)
        return FALSE;
      counts->n_units++;
    }
  for (guint t = 0; t < G_N_ELEMENTS (teams); t++)
    {
      guint s = g_str_equal (teams[t].site, "Leeds") ? 0 : 1;

      team_ids[t] = kz_store_add_unit (store, KZ_UNIT_TEAM, teams[t].team, site_ids[s], error);
      if (team_ids[t] == 0)
        return FALSE;
      counts->n_units++;
    }

  for (guint i = 0; i < rubrics->len; i++)
    {
      gboolean added;

      if (!kz_store_add_rubric (store, g_ptr_array_index (rubrics, i), &added, error))
        return FALSE;
      counts->n_rubrics += added;
    }

  for (guint i = 0; i < G_N_ELEMENTS (manager_names) + G_N_ELEMENTS (reviewer_names); i++)
    {
      gboolean is_manager = i < G_N_ELEMENTS (manager_names);
      const char *name = is_manager ? manager_names[i]
                                    : reviewer_names[i - G_N_ELEMENTS (manager_names)];
      g_autoptr(KzPerson) p = kz_person_new (name, is_manager ? KZ_ROLE_MANAGER | KZ_ROLE_STAFF
                                                              : KZ_ROLE_REVIEWER | KZ_ROLE_STAFF);
      g_autofree char *s = slug (name);
      gint64 id;

      if (i == 0)
        p->roles |= KZ_ROLE_ADMIN;
      g_strfreev (p->emails);
      p->emails = g_new0 (char *, 2);
      p->emails[0] = g_strdup_printf ("%s@northwind-energy.example", s);
      if (is_manager)
        p->team_id = team_ids[i % G_N_ELEMENTS (teams)];
      id = kz_store_add_person (store, p, error);
      if (id == 0)
        return FALSE;
      counts->n_people++;
      if (!is_manager)
        {
          double leniency = 0.06 * gauss (rand);
          g_array_append_val (reviewers, id);
          g_array_append_val (reviewer_leniency, leniency);
        }
    }

  for (guint t = 0; t < G_N_ELEMENTS (teams); t++)
    for (guint k = 0; k < N_AGENTS_PER_TEAM; k++)
      {
        g_autoptr(KzPerson) p = NULL;
        g_autofree char *name = NULL;
        g_autofree char *s = NULL;
        DemoAgent agent = { 0 };

        do
          {
            g_free (name);
            name = g_strdup_printf ("%s %s",
                                    first_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (first_names))],
                                    last_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (last_names))]);
          }
        while (g_hash_table_contains (used_names, name));
        g_hash_table_add (used_names, g_strdup (name));

        p = kz_person_new (name, KZ_ROLE_AGENT | KZ_ROLE_STAFF);
        s = slug (name);
        g_strfreev (p->emails);
        p->emails = g_new0 (char *, 3);
        p->emails[0] = g_strdup_printf ("%s@northwind-energy.example", s);
        p->emails[1] = g_strdup_printf ("%s@support.northwind-energy.example", s);
        p->team_id = team_ids[t];

        agent.id = kz_store_add_person (store, p, error);
        if (agent.id == 0)
          return FALSE;
        counts->n_people++;
        agent.team = t;
        agent.ability = CLAMP (0.79 + 0.09 * gauss (rand), 0.45, 0.97);
        agent.weak_hash = g_rand_int (rand);
        g_array_append_val (agents, agent);
      }

  for (guint i = 0; i < N_INTERACTIONS; i++)
    {
      guint a = g_rand_int_range (rand, 0, agents->len);
      DemoAgent *agent = &g_array_index (agents, DemoAgent, a);
      /* Online help is mostly email; everyone else mostly phone. */
      gboolean email = g_rand_double (rand) < (agent->team == 4 ? 0.8 : 0.3);
      gint64 back = g_rand_int_range (rand, 0, 120 * 24 * 60) * 60;
      g_autoptr(GDateTime) when = g_date_time_add_seconds (end, -(double) back);
      KzInteraction it = { 0 };
      gint64 id;
      gint64 unix_time;

      it.channel = email ? KZ_CHANNEL_EMAIL : KZ_CHANNEL_CALL;
      it.agent_id = agent->id;
      it.started_at = when;
      it.subject = (char *) teams[agent->team].subjects[g_rand_int_range (rand, 0, 6)];
      it.external_ref = email ? g_strdup_printf ("<demo-%u.%08x@mail.northwind-energy.example>", i, g_rand_int (rand))
                              : g_strdup_printf ("CALL-%06u", 100000 + i);
      id = kz_store_add_interaction (store, &it, error);
      g_free (it.external_ref);
      if (id == 0)
        return FALSE;
      counts->n_interactions++;
      unix_time = g_date_time_to_unix (when);
      g_array_append_val (interactions, id);
      g_array_append_val (interaction_agent, a);
      g_array_append_val (interaction_channel, it.channel);
      g_array_append_val (interaction_time, unix_time);
    }

  /* Evaluate a sample of distinct interactions. */
  for (guint i = 0; i < N_EVALUATIONS && i < interactions->len; i++)
    {
      guint pick = g_rand_int_range (rand, i, interactions->len);
      g_autoptr(KzEvaluation) ev = kz_evaluation_new ();
      DemoAgent *agent;
      KzRubric *rubric;
      guint r;
      gboolean draft = g_rand_double (rand) < 0.05;
      gint64 reviewed_at;

      /* Fisher–Yates step: move the pick to position i. */
#define SWAP(arr, type) G_STMT_START { type t_ = g_array_index (arr, type, i); \
        g_array_index (arr, type, i) = g_array_index (arr, type, pick); \
        g_array_index (arr, type, pick) = t_; } G_STMT_END
      SWAP (interactions, gint64);
      SWAP (interaction_agent, guint);
      SWAP (interaction_channel, KzChannel);
      SWAP (interaction_time, gint64);
#undef SWAP

      agent = &g_array_index (agents, DemoAgent, g_array_index (interaction_agent, guint, i));
      rubric = rubric_for (rubrics, g_array_index (interaction_channel, KzChannel, i), agent->team, rand);
      r = g_rand_int_range (rand, 0, reviewers->len);
      /* Reviews come hours to days after the call, but never after the
       * demo's last day: late calls are reviewed within what is left. */
      reviewed_at = g_array_index (interaction_time, gint64, i) + g_rand_int_range (rand, 3600, 5 * 86400);
      if (reviewed_at > g_date_time_to_unix (end))
        reviewed_at = g_array_index (interaction_time, gint64, i) +
                      (gint64) ((g_date_time_to_unix (end) - g_array_index (interaction_time, gint64, i)) *
                                g_rand_double (rand));

      ev->interaction_id = g_array_index (interactions, gint64, i);
      ev->rubric_id = g_strdup (kz_rubric_get_id (rubric));
      ev->rubric_version = kz_rubric_get_version (rubric);
      ev->reviewer_id = g_array_index (reviewers, gint64, r);
      ev->agent_id = agent->id;
      ev->state = draft ? KZ_EVALUATION_DRAFT : KZ_EVALUATION_SUBMITTED;
      ev->created_at = g_date_time_new_from_unix_utc (reviewed_at);
      ev->updated_at = g_date_time_ref (ev->created_at);
      make_answers (rand, rubric, agent, g_array_index (reviewer_leniency, double, r), !draft,
                    ev->answers);

      if (kz_store_save_evaluation (store, ev, error) == 0)
        return FALSE;
      counts->n_evaluations++;
    }

  return TRUE;
}

gboolean
kz_demo_fill (KzStore      *store,
              const char   *rubrics_dir,
              guint32       seed,
              KzDemoCounts *counts,
              GError      **error)
{
  g_autoptr(GPtrArray) rubrics = NULL;
  g_autoptr(GRand) rand = NULL;
  KzDemoCounts local_counts = { 0 };
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

  rubrics = load_rubrics (rubrics_dir ? rubrics_dir : kz_demo_rubrics_dir (), error);
  if (rubrics == NULL)
    return FALSE;

  rand = g_rand_new_with_seed (seed);

  if (!kz_store_begin (store, error))
    return FALSE;
  if (!fill (store, rubrics, rand, &local_counts, error))
    {
      kz_store_rollback (store);
      return FALSE;
    }
  if (!kz_store_commit (store, error))
    return FALSE;

  if (counts != NULL)
    *counts = local_counts;
  return TRUE;
}
