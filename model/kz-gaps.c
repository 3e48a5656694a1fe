/* kz-gaps.c — where agents and teams fall short of a rubric's targets
 *
 * See kz-gaps.h for the rules.  The report reads the roll-ups (issue #9,
 * ../shared/spec/scale.md: reports never scan raw answers), summing the
 * whole ISO weeks of the period; kz_gaps_compute_from_tallies() keeps the
 * raw path — how often each agent gave each answer
 * (kz_store_answer_tallies()) — as the reference the tests and the
 * benchmark compare with.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-gaps"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "kz-chart-data.h"
#include "kz-error.h"
#include "kz-gaps.h"
#include "kz-rollup.h"
#include "kz-score.h"

static void
gap_cell_free (KzGapCell *cell)
{
  g_free (cell->unit_name);
  g_free (cell->criterion_id);
  g_free (cell->criterion_title);
  g_free (cell->section_id);
  g_free (cell);
}

void
kz_gap_report_free (KzGapReport *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->rubric, kz_rubric_unref);
  g_clear_pointer (&self->from, g_date_time_unref);
  g_clear_pointer (&self->to, g_date_time_unref);
  g_clear_pointer (&self->cells, g_ptr_array_unref);
  g_free (self);
}

typedef struct {
  gint64 unit_id;
  const KzCriterion *criterion;  /* of the latest version */
  double sum;                    /* Σ 100 × v */
  guint  n, n_na;
} Acc;

static int
compare_cells (gconstpointer a,
               gconstpointer b)
{
  const KzGapCell *x = *(KzGapCell * const *) a;
  const KzGapCell *y = *(KzGapCell * const *) b;
  int c;

  if (x->has_mean != y->has_mean)
    return x->has_mean ? -1 : 1;
  if (x->has_mean && x->priority != y->priority)
    return x->priority > y->priority ? -1 : 1;
  if (x->unit_name != NULL && y->unit_name != NULL &&
      (c = g_utf8_collate (x->unit_name, y->unit_name)) != 0)
    return c;
  if (x->unit_id != y->unit_id)
    return x->unit_id < y->unit_id ? -1 : 1;
  return strcmp (x->criterion_id, y->criterion_id);
}

/* The cells of @accs (unit × criterion sums), sorted. */
static KzGapReport *
report_from_accs (KzRubric   *latest,
                  GHashTable *accs,
                  KzGapsBy    by,
                  GHashTable *names)
{
  KzGapReport *report;
  GHashTableIter iter;
  gpointer value;

  report = g_new0 (KzGapReport, 1);
  report->rubric = kz_rubric_ref (latest);
  report->by = by;
  report->cells = g_ptr_array_new_with_free_func ((GDestroyNotify) gap_cell_free);

  g_hash_table_iter_init (&iter, accs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const Acc *acc = value;
      const KzCriterion *c = acc->criterion;
      KzGapCell *cell = g_new0 (KzGapCell, 1);
      const char *name = names != NULL ? g_hash_table_lookup (names, &acc->unit_id) : NULL;

      cell->unit_id = acc->unit_id;
      if (name != NULL)
        cell->unit_name = g_strdup (name);
      else if (by == KZ_GAPS_BY_TEAM && acc->unit_id == 0)
        cell->unit_name = g_strdup (_("No team"));
      else
        cell->unit_name = g_strdup_printf ("#%" G_GINT64_FORMAT, acc->unit_id);
      cell->criterion_id = g_strdup (c->id);
      cell->criterion_title = g_strdup (c->title);
      cell->section_id = g_strdup (c->section != NULL ? c->section->id : NULL);
      cell->weight = c->weight;
      cell->target = c->has_target ? c->target : kz_rubric_get_pass_mark (latest);
      cell->n = acc->n;
      cell->n_na = acc->n_na;
      cell->na_rate = acc->n + acc->n_na > 0 ? (double) acc->n_na / (acc->n + acc->n_na) : 0.0;
      cell->has_mean = acc->n > 0;
      if (cell->has_mean)
        {
          cell->mean = acc->sum / acc->n;
          cell->gap = cell->target - cell->mean;
          cell->priority = cell->gap * cell->weight;
        }
      g_ptr_array_add (report->cells, cell);
    }
  g_ptr_array_sort (report->cells, compare_cells);
  return report;
}

KzGapReport *
kz_gaps_from_tallies (KzRubric   *latest,
                      GHashTable *versions,
                      GPtrArray  *tallies,
                      KzGapsBy    by,
                      GHashTable *names)
{
  g_autoptr(GHashTable) accs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_return_val_if_fail (latest != NULL, NULL);
  g_return_val_if_fail (tallies != NULL, NULL);

  for (guint i = 0; i < tallies->len; i++)
    {
      const KzAnswerTally *t = g_ptr_array_index (tallies, i);
      KzRubric *version = versions != NULL ? g_hash_table_lookup (versions, GINT_TO_POINTER (t->rubric_version))
                                           : NULL;
      const KzCriterion *now = kz_rubric_find_criterion (latest, t->criterion_id);
      const KzCriterion *then;
      gint64 unit = by == KZ_GAPS_BY_AGENT ? t->agent_id : t->team_id;
      g_autofree char *key = NULL;
      Acc *acc;

      if (version == NULL && t->rubric_version == kz_rubric_get_version (latest))
        version = latest;
      if (now == NULL || version == NULL)
        continue;
      then = kz_rubric_find_criterion (version, t->criterion_id);
      if (then == NULL)
        continue;

      key = g_strdup_printf ("%" G_GINT64_FORMAT "\x1f%s", unit, t->criterion_id);
      acc = g_hash_table_lookup (accs, key);
      if (acc == NULL)
        {
          acc = g_new0 (Acc, 1);
          acc->unit_id = unit;
          acc->criterion = now;
          g_hash_table_insert (accs, g_steal_pointer (&key), acc);
        }
      if (t->is_na)
        acc->n_na += t->count;
      else
        {
          acc->sum += t->count * 100.0 * kz_criterion_normalise (then, t->value);
          acc->n += t->count;
        }
    }

  return report_from_accs (latest, accs, by, names);
}

static void
free_rubric (gpointer p)
{
  kz_rubric_unref (p);
}

/* @rubric_id, or the rubric with the most evaluations. */
static char *
choose_rubric (KzStore     *store,
               const char  *rubric_id,
               GError     **error)
{
  g_autoptr(GPtrArray) infos = NULL;
  g_autoptr(GHashTable) counts = NULL;
  char *chosen = NULL;
  guint best = 0;

  if (rubric_id != NULL)
    return g_strdup (rubric_id);
  infos = kz_store_list_rubrics (store, error);
  if (infos == NULL)
    return NULL;
  counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < infos->len; i++)
    {
      const KzRubricInfo *info = g_ptr_array_index (infos, i);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, info->id)) + info->n_evaluations;

      g_hash_table_insert (counts, g_strdup (info->id), GUINT_TO_POINTER (n));
      if (chosen == NULL || n > best || (n == best && strcmp (info->id, chosen) < 0))
        {
          g_free (chosen);
          chosen = g_strdup (info->id);
          best = n;
        }
    }
  if (chosen == NULL)
    g_set_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND, _("There are no rubrics yet"));
  return chosen;
}

/* Agent @unit's name into @names, once. */
static void
name_agent (KzStore    *store,
            GHashTable *names,
            gint64      unit)
{
  g_autoptr(KzPerson) person = NULL;

  if (g_hash_table_contains (names, &unit))
    return;
  person = kz_store_get_person (store, unit, NULL);
  if (person != NULL)
    g_hash_table_insert (names, g_memdup2 (&unit, sizeof unit), g_strdup (person->name));
}

static gboolean
name_teams (KzStore     *store,
            GHashTable  *names,
            GError     **error)
{
  g_autoptr(GPtrArray) units = kz_store_list_units (store, error);

  if (units == NULL)
    return FALSE;
  for (guint i = 0; i < units->len; i++)
    {
      const KzUnit *u = g_ptr_array_index (units, i);

      g_hash_table_insert (names, g_memdup2 (&u->id, sizeof u->id), g_strdup (u->name));
    }
  return TRUE;
}

static GDateTime *
week_start (int week)
{
  g_autoptr(GDateTime) epoch = g_date_time_new_from_unix_utc (0);

  return g_date_time_add_days (epoch, week);
}

void
kz_gaps_round_period (GDateTime  *from,
                      GDateTime  *to,
                      int        *first_week,
                      int        *last_week,
                      GDateTime **week_from,
                      GDateTime **week_to)
{
  int first = from != NULL ? kz_rollup_week (g_date_time_to_unix (from)) : G_MININT;
  /* @to is exclusive: its week is the one holding the moment before it. */
  int last = to != NULL ? kz_rollup_week (g_date_time_to_unix (to) - 1) : G_MAXINT;

  if (first_week != NULL)
    *first_week = first;
  if (last_week != NULL)
    *last_week = last;
  if (week_from != NULL)
    *week_from = from != NULL ? week_start (first) : NULL;
  if (week_to != NULL)
    *week_to = to != NULL ? week_start (last + 7) : NULL;
}

KzGapReport *
kz_gaps_compute (KzStore     *store,
                 const char  *rubric_id,
                 KzGapsBy     by,
                 GDateTime   *from,
                 GDateTime   *to,
                 GError     **error)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GHashTable) accs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) cells = NULL;
  g_autoptr(KzRubric) latest = NULL;
  g_autofree char *chosen = NULL;
  g_autoptr(GDateTime) week_from = NULL;
  g_autoptr(GDateTime) week_to = NULL;
  KzGapReport *report;
  int first_week, last_week;

  g_return_val_if_fail (KZ_IS_STORE (store), NULL);

  chosen = choose_rubric (store, rubric_id, error);
  if (chosen == NULL)
    return NULL;
  latest = kz_store_get_rubric (store, chosen, 0, error);
  if (latest == NULL)
    return NULL;

  kz_gaps_round_period (from, to, &first_week, &last_week, &week_from, &week_to);
  if (first_week > last_week)
    cells = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_rollup_cell_free);
  else if (by == KZ_GAPS_BY_AGENT)
    cells = kz_store_rollup_agents (store, chosen, first_week, last_week, error);
  else
    {
      GDate d_from, d_to;

      g_date_clear (&d_from, 1);
      g_date_clear (&d_to, 1);
      if (from != NULL)
        {
          g_date_set_dmy (&d_from, 1, G_DATE_JANUARY, 1970);
          g_date_add_days (&d_from, (guint) first_week);
        }
      if (to != NULL)
        {
          g_date_set_dmy (&d_to, 1, G_DATE_JANUARY, 1970);
          g_date_add_days (&d_to, (guint) last_week);
        }
      cells = kz_store_rollup_heatmap (store, chosen, from != NULL ? &d_from : NULL, to != NULL ? &d_to : NULL,
                                       error);
    }
  if (cells == NULL)
    return NULL;
  if (by == KZ_GAPS_BY_TEAM && !name_teams (store, names, error))
    return NULL;

  /* The roll-ups hold Σ v and the count of the answers with a value, each
   * normalised on the scale of the rubric version its evaluation used, and
   * the N/A answers: what kz_gaps_from_tallies() sums from raw tallies. */
  for (guint i = 0; i < cells->len; i++)
    {
      const KzRollupCell *c = g_ptr_array_index (cells, i);
      const KzCriterion *now = kz_rubric_find_criterion (latest, c->criterion_id);
      g_autofree char *key = NULL;
      Acc *acc;

      if (now == NULL || (c->n_value == 0 && c->n_na == 0))
        continue;
      key = g_strdup_printf ("%" G_GINT64_FORMAT "\x1f%s", c->owner_id, c->criterion_id);
      acc = g_hash_table_lookup (accs, key);
      if (acc == NULL)
        {
          acc = g_new0 (Acc, 1);
          acc->unit_id = c->owner_id;
          acc->criterion = now;
          g_hash_table_insert (accs, g_steal_pointer (&key), acc);
          if (by == KZ_GAPS_BY_AGENT)
            name_agent (store, names, c->owner_id);
        }
      acc->sum += 100.0 * c->sum_value;
      acc->n += (guint) c->n_value;
      acc->n_na += (guint) c->n_na;
    }

  report = report_from_accs (latest, accs, by, names);
  report->from = g_steal_pointer (&week_from);
  report->to = g_steal_pointer (&week_to);
  return report;
}

KzGapReport *
kz_gaps_compute_from_tallies (KzStore     *store,
                              const char  *rubric_id,
                              KzGapsBy     by,
                              GDateTime   *from,
                              GDateTime   *to,
                              GError     **error)
{
  g_autoptr(GHashTable) versions = g_hash_table_new_full (NULL, NULL, NULL, free_rubric);
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GPtrArray) tallies = NULL;
  g_autoptr(KzRubric) latest = NULL;
  g_autofree char *chosen = NULL;
  KzGapReport *report;

  g_return_val_if_fail (KZ_IS_STORE (store), NULL);

  chosen = choose_rubric (store, rubric_id, error);
  if (chosen == NULL)
    return NULL;
  latest = kz_store_get_rubric (store, chosen, 0, error);
  if (latest == NULL)
    return NULL;
  tallies = kz_store_answer_tallies (store, chosen, from, to, error);
  if (tallies == NULL)
    return NULL;

  for (guint i = 0; i < tallies->len; i++)
    {
      const KzAnswerTally *t = g_ptr_array_index (tallies, i);
      gint64 unit = by == KZ_GAPS_BY_AGENT ? t->agent_id : t->team_id;

      if (!g_hash_table_contains (versions, GINT_TO_POINTER (t->rubric_version)))
        {
          KzRubric *r = kz_store_get_rubric (store, chosen, t->rubric_version, error);

          if (r == NULL)
            return NULL;
          g_hash_table_insert (versions, GINT_TO_POINTER (t->rubric_version), r);
        }
      if (by == KZ_GAPS_BY_AGENT)
        name_agent (store, names, unit);
    }
  if (by == KZ_GAPS_BY_TEAM && !name_teams (store, names, error))
    return NULL;

  report = kz_gaps_from_tallies (latest, versions, tallies, by, names);
  report->from = from != NULL ? g_date_time_ref (from) : NULL;
  report->to = to != NULL ? g_date_time_ref (to) : NULL;
  return report;
}

static char *
format_day (GDateTime *t)
{
  return t != NULL ? g_date_time_format (t, "%Y-%m-%d") : NULL;
}

char *
kz_gap_report_to_json (const KzGapReport *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *from = format_day (self->from);
  g_autofree char *to = NULL;

  /* The period is inclusive of its last day in the CLI: show that day. */
  if (self->to != NULL)
    {
      g_autoptr(GDateTime) last = g_date_time_add_days (self->to, -1);

      to = format_day (last);
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "rubric");
  json_builder_add_string_value (b, kz_rubric_get_id (self->rubric));
  json_builder_set_member_name (b, "rubric_version");
  json_builder_add_int_value (b, kz_rubric_get_version (self->rubric));
  json_builder_set_member_name (b, "by");
  json_builder_add_string_value (b, self->by == KZ_GAPS_BY_AGENT ? "agent" : "team");
  json_builder_set_member_name (b, "from");
  if (from != NULL)
    json_builder_add_string_value (b, from);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "to");
  if (to != NULL)
    json_builder_add_string_value (b, to);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "cells");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->cells->len; i++)
    {
      const KzGapCell *c = g_ptr_array_index (self->cells, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, self->by == KZ_GAPS_BY_AGENT ? "agent_id" : "team_id");
      json_builder_add_int_value (b, c->unit_id);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, c->unit_name);
      json_builder_set_member_name (b, "criterion");
      json_builder_add_string_value (b, c->criterion_id);
      json_builder_set_member_name (b, "title");
      json_builder_add_string_value (b, c->criterion_title);
      json_builder_set_member_name (b, "weight");
      json_builder_add_double_value (b, c->weight);
      json_builder_set_member_name (b, "target");
      json_builder_add_double_value (b, c->target);
      json_builder_set_member_name (b, "n");
      json_builder_add_int_value (b, c->n);
      json_builder_set_member_name (b, "n_na");
      json_builder_add_int_value (b, c->n_na);
      json_builder_set_member_name (b, "na_rate");
      json_builder_add_double_value (b, c->na_rate);
      json_builder_set_member_name (b, "mean");
      if (c->has_mean)
        json_builder_add_double_value (b, c->mean);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "gap");
      if (c->has_mean)
        json_builder_add_double_value (b, c->gap);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "gap_x_weight");
      if (c->has_mean)
        json_builder_add_double_value (b, c->priority);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, NULL);
}

static void
csv_field (GString    *out,
           const char *text)
{
  if (text == NULL)
    return;
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
csv_number (GString *out,
            double   value,
            int      decimals)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (out, g_ascii_formatd (buf, sizeof buf, decimals == 1 ? "%.1f" : "%.4f", value));
}

char *
kz_gap_report_to_csv (const KzGapReport *self)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "%s,name,criterion,weight,target,n,n_na,na_rate,mean,gap,gap_x_weight\r\n",
                          self->by == KZ_GAPS_BY_AGENT ? "agent_id" : "team_id");
  for (guint i = 0; i < self->cells->len; i++)
    {
      const KzGapCell *c = g_ptr_array_index (self->cells, i);

      g_string_append_printf (out, "%" G_GINT64_FORMAT ",", c->unit_id);
      csv_field (out, c->unit_name);
      g_string_append_c (out, ',');
      csv_field (out, c->criterion_id);
      g_string_append_c (out, ',');
      csv_number (out, c->weight, 4);
      g_string_append_c (out, ',');
      csv_number (out, c->target, 4);
      g_string_append_printf (out, ",%u,%u,", c->n, c->n_na);
      csv_number (out, c->na_rate, 4);
      g_string_append_c (out, ',');
      if (c->has_mean)
        {
          csv_number (out, c->mean, 4);
          g_string_append_c (out, ',');
          csv_number (out, c->gap, 4);
          g_string_append_c (out, ',');
          csv_number (out, c->priority, 4);
        }
      else
        g_string_append (out, ",,");
      g_string_append (out, "\r\n");
    }
  return g_string_free (out, FALSE);
}

/* ---- as a heatmap ---------------------------------------------------------- */

static char *
cell_note (const KzGapCell *cell)
{
  g_autofree char *na = g_strdup_printf ("%.1f%%", 100.0 * cell->na_rate);

  if (!cell->has_mean)
    /* Translators: a gap cell with only N/A answers, and its N/A rate */
    return g_strdup_printf (_("n = 0, N/A %s"), na);
  /* Translators: a gap cell's note: answers, N/A rate, target, gap (target − mean) */
  return g_strdup_printf (_("n = %u, N/A %s, target %.1f, gap %+.1f"), cell->n, na, cell->target, cell->gap);
}

static guint
row_of (GArray *units,
        gint64  unit_id)
{
  for (guint r = 0; r < units->len; r++)
    if (g_array_index (units, gint64, r) == unit_id)
      return r;
  return G_MAXUINT;
}

static guint
column_of (GPtrArray  *criteria,
           const char *criterion_id)
{
  for (guint c = 0; c < criteria->len; c++)
    if (g_strcmp0 (g_ptr_array_index (criteria, c), criterion_id) == 0)
      return c;
  return G_MAXUINT;
}

KzChartData *
kz_gap_report_build_chart (const KzGapReport *report,
                           GArray            *row_units,
                           GPtrArray         *column_criteria)
{
  g_autoptr(GArray) units = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) criteria = g_ptr_array_new_with_free_func (g_free);
  KzChartData *data;

  g_return_val_if_fail (report != NULL, NULL);

  data = kz_chart_data_new (KZ_CHART_HEATMAP, KZ_CHART_UNIT_SCORE,
                            report->by == KZ_GAPS_BY_AGENT ? _("criterion mean by agent") : _("criterion mean by team"));
  kz_chart_data_set_category_title (data, report->by == KZ_GAPS_BY_AGENT ? _("Agent") : _("Team"));
  kz_chart_data_set_category_noun (data, _("criterion"), _("criteria"));
  if (report->by == KZ_GAPS_BY_AGENT)
    kz_chart_data_set_row_noun (data, _("agent"), _("agents"));
  else
    kz_chart_data_set_row_noun (data, _("team"), _("teams"));
  kz_chart_data_set_target (data, kz_rubric_get_pass_mark (report->rubric));

  /* Rows and columns where their largest gap × weight comes (the cells are
   * sorted so), each column coloured against its own criterion's target. */
  for (guint i = 0; i < report->cells->len; i++)
    {
      KzGapCell *cell = g_ptr_array_index (report->cells, i);

      if (row_of (units, cell->unit_id) == G_MAXUINT)
        {
          g_array_append_val (units, cell->unit_id);
          kz_chart_data_add_row (data, cell->unit_name != NULL ? cell->unit_name
                                                               : report->by == KZ_GAPS_BY_TEAM ? _("No team") : "—");
        }
      if (column_of (criteria, cell->criterion_id) == G_MAXUINT)
        {
          guint column;

          g_ptr_array_add (criteria, g_strdup (cell->criterion_id));
          column = kz_chart_data_add_category (data, cell->criterion_title != NULL ? cell->criterion_title
                                                                                  : cell->criterion_id);
          kz_chart_data_set_column_target (data, column, cell->target);
        }
    }
  for (guint i = 0; i < report->cells->len; i++)
    {
      KzGapCell *cell = g_ptr_array_index (report->cells, i);
      g_autofree char *note = cell_note (cell);
      guint row = row_of (units, cell->unit_id), column = column_of (criteria, cell->criterion_id);

      kz_chart_data_set_cell (data, row, column, cell->has_mean ? cell->mean : NAN, cell->n);
      kz_chart_data_set_cell_note (data, row, column, note);
    }

  if (row_units != NULL)
    g_array_append_vals (row_units, units->data, units->len);
  if (column_criteria != NULL)
    for (guint c = 0; c < criteria->len; c++)
      g_ptr_array_add (column_criteria, g_strdup (g_ptr_array_index (criteria, c)));
  return data;
}
