/* kz-rollup.c — roll-up records
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "kz-rollup.h"

void
kz_rollup_cell_free (KzRollupCell *self)
{
  if (self == NULL)
    return;
  g_free (self->rubric_id);
  g_free (self->criterion_id);
  g_free (self);
}

double
kz_rollup_cell_mean (const KzRollupCell *self)
{
  return self->n_applicable > 0 ? self->sum_v / (double) self->n_applicable : NAN;
}

double
kz_rollup_week_mean (const KzRollupWeek *self)
{
  return self->n_scored > 0 ? self->sum_final / (double) self->n_scored : NAN;
}

/* Floor division, so that moments before 1970 land in the right week too. */
static gint64
floor_div (gint64 a, gint64 b)
{
  gint64 q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int
kz_rollup_week (gint64 unix_time)
{
  gint64 day = floor_div (unix_time, 86400);
  /* 1970-01-01 was a Thursday: day 0 is 3 days after a Monday. */
  return (int) (day - (((day + 3) % 7) + 7) % 7);
}

int
kz_rollup_week_of_date (const GDate *date)
{
  GDate epoch;
  int day;

  g_return_val_if_fail (date != NULL && g_date_valid (date), 0);
  g_date_clear (&epoch, 1);
  g_date_set_dmy (&epoch, 1, G_DATE_JANUARY, 1970);
  day = g_date_days_between (&epoch, date);
  return kz_rollup_week ((gint64) day * 86400);
}

char *
kz_rollup_week_to_string (int week)
{
  GDate d;
  char buf[16];

  g_date_clear (&d, 1);
  g_date_set_dmy (&d, 1, G_DATE_JANUARY, 1970);
  if (week >= 0)
    g_date_add_days (&d, week);
  else
    g_date_subtract_days (&d, -week);
  g_date_strftime (buf, sizeof buf, "%Y-%m-%d", &d);
  return g_strdup (buf);
}

int
kz_rollup_block_of_week (int week)
{
  gint64 k = floor_div ((gint64) week + 3, 7);
  return (int) floor_div (k, 13);
}

gint64
kz_rollup_block_first_week (int block)
{
  return (gint64) block * 13 * 7 - 3;
}

void
kz_rollup_blocks_inside (int first_week, int last_week, int *first_block, int *last_block)
{
  /* Clamped, so that "no bound" (G_MININT … G_MAXINT) stays in range. */
  gint64 first = MAX ((gint64) first_week, -3 - (gint64) 7 * 13 * 100000);
  gint64 last = MIN ((gint64) last_week, (gint64) 7 * 13 * 100000);
  gint64 fb, lb;

  /* The first block starting at or after @first. */
  fb = floor_div (floor_div (first + 3, 7) + 12, 13);
  /* The last block ending at or before @last. */
  lb = floor_div (floor_div (last + 3, 7) + 1, 13) - 1;
  *first_block = (int) fb;
  *last_block = (int) lb;
}
