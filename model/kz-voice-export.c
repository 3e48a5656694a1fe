/* kz-voice-export.c — a closed round's figures, for the screen and exports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-voice-export"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "kz-types.h"
#include "kz-voice-export.h"

void
kz_survey_figure_free (KzSurveyFigure *self)
{
  if (self == NULL)
    return;
  g_free (self->question_id);
  g_free (self->driver);
  g_free (self->label);
  g_free (self->team);
  g_free (self);
}

const char *
kz_suppression_code (KzSuppression suppression)
{
  switch (suppression)
    {
    case KZ_SUPPRESSED_FEW:
      return "few";
    case KZ_SUPPRESSED_DIFFERENCE:
      return "difference";
    case KZ_SHOWN:
    default:
      return NULL;
    }
}

char *
kz_suppression_reason (KzSuppression suppression,
                       guint         k)
{
  switch (suppression)
    {
    case KZ_SUPPRESSED_FEW:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "fewer than %u answer", "fewer than %u answers", k), k);
    case KZ_SUPPRESSED_DIFFERENCE:
      return g_strdup (_("hidden so the others cannot be subtracted to reveal a smaller group"));
    case KZ_SHOWN:
    default:
      return NULL;
    }
}

static const KzQuestion *
find_question (GPtrArray  *bank,
               const char *id)
{
  for (guint i = 0; bank != NULL && i < bank->len; i++)
    {
      const KzQuestion *q = g_ptr_array_index (bank, i);

      if (g_strcmp0 (q->id, id) == 0)
        return q;
    }
  return NULL;
}

static const char *
team_name (GPtrArray *units,
           gint64     team_id)
{
  if (team_id == KZ_CELL_ALL)
    return NULL;
  if (team_id == KZ_CELL_NO_TEAM)
    return _("(no team)");
  for (guint i = 0; units != NULL && i < units->len; i++)
    {
      const KzUnit *u = g_ptr_array_index (units, i);

      if (u->id == team_id)
        return u->name;
    }
  return "?";
}

static const KzSurveyCell *
find_cell (GPtrArray  *cells,
           const char *question_id,
           gint64      team_id)
{
  for (guint i = 0; cells != NULL && i < cells->len; i++)
    {
      const KzSurveyCell *c = g_ptr_array_index (cells, i);

      if (c->team_id == team_id && g_strcmp0 (c->question_id, question_id) == 0)
        return c;
    }
  return NULL;
}

/* The scale's step on 0–100: a change of one point of the question's own
 * scale is this many points of the score. */
static double
score_slope (KzQuestionKind kind)
{
  return kz_survey_normalise (kind, 1.0) - kz_survey_normalise (kind, 0.0);
}

static KzSurveyFigure *
question_figure (const KzSurveyCell *cell,
                 const KzQuestion   *q,
                 GPtrArray          *previous,
                 GPtrArray          *units)
{
  KzSurveyFigure *f = g_new0 (KzSurveyFigure, 1);
  const KzSurveyCell *before;

  f->kind = KZ_FIGURE_QUESTION;
  f->question_id = g_strdup (cell->question_id);
  f->driver = q != NULL ? g_strdup (q->driver) : NULL;
  f->label = g_strdup (q != NULL ? q->text : cell->question_id);
  f->question_kind = q != NULL ? q->kind : KZ_QUESTION_SCALE_0_10;
  f->is_enps = q != NULL && q->enps;
  f->team_id = cell->team_id;
  f->team = g_strdup (team_name (units, cell->team_id));
  f->suppression = cell->suppression;
  if (cell->suppression != KZ_SHOWN)
    return f;

  f->n = cell->n;
  memcpy (f->counts, cell->counts, sizeof f->counts);
  f->has_mean = kz_survey_cell_mean (cell, &f->mean);
  if (f->has_mean)
    {
      f->has_score = TRUE;
      f->score = kz_survey_normalise (f->question_kind, f->mean.mean);
    }
  if (f->is_enps)
    f->has_enps = kz_survey_cell_enps (cell, &f->enps);

  before = find_cell (previous, cell->question_id, cell->team_id);
  if (before != NULL && before->suppression == KZ_SHOWN && before->n > 0)
    {
      KzWelch w;
      double slope = score_slope (f->question_kind);

      f->change_significant = kz_survey_cell_change (before, cell, &w);
      if (w.defined)
        {
          f->has_change = TRUE;
          f->change_tested = TRUE;
          f->change = w.diff * slope;
          f->change_low = w.low * slope;
          f->change_high = w.high * slope;
        }
      else
        f->change_significant = FALSE;

      if (f->has_enps)
        {
          KzEnps old;
          double se_diff;

          if (kz_survey_cell_enps (before, &old))
            f->has_enps_change = kz_enps_change (&old, &f->enps, &f->enps_change, &se_diff,
                                                 &f->enps_change_significant);
        }
    }
  return f;
}

/* The pooled answers of @questions for one group, on 0–100; NULL when a
 * cell behind it is not shown (*@suppression says why) or missing. */
static GArray *
driver_values (GPtrArray     *cells,
               GPtrArray     *questions,
               gint64         team_id,
               KzSuppression *suppression)
{
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  gboolean missing = FALSE;

  *suppression = KZ_SHOWN;
  for (guint i = 0; i < questions->len; i++)
    {
      const KzQuestion *q = g_ptr_array_index (questions, i);
      const KzSurveyCell *cell = find_cell (cells, q->id, team_id);

      if (cell == NULL)
        {
          missing = TRUE;
          continue;
        }
      if (cell->suppression == KZ_SUPPRESSED_FEW)
        *suppression = KZ_SUPPRESSED_FEW;
      else if (cell->suppression == KZ_SUPPRESSED_DIFFERENCE && *suppression == KZ_SHOWN)
        *suppression = KZ_SUPPRESSED_DIFFERENCE;
      if (cell->suppression != KZ_SHOWN)
        continue;
      for (int v = 0; v <= 10; v++)
        for (guint c = 0; c < cell->counts[v]; c++)
          {
            double d = kz_survey_normalise (q->kind, v);

            g_array_append_val (values, d);
          }
    }
  if (*suppression != KZ_SHOWN || missing || values->len == 0)
    return NULL;
  return g_steal_pointer (&values);
}

static KzSurveyFigure *
driver_figure (const char *driver,
               GPtrArray  *questions,   /* the driver's scored questions in this round */
               GPtrArray  *cells,
               GPtrArray  *previous,
               GPtrArray  *units,
               gint64      team_id)
{
  KzSurveyFigure *f = g_new0 (KzSurveyFigure, 1);
  g_autoptr(GArray) values = NULL;
  g_autoptr(GArray) old_values = NULL;
  KzSuppression old_suppression;
  double sum = 0;

  f->kind = KZ_FIGURE_DRIVER;
  f->driver = g_strdup (driver);
  f->label = g_strdup (driver);
  f->team_id = team_id;
  f->team = g_strdup (team_name (units, team_id));

  values = driver_values (cells, questions, team_id, &f->suppression);
  if (values == NULL)
    {
      /* A group with no answers at all to one question is no figure, and
       * not suppressed either: there is nothing to hide. */
      return f;
    }
  for (guint i = 0; i < values->len; i++)
    sum += g_array_index (values, double, i);
  f->n = values->len;
  f->has_score = TRUE;
  f->score = sum / values->len;

  if (previous != NULL)
    {
      /* The same questions in the previous round, when it asked them all
       * and every cell was shown. */
      old_values = driver_values (previous, questions, team_id, &old_suppression);
      if (old_values != NULL && questions->len == 1)
        {
          /* One question: its answers are independent, Welch applies. */
          KzWelch w;

          kz_welch ((double *) values->data, values->len, (double *) old_values->data, old_values->len, &w);
          if (w.defined)
            {
              f->has_change = TRUE;
              f->change_tested = TRUE;
              f->change = w.diff;
              f->change_low = w.low;
              f->change_high = w.high;
              f->change_significant = w.low > 0 || w.high < 0;
            }
        }
      else if (old_values != NULL)
        {
          double old_sum = 0;

          for (guint i = 0; i < old_values->len; i++)
            old_sum += g_array_index (old_values, double, i);
          f->has_change = TRUE;
          f->change = f->score - old_sum / old_values->len;
          f->change_low = f->change_high = NAN;
        }
    }
  return f;
}

GPtrArray *
kz_survey_figures (GPtrArray      *cells,
                   GPtrArray      *previous,
                   GPtrArray      *bank,
                   GPtrArray      *units,
                   KzFiguresFlags  flags)
{
  GPtrArray *figures = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_survey_figure_free);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();        /* question ids, the round's order */
  g_autoptr(GArray) teams = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) drivers_done = g_hash_table_new (g_str_hash, g_str_equal);

  gint64 whole = KZ_CELL_ALL;

  g_return_val_if_fail (cells != NULL, figures);

  g_array_append_val (teams, whole);
  for (guint i = 0; i < cells->len; i++)
    {
      const KzSurveyCell *c = g_ptr_array_index (cells, i);
      gboolean known = FALSE;

      for (guint j = 0; j < order->len && !known; j++)
        known = g_str_equal (g_ptr_array_index (order, j), c->question_id);
      if (!known)
        g_ptr_array_add (order, c->question_id);
      known = FALSE;
      for (guint j = 0; j < teams->len && !known; j++)
        known = g_array_index (teams, gint64, j) == c->team_id;
      if (!known && (flags & KZ_FIGURES_BY_TEAM))
        g_array_append_val (teams, c->team_id);
    }

  for (guint i = 0; i < order->len; i++)
    {
      const char *id = g_ptr_array_index (order, i);
      const KzQuestion *q = find_question (bank, id);
      const char *driver = q != NULL && !q->enps ? q->driver : NULL;
      g_autoptr(GPtrArray) members = g_ptr_array_new ();

      if (driver != NULL && g_hash_table_contains (drivers_done, driver))
        continue;   /* listed with its driver already */

      if (driver != NULL)
        {
          g_hash_table_add (drivers_done, (gpointer) driver);
          for (guint j = i; j < order->len; j++)
            {
              const KzQuestion *other = find_question (bank, g_ptr_array_index (order, j));

              if (other != NULL && !other->enps && g_strcmp0 (other->driver, driver) == 0)
                g_ptr_array_add (members, (gpointer) other);
            }
        }

      if (driver != NULL && (flags & KZ_FIGURES_DRIVERS))
        for (guint t = 0; t < teams->len; t++)
          g_ptr_array_add (figures, driver_figure (driver, members, cells, previous, units,
                                                   g_array_index (teams, gint64, t)));

      if (driver == NULL)
        g_ptr_array_add (members, (gpointer) q);
      /* A question's figures in the cells' own order (the whole round,
       * then its teams), as kaizenctl has always printed them. */
      for (guint m = 0; m < members->len; m++)
        {
          const KzQuestion *mq = g_ptr_array_index (members, m);
          const char *qid = mq != NULL ? mq->id : id;

          for (guint c = 0; c < cells->len; c++)
            {
              const KzSurveyCell *cell = g_ptr_array_index (cells, c);

              if (g_str_equal (cell->question_id, qid) &&
                  (cell->team_id == KZ_CELL_ALL || (flags & KZ_FIGURES_BY_TEAM)))
                g_ptr_array_add (figures, question_figure (cell, mq, previous, units));
            }
        }
    }
  return figures;
}

KzSurveyFigure *
kz_survey_figures_find (GPtrArray  *figures,
                        const char *driver,
                        const char *question_id,
                        gint64      team_id)
{
  g_return_val_if_fail (figures != NULL, NULL);

  for (guint i = 0; i < figures->len; i++)
    {
      KzSurveyFigure *f = g_ptr_array_index (figures, i);

      if (f->team_id != team_id)
        continue;
      if (question_id != NULL && f->kind == KZ_FIGURE_QUESTION && g_strcmp0 (f->question_id, question_id) == 0)
        return f;
      if (question_id == NULL && f->kind == KZ_FIGURE_DRIVER && g_strcmp0 (f->driver, driver) == 0)
        return f;
    }
  return NULL;
}

const KzSurveyRound *
kz_survey_previous_round (GPtrArray           *rounds,
                          const KzSurveyRound *round,
                          const GDate         *today)
{
  const KzSurveyRound *best = NULL;

  g_return_val_if_fail (rounds != NULL && round != NULL && today != NULL, NULL);

  if (round->plan_id == 0)
    return NULL;
  for (guint i = 0; i < rounds->len; i++)
    {
      const KzSurveyRound *r = g_ptr_array_index (rounds, i);

      if (r->id == round->id || r->plan_id != round->plan_id || !kz_survey_round_is_closed (r, today))
        continue;
      if (g_date_compare (&r->opens_on, &round->opens_on) > 0 ||
          (g_date_compare (&r->opens_on, &round->opens_on) == 0 && r->id > round->id))
        continue;
      if (best == NULL || g_date_compare (&r->opens_on, &best->opens_on) > 0 ||
          (g_date_compare (&r->opens_on, &best->opens_on) == 0 && r->id > best->id))
        best = r;
    }
  return best;
}

/* ---- CSV ------------------------------------------------------------------------ */

static void
csv_field (GString    *line,
           const char *value,
           gboolean    last)
{
  if (value != NULL && strpbrk (value, ",\"\n\r") != NULL)
    {
      g_string_append_c (line, '"');
      for (const char *p = value; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (line, '"');
          g_string_append_c (line, *p);
        }
      g_string_append_c (line, '"');
    }
  else if (value != NULL)
    g_string_append (line, value);
  g_string_append_c (line, last ? '\n' : ',');
}

static void
csv_number (GString  *line,
            double    value,
            gboolean  shown)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  csv_field (line, shown && isfinite (value) ? g_ascii_formatd (buf, sizeof buf, "%.4f", value) : NULL, FALSE);
}

static void
csv_flag (GString  *line,
          gboolean  value,
          gboolean  shown,
          gboolean  last)
{
  csv_field (line, shown ? (value ? "yes" : "no") : NULL, last);
}

char *
kz_survey_figures_to_csv (GPtrArray *figures,
                          guint      k,
                          gboolean   all_figures)
{
  GString *out = g_string_new ("question,team_id,team,n,mean,mean_low,mean_high,suppressed,reason");

  g_return_val_if_fail (figures != NULL, NULL);

  for (guint v = 0; v <= 10; v++)
    g_string_append_printf (out, ",count_%u", v);
  if (all_figures)
    g_string_append (out, ",figure,driver,score,enps,enps_low,enps_high,change,change_significant,"
                          "enps_change,enps_change_significant");
  g_string_append_c (out, '\n');

  for (guint i = 0; i < figures->len; i++)
    {
      const KzSurveyFigure *f = g_ptr_array_index (figures, i);
      g_autofree char *reason = kz_suppression_reason (f->suppression, k);
      g_autofree char *team_id = f->team_id != KZ_CELL_ALL ? g_strdup_printf ("%" G_GINT64_FORMAT, f->team_id)
                                                           : NULL;
      gboolean shown = f->suppression == KZ_SHOWN;
      gboolean question = f->kind == KZ_FIGURE_QUESTION;
      g_autofree char *n = shown && (f->n > 0 || question) ? g_strdup_printf ("%u", f->n) : NULL;

      csv_field (out, f->question_id, FALSE);
      csv_field (out, team_id, FALSE);
      csv_field (out, f->team, FALSE);
      csv_field (out, n, FALSE);
      csv_number (out, f->mean.mean, shown && f->has_mean);
      csv_number (out, f->mean.low, shown && f->has_mean && f->mean.defined);
      csv_number (out, f->mean.high, shown && f->has_mean && f->mean.defined);
      csv_field (out, kz_suppression_code (f->suppression), FALSE);
      csv_field (out, reason, FALSE);
      for (guint v = 0; v <= 10; v++)
        {
          g_autofree char *count = shown && question ? g_strdup_printf ("%u", f->counts[v]) : NULL;

          csv_field (out, count, v == 10 && !all_figures);
        }
      if (!all_figures)
        continue;
      csv_field (out, question ? "question" : "driver", FALSE);
      csv_field (out, f->driver, FALSE);
      csv_number (out, f->score, shown && f->has_score);
      csv_number (out, f->enps.enps, shown && f->has_enps);
      csv_number (out, f->enps.low, shown && f->has_enps);
      csv_number (out, f->enps.high, shown && f->has_enps);
      csv_number (out, f->change, shown && f->has_change);
      csv_flag (out, f->change_significant, shown && f->has_change && f->change_tested, FALSE);
      csv_number (out, f->enps_change, shown && f->has_enps_change);
      csv_flag (out, f->enps_change_significant, shown && f->has_enps_change, TRUE);
    }
  return g_string_free (out, FALSE);
}
