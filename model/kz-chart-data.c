/* kz-chart-data.c — what a chart shows, and its layout maths, off the draw path
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-chart-data"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kz-chart-data.h"
#include "kz-score.h"

/* ---- layout maths ---------------------------------------------------------- */

/* The nice number near @x: 1, 2, 5 or 10 × 10ⁿ, the closest one when
 * @round, else the smallest one at least @x. */
static double
nice_number (double   x,
             gboolean round_it)
{
  double exponent = floor (log10 (x));
  double fraction = x / pow (10.0, exponent);
  double nice;

  if (round_it)
    nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
  else
    nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * pow (10.0, exponent);
}

void
kz_chart_axis_nice (KzChartAxis *axis,
                    double       lo,
                    double       hi,
                    guint        max_ticks,
                    gboolean     whole_steps)
{
  double range, step;

  g_return_if_fail (axis != NULL);
  g_return_if_fail (isfinite (lo) && isfinite (hi));

  if (lo > hi)
    {
      double t = lo;

      lo = hi;
      hi = t;
    }
  if (hi - lo < 1e-9)
    hi = lo + 1;
  max_ticks = MAX (max_ticks, 2);

  range = nice_number (hi - lo, FALSE);
  step = nice_number (range / (max_ticks - 1), TRUE);
  if (whole_steps && step < 1)
    step = 1;

  axis->step = step;
  /* A little slack so 100 / 20 stays 5 and not 5.000000001 → 6. */
  axis->lo = floor (lo / step + 1e-9) * step;
  axis->hi = ceil (hi / step - 1e-9) * step;
  axis->n_ticks = (guint) lround ((axis->hi - axis->lo) / step) + 1;
}

double
kz_chart_axis_get_tick (const KzChartAxis *axis,
                        guint              i)
{
  g_return_val_if_fail (axis != NULL, NAN);

  return axis->lo + i * axis->step;
}

double
kz_chart_axis_normalise (const KzChartAxis *axis,
                         double             value)
{
  g_return_val_if_fail (axis != NULL, NAN);

  if (isnan (value) || axis->hi <= axis->lo)
    return NAN;
  return (value - axis->lo) / (axis->hi - axis->lo);
}

double
kz_chart_axis_to_pixel (const KzChartAxis *axis,
                        double             value,
                        double             pixel_at_lo,
                        double             pixel_at_hi)
{
  double t = kz_chart_axis_normalise (axis, value);

  return pixel_at_lo + t * (pixel_at_hi - pixel_at_lo);
}

int
kz_chart_colour_index (double   value,
                       double   lo,
                       double   hi,
                       gboolean has_target,
                       double   target,
                       guint    n_shades)
{
  int n = (int) MAX (n_shades, 1);
  int step;

  if (isnan (value) || hi <= lo)
    return 0;
  value = CLAMP (value, lo, hi);

  if (!has_target)
    {
      step = 1 + (int) floor (n * (value - lo) / (hi - lo));
      return CLAMP (step, 1, n);
    }

  if (value >= target)
    {
      if (hi <= target)
        return n;
      step = (int) ceil (n * (value - target) / (hi - target) - 1e-9);
      return CLAMP (step, 1, n);
    }
  if (target <= lo)
    return -n;
  step = (int) ceil (n * (target - value) / (target - lo) - 1e-9);
  return -CLAMP (step, 1, n);
}

char *
kz_chart_format_value (KzChartUnit unit,
                       double      value)
{
  if (isnan (value))
    return g_strdup ("—");
  switch (unit)
    {
    case KZ_CHART_UNIT_SCORE:
      /* The same one decimal as every other score in Kaizen. */
      return kz_score_format_percent (TRUE, value);
    case KZ_CHART_UNIT_PERCENT:
      /* Translators: a share, e.g. 33.3% */
      return g_strdup_printf (_("%.1f%%"), value);
    case KZ_CHART_UNIT_COUNT:
    default:
      return g_strdup_printf ("%.0f", value);
    }
}

char *
kz_chart_format_mark (KzChartUnit unit,
                      double      value)
{
  g_autofree char *number = NULL;

  if (isnan (value))
    return g_strdup ("—");
  /* Round away the binary noise of lo + i × step (0.30000000000000004). */
  if (fabs (value - round (value)) < 1e-9 && fabs (value) < 1e15)
    number = g_strdup_printf ("%.0f", round (value));
  else
    number = g_strdup_printf ("%.6g", value);
  if (unit == KZ_CHART_UNIT_PERCENT)
    /* Translators: a target or an axis tick in percent, e.g. 80% */
    return g_strdup_printf (_("%s%%"), number);
  return g_steal_pointer (&number);
}

guint
kz_chart_label_stride (double slot,
                       double widest,
                       double gap)
{
  double need = widest + gap;

  if (slot <= 0)
    return G_MAXUINT;
  if (need <= slot)
    return 1;
  return (guint) ceil (need / slot - 1e-9);
}

/* ---- the text table ------------------------------------------------------- */

const char *
kz_chart_table_get_header (const KzChartTable *self,
                           guint               column)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (column < self->n_columns, NULL);

  return self->headers[column];
}

const char *
kz_chart_table_get_cell (const KzChartTable *self,
                         guint               row,
                         guint               column)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (row < self->n_rows, NULL);
  g_return_val_if_fail (column < self->n_columns, NULL);

  return self->cells[row * self->n_columns + column];
}

void
kz_chart_table_free (KzChartTable *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < self->n_columns; i++)
    g_free (self->headers[i]);
  for (guint i = 0; i < self->n_rows * self->n_columns; i++)
    g_free (self->cells[i]);
  g_free (self->headers);
  g_free (self->cells);
  g_free (self);
}

/* ---- the data --------------------------------------------------------------- */

typedef struct {
  char   *label;
  GArray *values;     /* double per category, NAN when missing */
  GArray *n;          /* guint per category, 0 when not given */
  GArray *low;        /* double per category, NAN without an interval */
  GArray *high;
  gboolean has_n;
  gboolean has_interval;
} Series;

typedef struct {
  double  value;
  guint   n;
  char   *reason;     /* non-NULL: suppressed, and value is NAN */
  char   *note;       /* said after the value in tooltips and the table (NULL: none) */
} Cell;

struct _KzChartData
{
  KzChartKind  kind;
  KzChartUnit  unit;
  char        *subject;
  char        *category_title;
  gboolean     ordered;       /* categories run in order (weeks, bins) */
  char        *category_singular;
  char        *category_plural;
  char        *row_singular;
  char        *row_plural;
  char        *interval_label;

  GPtrArray   *categories;   /* char * */
  GPtrArray   *series;       /* Series * */
  GPtrArray   *rows;         /* char * */
  GPtrArray   *cells;        /* per row, a GArray of Cell */
  GArray      *column_targets; /* heatmaps: double per category, NAN: the chart's target */

  gboolean     has_target;
  double       target;
  gboolean     has_range;
  double       range_lo;
  double       range_hi;

  gboolean     sealed;
  gboolean     axis_valid;
  KzChartAxis  axis;
};

G_DEFINE_BOXED_TYPE (KzChartData, kz_chart_data, kz_chart_data_ref, kz_chart_data_unref)

static void
series_free (gpointer data)
{
  Series *s = data;

  g_free (s->label);
  g_array_unref (s->values);
  g_array_unref (s->n);
  g_array_unref (s->low);
  g_array_unref (s->high);
  g_free (s);
}

static void
clear_cell (gpointer data)
{
  Cell *cell = data;

  g_clear_pointer (&cell->reason, g_free);
  g_clear_pointer (&cell->note, g_free);
}

static GArray *
row_cells_new (void)
{
  GArray *row = g_array_new (FALSE, TRUE, sizeof (Cell));

  g_array_set_clear_func (row, clear_cell);
  return row;
}

KzChartData *
kz_chart_data_new (KzChartKind  kind,
                   KzChartUnit  unit,
                   const char  *subject)
{
  KzChartData *self;

  g_return_val_if_fail (kind <= KZ_CHART_HISTOGRAM, NULL);
  g_return_val_if_fail (unit <= KZ_CHART_UNIT_COUNT, NULL);
  g_return_val_if_fail (subject != NULL, NULL);

  self = g_atomic_rc_box_new0 (KzChartData);
  self->kind = kind;
  self->unit = unit;
  self->subject = g_strdup (subject);
  self->categories = g_ptr_array_new_with_free_func (g_free);
  self->series = g_ptr_array_new_with_free_func (series_free);
  self->rows = g_ptr_array_new_with_free_func (g_free);
  self->cells = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  self->column_targets = g_array_new (FALSE, FALSE, sizeof (double));
  self->target = NAN;
  return self;
}

static void
kz_chart_data_clear (gpointer data)
{
  KzChartData *self = data;

  g_free (self->subject);
  g_free (self->category_title);
  g_free (self->category_singular);
  g_free (self->category_plural);
  g_free (self->row_singular);
  g_free (self->row_plural);
  g_free (self->interval_label);
  g_ptr_array_unref (self->categories);
  g_ptr_array_unref (self->series);
  g_ptr_array_unref (self->rows);
  g_ptr_array_unref (self->cells);
  g_array_unref (self->column_targets);
}

KzChartData *
kz_chart_data_ref (KzChartData *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
kz_chart_data_unref (KzChartData *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, kz_chart_data_clear);
}

KzChartKind
kz_chart_data_get_kind (KzChartData *self)
{
  g_return_val_if_fail (self != NULL, KZ_CHART_LINE);

  return self->kind;
}

KzChartUnit
kz_chart_data_get_unit (KzChartData *self)
{
  g_return_val_if_fail (self != NULL, KZ_CHART_UNIT_SCORE);

  return self->unit;
}

const char *
kz_chart_data_get_subject (KzChartData *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->subject;
}

/* ---- building ----------------------------------------------------------------- */

#define RETURN_IF_SEALED(self)                                                    \
  G_STMT_START {                                                                  \
    g_return_if_fail ((self) != NULL);                                            \
    if ((self)->sealed)                                                           \
      {                                                                           \
        g_critical ("%s: chart data changed after a chart took it", G_STRFUNC);  \
        return;                                                                   \
      }                                                                           \
    (self)->axis_valid = FALSE;                                                   \
  } G_STMT_END

static void
replace (char       **field,
         const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

void
kz_chart_data_set_category_title (KzChartData *self,
                                  const char  *title)
{
  RETURN_IF_SEALED (self);
  replace (&self->category_title, title);
}

void
kz_chart_data_set_ordered_categories (KzChartData *self,
                                      gboolean     ordered)
{
  RETURN_IF_SEALED (self);
  self->ordered = ordered;
}

gboolean
kz_chart_data_get_ordered_categories (KzChartData *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->ordered;
}

void
kz_chart_data_set_category_noun (KzChartData *self,
                                 const char  *singular,
                                 const char  *plural)
{
  RETURN_IF_SEALED (self);
  replace (&self->category_singular, singular);
  replace (&self->category_plural, plural);
}

void
kz_chart_data_set_row_noun (KzChartData *self,
                            const char  *singular,
                            const char  *plural)
{
  RETURN_IF_SEALED (self);
  replace (&self->row_singular, singular);
  replace (&self->row_plural, plural);
}

guint
kz_chart_data_add_category (KzChartData *self,
                            const char  *label)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (label != NULL, 0);
  g_return_val_if_fail (!self->sealed, 0);

  self->axis_valid = FALSE;
  g_ptr_array_add (self->categories, g_strdup (label));
  return self->categories->len - 1;
}

void
kz_chart_data_add_bins (KzChartData *self,
                        double       lo,
                        double       width,
                        guint        n_bins)
{
  RETURN_IF_SEALED (self);
  g_return_if_fail (width > 0);

  for (guint i = 0; i < n_bins; i++)
    {
      g_autofree char *from = kz_chart_format_mark (KZ_CHART_UNIT_SCORE, lo + i * width);
      g_autofree char *to = kz_chart_format_mark (KZ_CHART_UNIT_SCORE, lo + (i + 1) * width);
      /* Translators: a histogram bin, e.g. 80–90 */
      g_autofree char *label = g_strdup_printf (_("%s–%s"), from, to);

      kz_chart_data_add_category (self, label);
    }
}

guint
kz_chart_data_add_series (KzChartData *self,
                          const char  *label)
{
  Series *s;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (label != NULL, 0);
  g_return_val_if_fail (!self->sealed, 0);

  self->axis_valid = FALSE;
  s = g_new0 (Series, 1);
  s->label = g_strdup (label);
  s->values = g_array_new (FALSE, FALSE, sizeof (double));
  s->n = g_array_new (FALSE, TRUE, sizeof (guint));
  s->low = g_array_new (FALSE, FALSE, sizeof (double));
  s->high = g_array_new (FALSE, FALSE, sizeof (double));
  g_ptr_array_add (self->series, s);
  return self->series->len - 1;
}

/* Grows @array (of double) to hold @index, filling with NAN. */
static void
grow_nan (GArray *array,
          guint   index)
{
  const double missing = NAN;

  while (array->len <= index)
    g_array_append_val (array, missing);
}

void
kz_chart_data_set_value (KzChartData *self,
                         guint        series,
                         guint        category,
                         double       value,
                         guint        n)
{
  Series *s;

  RETURN_IF_SEALED (self);
  g_return_if_fail (series < self->series->len);
  g_return_if_fail (category < self->categories->len);

  s = g_ptr_array_index (self->series, series);
  grow_nan (s->values, category);
  g_array_index (s->values, double, category) = isfinite (value) ? value : NAN;
  if (s->n->len <= category)
    g_array_set_size (s->n, category + 1);
  g_array_index (s->n, guint, category) = n;
  if (n > 0)
    s->has_n = TRUE;
}

void
kz_chart_data_set_interval_label (KzChartData *self,
                                  const char  *label)
{
  RETURN_IF_SEALED (self);
  replace (&self->interval_label, label);
}

void
kz_chart_data_set_interval (KzChartData *self,
                            guint        series,
                            guint        category,
                            double       low,
                            double       high)
{
  Series *s;

  RETURN_IF_SEALED (self);
  g_return_if_fail (series < self->series->len);
  g_return_if_fail (category < self->categories->len);

  s = g_ptr_array_index (self->series, series);
  grow_nan (s->low, category);
  grow_nan (s->high, category);
  if (!isfinite (low) || !isfinite (high))
    low = high = NAN;
  g_array_index (s->low, double, category) = MIN (low, high);
  g_array_index (s->high, double, category) = MAX (low, high);
  if (!isnan (low))
    s->has_interval = TRUE;
}

void
kz_chart_data_set_target (KzChartData *self,
                          double       target)
{
  RETURN_IF_SEALED (self);
  g_return_if_fail (isfinite (target));

  self->has_target = TRUE;
  self->target = target;
}

void
kz_chart_data_set_range (KzChartData *self,
                         double       lo,
                         double       hi)
{
  RETURN_IF_SEALED (self);
  g_return_if_fail (isfinite (lo) && isfinite (hi) && lo < hi);

  self->has_range = TRUE;
  self->range_lo = lo;
  self->range_hi = hi;
}

guint
kz_chart_data_add_row (KzChartData *self,
                       const char  *label)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (label != NULL, 0);
  g_return_val_if_fail (!self->sealed, 0);

  self->axis_valid = FALSE;
  g_ptr_array_add (self->rows, g_strdup (label));
  g_ptr_array_add (self->cells, row_cells_new ());
  return self->rows->len - 1;
}

static Cell *
cell_for_writing (KzChartData *self,
                  guint        row,
                  guint        column)
{
  GArray *cells = g_ptr_array_index (self->cells, row);

  while (cells->len <= column)
    {
      Cell empty = { NAN, 0, NULL, NULL };

      g_array_append_val (cells, empty);
    }
  return &g_array_index (cells, Cell, column);
}

static const Cell *
cell_at (KzChartData *self,
         guint        row,
         guint        column)
{
  static const Cell empty = { NAN, 0, NULL, NULL };
  GArray *cells;

  if (row >= self->cells->len)
    return &empty;
  cells = g_ptr_array_index (self->cells, row);
  if (column >= cells->len)
    return &empty;
  return &g_array_index (cells, Cell, column);
}

void
kz_chart_data_set_cell (KzChartData *self,
                        guint        row,
                        guint        column,
                        double       value,
                        guint        n)
{
  Cell *cell;

  RETURN_IF_SEALED (self);
  g_return_if_fail (row < self->rows->len);
  g_return_if_fail (column < self->categories->len);

  cell = cell_for_writing (self, row, column);
  if (cell->reason != NULL)
    return;
  cell->value = isfinite (value) ? value : NAN;
  cell->n = n;
}

void
kz_chart_data_suppress_cell (KzChartData *self,
                             guint        row,
                             guint        column,
                             const char  *reason)
{
  Cell *cell;

  RETURN_IF_SEALED (self);
  g_return_if_fail (row < self->rows->len);
  g_return_if_fail (column < self->categories->len);
  g_return_if_fail (reason != NULL && *reason != '\0');

  cell = cell_for_writing (self, row, column);
  cell->value = NAN;
  cell->n = 0;
  replace (&cell->reason, reason);
}

void
kz_chart_data_set_cell_note (KzChartData *self,
                             guint        row,
                             guint        column,
                             const char  *note)
{
  Cell *cell;

  RETURN_IF_SEALED (self);
  g_return_if_fail (row < self->rows->len);
  g_return_if_fail (column < self->categories->len);

  cell = cell_for_writing (self, row, column);
  replace (&cell->note, note != NULL && *note != '\0' ? note : NULL);
}

void
kz_chart_data_set_column_target (KzChartData *self,
                                 guint        column,
                                 double       target)
{
  double none = NAN;

  RETURN_IF_SEALED (self);
  g_return_if_fail (column < self->categories->len);

  while (self->column_targets->len <= column)
    g_array_append_val (self->column_targets, none);
  g_array_index (self->column_targets, double, column) = isfinite (target) ? target : NAN;
}

double
kz_chart_data_get_column_target (KzChartData *self,
                                 guint        column)
{
  g_return_val_if_fail (self != NULL, NAN);

  if (column < self->column_targets->len && !isnan (g_array_index (self->column_targets, double, column)))
    return g_array_index (self->column_targets, double, column);
  return self->has_target ? self->target : NAN;
}

gboolean
kz_chart_data_get_has_column_targets (KzChartData *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  for (guint c = 0; c < self->column_targets->len; c++)
    if (!isnan (g_array_index (self->column_targets, double, c)))
      return TRUE;
  return FALSE;
}

const char *
kz_chart_data_get_cell_note (KzChartData *self,
                             guint        row,
                             guint        column)
{
  g_return_val_if_fail (self != NULL, NULL);

  return cell_at (self, row, column)->note;
}

void
kz_chart_data_seal (KzChartData *self)
{
  g_return_if_fail (self != NULL);

  self->sealed = TRUE;
}

/* ---- reading ------------------------------------------------------------------ */

guint
kz_chart_data_get_n_categories (KzChartData *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->categories->len;
}

const char *
kz_chart_data_get_category (KzChartData *self,
                            guint        category)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (category < self->categories->len, NULL);

  return g_ptr_array_index (self->categories, category);
}

guint
kz_chart_data_get_n_series (KzChartData *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->series->len;
}

const char *
kz_chart_data_get_series_label (KzChartData *self,
                                guint        series)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (series < self->series->len, NULL);

  return ((Series *) g_ptr_array_index (self->series, series))->label;
}

guint
kz_chart_data_get_n_rows (KzChartData *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->rows->len;
}

const char *
kz_chart_data_get_row (KzChartData *self,
                       guint        row)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (row < self->rows->len, NULL);

  return g_ptr_array_index (self->rows, row);
}

static double
series_value (const Series *s,
              guint         category)
{
  return category < s->values->len ? g_array_index (s->values, double, category) : NAN;
}

static guint
series_n (const Series *s,
          guint         category)
{
  return category < s->n->len ? g_array_index (s->n, guint, category) : 0;
}

static gboolean
series_interval (const Series *s,
                 guint         category,
                 double       *low,
                 double       *high)
{
  if (category >= s->low->len || isnan (g_array_index (s->low, double, category)))
    return FALSE;
  *low = g_array_index (s->low, double, category);
  *high = g_array_index (s->high, double, category);
  return TRUE;
}

double
kz_chart_data_get_value (KzChartData *self,
                         guint        series,
                         guint        category)
{
  g_return_val_if_fail (self != NULL, NAN);

  if (series >= self->series->len)
    return NAN;
  return series_value (g_ptr_array_index (self->series, series), category);
}

gboolean
kz_chart_data_get_has_target (KzChartData *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->has_target;
}

double
kz_chart_data_get_target (KzChartData *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->target;
}

/* The series a kind draws: a bar chart and a histogram draw only the first. */
static guint
n_drawn_series (KzChartData *self)
{
  if (self->kind == KZ_CHART_BAR || self->kind == KZ_CHART_HISTOGRAM)
    return MIN (self->series->len, 1);
  if (self->kind == KZ_CHART_HEATMAP)
    return 0;
  return self->series->len;
}

/* The sum of a category's stack; NAN when no part has a value. */
static double
stack_total (KzChartData *self,
             guint        category)
{
  double total = NAN;

  for (guint s = 0; s < self->series->len; s++)
    {
      double v = series_value (g_ptr_array_index (self->series, s), category);

      if (!isnan (v))
        total = isnan (total) ? v : total + v;
    }
  return total;
}

gboolean
kz_chart_data_has_values (KzChartData *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->kind == KZ_CHART_HEATMAP)
    {
      for (guint r = 0; r < self->rows->len; r++)
        for (guint c = 0; c < self->categories->len; c++)
          {
            const Cell *cell = cell_at (self, r, c);

            if (!isnan (cell->value) || cell->reason != NULL)
              return TRUE;
          }
      return FALSE;
    }
  for (guint s = 0; s < n_drawn_series (self); s++)
    for (guint c = 0; c < self->categories->len; c++)
      if (!isnan (series_value (g_ptr_array_index (self->series, s), c)))
        return TRUE;
  return FALSE;
}

/* Stretches [*lo, *hi] (NAN: empty) over @v. */
static void
cover (double *lo,
       double *hi,
       double  v)
{
  if (isnan (v))
    return;
  *lo = isnan (*lo) ? v : MIN (*lo, v);
  *hi = isnan (*hi) ? v : MAX (*hi, v);
}

static void
ensure_axis (KzChartData *self)
{
  double data_lo = NAN, data_hi = NAN;
  double lo, hi;

  if (self->axis_valid)
    return;

  if (self->kind == KZ_CHART_HEATMAP)
    {
      for (guint r = 0; r < self->rows->len; r++)
        for (guint c = 0; c < self->categories->len; c++)
          cover (&data_lo, &data_hi, cell_at (self, r, c)->value);
    }
  else if (self->kind == KZ_CHART_STACKED_BAR)
    {
      for (guint c = 0; c < self->categories->len; c++)
        cover (&data_lo, &data_hi, stack_total (self, c));
    }
  else
    {
      for (guint s = 0; s < n_drawn_series (self); s++)
        {
          Series *series = g_ptr_array_index (self->series, s);

          for (guint c = 0; c < self->categories->len; c++)
            {
              double low, high;

              cover (&data_lo, &data_hi, series_value (series, c));
              if ((self->kind == KZ_CHART_LINE || self->kind == KZ_CHART_BAR) &&
                  series_interval (series, c, &low, &high))
                {
                  cover (&data_lo, &data_hi, low);
                  cover (&data_lo, &data_hi, high);
                }
            }
        }
    }
  /* The target line is drawn too (a heatmap's target is only a colour). */
  if (self->has_target && self->kind != KZ_CHART_HEATMAP)
    cover (&data_lo, &data_hi, self->target);

  if (self->has_range)
    {
      lo = self->range_lo;
      hi = self->range_hi;
    }
  else if (self->unit == KZ_CHART_UNIT_COUNT)
    {
      lo = 0;
      hi = isnan (data_hi) ? 0 : data_hi;
    }
  else
    {
      lo = 0;
      hi = 100;
    }
  /* A bar grows from zero, and what is drawn must fit. */
  if (!isnan (data_lo))
    {
      lo = MIN (lo, data_lo);
      hi = MAX (hi, data_hi);
    }
  if (self->unit == KZ_CHART_UNIT_COUNT && hi - lo < 1)
    hi = lo + 1;

  kz_chart_axis_nice (&self->axis, lo, hi, KZ_CHART_MAX_TICKS, self->unit == KZ_CHART_UNIT_COUNT);
  self->axis_valid = TRUE;
}

const KzChartAxis *
kz_chart_data_get_axis (KzChartData *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  ensure_axis (self);
  return &self->axis;
}

char *
kz_chart_data_format_tick (KzChartData *self,
                           guint        tick)
{
  g_return_val_if_fail (self != NULL, NULL);

  ensure_axis (self);
  return kz_chart_format_mark (self->unit, kz_chart_axis_get_tick (&self->axis, tick));
}

/* Where a bar or a stack's segment starts, in values: the baseline (zero,
 * or the axis end nearest to it), plus the segments below in a stack. */
static double
base_value (KzChartData *self,
            guint        series,
            guint        category)
{
  double base = CLAMP (0, self->axis.lo, self->axis.hi);

  if (self->kind == KZ_CHART_STACKED_BAR)
    for (guint s = 0; s < series && s < self->series->len; s++)
      {
        double v = series_value (g_ptr_array_index (self->series, s), category);

        if (!isnan (v))
          base += v;
      }
  return base;
}

double
kz_chart_data_get_norm (KzChartData *self,
                        guint        series,
                        guint        category)
{
  double v;

  g_return_val_if_fail (self != NULL, NAN);

  if (series >= self->series->len || category >= self->categories->len)
    return NAN;
  ensure_axis (self);
  v = kz_chart_data_get_value (self, series, category);
  if (isnan (v))
    return NAN;
  if (self->kind == KZ_CHART_STACKED_BAR)
    v += base_value (self, series, category);
  return kz_chart_axis_normalise (&self->axis, v);
}

double
kz_chart_data_get_norm_base (KzChartData *self,
                             guint        series,
                             guint        category)
{
  g_return_val_if_fail (self != NULL, NAN);

  ensure_axis (self);
  return kz_chart_axis_normalise (&self->axis, base_value (self, series, category));
}

gboolean
kz_chart_data_get_norm_interval (KzChartData *self,
                                 guint        series,
                                 guint        category,
                                 double      *low,
                                 double      *high)
{
  double lo_value, hi_value;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (low != NULL && high != NULL, FALSE);

  if (series >= self->series->len ||
      !series_interval (g_ptr_array_index (self->series, series), category, &lo_value, &hi_value))
    return FALSE;
  ensure_axis (self);
  *low = kz_chart_axis_normalise (&self->axis, lo_value);
  *high = kz_chart_axis_normalise (&self->axis, hi_value);
  return TRUE;
}

double
kz_chart_data_get_norm_target (KzChartData *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  if (!self->has_target)
    return NAN;
  ensure_axis (self);
  return kz_chart_axis_normalise (&self->axis, self->target);
}

char *
kz_chart_data_format_item (KzChartData *self,
                           guint        series,
                           guint        category)
{
  g_return_val_if_fail (self != NULL, NULL);

  return kz_chart_format_value (self->unit, kz_chart_data_get_value (self, series, category));
}

gboolean
kz_chart_data_cell_is_suppressed (KzChartData *self,
                                  guint        row,
                                  guint        column)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return cell_at (self, row, column)->reason != NULL;
}

const char *
kz_chart_data_get_cell_reason (KzChartData *self,
                               guint        row,
                               guint        column)
{
  g_return_val_if_fail (self != NULL, NULL);

  return cell_at (self, row, column)->reason;
}

double
kz_chart_data_get_cell_value (KzChartData *self,
                              guint        row,
                              guint        column)
{
  g_return_val_if_fail (self != NULL, NAN);

  return cell_at (self, row, column)->value;
}

int
kz_chart_data_get_cell_shade (KzChartData *self,
                              guint        row,
                              guint        column)
{
  const Cell *cell;

  g_return_val_if_fail (self != NULL, 0);

  cell = cell_at (self, row, column);
  if (cell->reason != NULL)
    return 0;
  ensure_axis (self);
  if (column < self->column_targets->len && !isnan (g_array_index (self->column_targets, double, column)))
    return kz_chart_colour_index (cell->value, self->axis.lo, self->axis.hi,
                                  TRUE, g_array_index (self->column_targets, double, column), KZ_CHART_N_SHADES);
  return kz_chart_colour_index (cell->value, self->axis.lo, self->axis.hi,
                                self->has_target, self->target, KZ_CHART_N_SHADES);
}

char *
kz_chart_data_format_cell (KzChartData *self,
                           guint        row,
                           guint        column)
{
  const Cell *cell;

  g_return_val_if_fail (self != NULL, NULL);

  cell = cell_at (self, row, column);
  if (cell->reason != NULL)
    return g_strdup (cell->reason);
  return kz_chart_format_value (self->unit, cell->value);
}

/* ---- text for people ---------------------------------------------------------- */

static char *
format_value_n (KzChartData *self,
                double       value,
                guint        n)
{
  g_autofree char *text = kz_chart_format_value (self->unit, value);

  if (n == 0 || isnan (value))
    return g_steal_pointer (&text);
  /* Translators: a value and how many it rests on, e.g. 84.0 (n = 34) */
  return g_strdup_printf (_("%s (n = %u)"), text, n);
}

static char *
format_interval (KzChartData *self,
                 double       low,
                 double       high)
{
  g_autofree char *lo = kz_chart_format_value (self->unit, low);
  g_autofree char *hi = kz_chart_format_value (self->unit, high);

  /* Translators: an interval, e.g. 80.1–87.9 */
  return g_strdup_printf (_("%s–%s"), lo, hi);
}

const char *
kz_chart_data_get_interval_label (KzChartData *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->interval_label != NULL ? self->interval_label : _("Interval");
}

char *
kz_chart_data_describe_category (KzChartData *self,
                                 guint        category)
{
  g_autoptr(GString) text = NULL;
  guint n_series;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (category < self->categories->len, NULL);
  g_return_val_if_fail (self->kind != KZ_CHART_HEATMAP, NULL);

  text = g_string_new (g_ptr_array_index (self->categories, category));
  n_series = n_drawn_series (self);
  for (guint s = 0; s < n_series; s++)
    {
      Series *series = g_ptr_array_index (self->series, s);
      g_autofree char *value = format_value_n (self, series_value (series, category), series_n (series, category));
      double low, high;

      g_string_append_c (text, '\n');
      /* Translators: a series and its value in a tooltip, e.g. Billing: 84.0 */
      g_string_append_printf (text, _("%s: %s"), series->label, value);
      if (series_interval (series, category, &low, &high))
        {
          g_autofree char *interval = format_interval (self, low, high);

          g_string_append_c (text, '\n');
          g_string_append_printf (text, _("%s: %s"), kz_chart_data_get_interval_label (self), interval);
        }
    }
  if (self->kind == KZ_CHART_STACKED_BAR)
    {
      g_autofree char *total = kz_chart_format_value (self->unit, stack_total (self, category));

      g_string_append_c (text, '\n');
      g_string_append_printf (text, _("%s: %s"), _("Total"), total);
    }
  if (self->has_target)
    {
      g_autofree char *target = kz_chart_format_mark (self->unit, self->target);

      g_string_append_c (text, '\n');
      g_string_append_printf (text, _("%s: %s"), _("Target"), target);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
kz_chart_data_describe_cell (KzChartData *self,
                             guint        row,
                             guint        column)
{
  const Cell *cell;
  g_autofree char *value = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (row < self->rows->len, NULL);
  g_return_val_if_fail (column < self->categories->len, NULL);

  cell = cell_at (self, row, column);
  /* A suppressed cell has no n either: how few answered is itself a
   * figure about a group too small to show. */
  if (cell->reason != NULL)
    value = g_strdup (cell->reason);
  else if (isnan (cell->value))
    value = g_strdup (_("No data"));
  else
    value = format_value_n (self, cell->value, cell->n);
  if (cell->reason == NULL && cell->note != NULL)
    {
      char *with_note = g_strdup_printf ("%s\n%s", value, cell->note);

      g_free (value);
      value = with_note;
    }
  /* Translators: a heatmap cell's tooltip: row · column, then its value */
  return g_strdup_printf (_("%s · %s\n%s"), (char *) g_ptr_array_index (self->rows, row),
                          (char *) g_ptr_array_index (self->categories, column), value);
}

/* ---- the table -------------------------------------------------------------------- */

static const char *
category_title (KzChartData *self)
{
  if (self->category_title != NULL)
    return self->category_title;
  return self->kind == KZ_CHART_HEATMAP ? "" : _("Category");
}

KzChartTable *
kz_chart_data_build_table (KzChartData *self)
{
  g_autoptr(GPtrArray) headers = NULL;
  g_autoptr(GPtrArray) cells = NULL;
  KzChartTable *table;
  guint n_rows, n_series;

  g_return_val_if_fail (self != NULL, NULL);

  headers = g_ptr_array_new ();
  cells = g_ptr_array_new ();
  g_ptr_array_add (headers, g_strdup (category_title (self)));
  n_series = n_drawn_series (self);

  if (self->kind == KZ_CHART_HEATMAP)
    {
      n_rows = self->rows->len;
      for (guint c = 0; c < self->categories->len; c++)
        g_ptr_array_add (headers, g_strdup (g_ptr_array_index (self->categories, c)));
      for (guint r = 0; r < n_rows; r++)
        {
          g_ptr_array_add (cells, g_strdup (g_ptr_array_index (self->rows, r)));
          for (guint c = 0; c < self->categories->len; c++)
            {
              const Cell *cell = cell_at (self, r, c);
              char *text = kz_chart_data_format_cell (self, r, c);

              /* The note too: the table says all the tooltip says. */
              if (cell->reason == NULL && cell->note != NULL)
                {
                  /* Translators: a table cell: a value and its note, e.g. 62.5 (n = 4, N/A 20.0%) */
                  char *with_note = g_strdup_printf (_("%s (%s)"), text, cell->note);

                  g_free (text);
                  text = with_note;
                }
              g_ptr_array_add (cells, text);
            }
        }
    }
  else
    {
      gboolean several = n_series > 1;

      n_rows = self->categories->len;
      for (guint s = 0; s < n_series; s++)
        {
          Series *series = g_ptr_array_index (self->series, s);

          g_ptr_array_add (headers, g_strdup (series->label));
          if (self->kind == KZ_CHART_STACKED_BAR)
            continue;
          if (series->has_interval)
            /* Translators: a table header, e.g. "Billing, 95% interval" */
            g_ptr_array_add (headers, several ? g_strdup_printf (_("%s, %s"), series->label, kz_chart_data_get_interval_label (self))
                                              : g_strdup (kz_chart_data_get_interval_label (self)));
          if (series->has_n)
            g_ptr_array_add (headers, several ? g_strdup_printf (_("%s, %s"), series->label, "n") : g_strdup ("n"));
        }
      if (self->kind == KZ_CHART_STACKED_BAR)
        g_ptr_array_add (headers, g_strdup (_("Total")));
      if (self->has_target)
        g_ptr_array_add (headers, g_strdup (_("Target")));

      for (guint c = 0; c < n_rows; c++)
        {
          g_ptr_array_add (cells, g_strdup (g_ptr_array_index (self->categories, c)));
          for (guint s = 0; s < n_series; s++)
            {
              Series *series = g_ptr_array_index (self->series, s);
              double low, high;

              g_ptr_array_add (cells, kz_chart_format_value (self->unit, series_value (series, c)));
              if (self->kind == KZ_CHART_STACKED_BAR)
                continue;
              if (series->has_interval)
                g_ptr_array_add (cells, series_interval (series, c, &low, &high)
                                          ? format_interval (self, low, high) : g_strdup ("—"));
              if (series->has_n)
                g_ptr_array_add (cells, series_n (series, c) > 0 ? g_strdup_printf ("%u", series_n (series, c))
                                                                : g_strdup ("—"));
            }
          if (self->kind == KZ_CHART_STACKED_BAR)
            g_ptr_array_add (cells, kz_chart_format_value (self->unit, stack_total (self, c)));
          if (self->has_target)
            g_ptr_array_add (cells, kz_chart_format_mark (self->unit, self->target));
        }
    }

  table = g_new0 (KzChartTable, 1);
  table->n_columns = headers->len;
  table->n_rows = n_rows;
  g_assert (cells->len == table->n_rows * table->n_columns);
  g_ptr_array_add (headers, NULL);
  table->headers = (char **) g_ptr_array_steal (headers, NULL);
  g_ptr_array_add (cells, NULL);
  table->cells = (char **) g_ptr_array_steal (cells, NULL);
  return table;
}

/* ---- the description --------------------------------------------------------------- */

static const char *
kind_name (KzChartKind kind)
{
  switch (kind)
    {
    case KZ_CHART_LINE:
      return _("Line chart");
    case KZ_CHART_BAR:
      return _("Bar chart");
    case KZ_CHART_STACKED_BAR:
      return _("Stacked bar chart");
    case KZ_CHART_HEATMAP:
      return _("Heatmap");
    case KZ_CHART_HISTOGRAM:
    default:
      return _("Histogram");
    }
}

/* "12 weeks", with the page's nouns or the kind's own. */
static char *
count_of (guint        n,
          const char  *singular,
          const char  *plural,
          const char  *fallback_singular,
          const char  *fallback_plural)
{
  if (singular == NULL || plural == NULL)
    {
      singular = fallback_singular;
      plural = fallback_plural;
    }
  /* Translators: a count and its noun, e.g. 12 weeks */
  return g_strdup_printf (_("%u %s"), n, n == 1 ? singular : plural);
}

static char *
count_categories (KzChartData *self,
                  guint        n)
{
  switch (self->kind)
    {
    case KZ_CHART_LINE:
      return count_of (n, self->category_singular, self->category_plural, _("point"), _("points"));
    case KZ_CHART_HEATMAP:
      return count_of (n, self->category_singular, self->category_plural, _("column"), _("columns"));
    case KZ_CHART_HISTOGRAM:
      return count_of (n, self->category_singular, self->category_plural, _("bin"), _("bins"));
    case KZ_CHART_BAR:
    case KZ_CHART_STACKED_BAR:
    default:
      return count_of (n, self->category_singular, self->category_plural, _("bar"), _("bars"));
    }
}

static char *
join_series (KzChartData *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint s = 0; s < self->series->len; s++)
    {
      if (s > 0)
        g_string_append (text, _(", "));
      g_string_append (text, ((Series *) g_ptr_array_index (self->series, s))->label);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* "; no data for 2 weeks", or nothing. */
static void
append_missing (KzChartData *self,
                GString     *text,
                guint        n_missing)
{
  g_autofree char *missing = NULL;

  if (n_missing == 0)
    return;
  missing = count_categories (self, n_missing);
  /* Translators: part of a chart's description, e.g. "; no data for 2 weeks" */
  g_string_append_printf (text, _("; no data for %s"), missing);
}

static void
append_target (KzChartData *self,
               GString     *text)
{
  g_autofree char *target = NULL;

  if (!self->has_target)
    return;
  target = kz_chart_format_mark (self->unit, self->target);
  /* Translators: part of a chart's description, e.g. "; target 80" */
  g_string_append_printf (text, _("; target %s"), target);
}

static void
describe_line (KzChartData *self,
               GString     *text)
{
  double lo = NAN, hi = NAN;
  guint n_missing = 0;
  gboolean has_interval = FALSE;
  g_autofree char *count = count_categories (self, self->categories->len);
  g_autofree char *lo_text = NULL;
  g_autofree char *hi_text = NULL;

  for (guint c = 0; c < self->categories->len; c++)
    {
      gboolean any = FALSE;

      for (guint s = 0; s < self->series->len; s++)
        {
          Series *series = g_ptr_array_index (self->series, s);
          double v = series_value (series, c);

          cover (&lo, &hi, v);
          any |= !isnan (v);
          has_interval |= series->has_interval;
        }
      if (!any)
        n_missing++;
    }
  lo_text = kz_chart_format_value (self->unit, lo);
  hi_text = kz_chart_format_value (self->unit, hi);

  if (self->series->len > 1)
    {
      g_autofree char *names = join_series (self);

      g_string_append_printf (text, " (%s)", names);
    }
  if (self->categories->len == 1)
    /* Translators: a chart's span, e.g. ", 1 week (2026-09-07)" */
    g_string_append_printf (text, _(", %s (%s)"), count, (char *) g_ptr_array_index (self->categories, 0));
  else
    /* Translators: a chart's span, e.g. ", 12 weeks from 2026-09-07 to 2026-11-23" */
    g_string_append_printf (text, _(", %s from %s to %s"), count,
                            (char *) g_ptr_array_index (self->categories, 0),
                            (char *) g_ptr_array_index (self->categories, self->categories->len - 1));
  if (lo == hi)
    /* Translators: the values of a chart that are all the same, e.g. ", at 84.0" */
    g_string_append_printf (text, _(", at %s"), lo_text);
  else
    /* Translators: the lowest and highest value of a chart, e.g. ", from 71.2 to 84.0" */
    g_string_append_printf (text, _(", from %s to %s"), lo_text, hi_text);
  append_missing (self, text, n_missing);
  append_target (self, text);
  g_string_append_c (text, '.');
  if (has_interval)
    /* Translators: the second sentence of a line chart's description */
    g_string_append_printf (text, _(" The band shows the %s."), kz_chart_data_get_interval_label (self));
}

static void
describe_bars (KzChartData *self,
               GString     *text)
{
  Series *series = g_ptr_array_index (self->series, 0);
  g_autofree char *count = count_categories (self, self->categories->len);
  guint lowest = 0, highest = 0, n_missing = 0, n_values = 0;
  double lo = NAN, hi = NAN;

  for (guint c = 0; c < self->categories->len; c++)
    {
      double v = series_value (series, c);

      if (isnan (v))
        {
          n_missing++;
          continue;
        }
      /* Ties go to the first, in the page's order. */
      if (n_values == 0 || v < lo)
        lo = v, lowest = c;
      if (n_values == 0 || v > hi)
        hi = v, highest = c;
      n_values++;
    }

  if (n_values == 1)
    {
      g_autofree char *value = kz_chart_format_value (self->unit, hi);

      /* Translators: a bar chart with one bar, e.g. ", 1 team: Billing 92.5%" */
      g_string_append_printf (text, _(", %s: %s %s"), count,
                              (char *) g_ptr_array_index (self->categories, highest), value);
    }
  else
    {
      g_autofree char *hi_text = kz_chart_format_value (self->unit, hi);
      g_autofree char *lo_text = kz_chart_format_value (self->unit, lo);

      /* Translators: e.g. ", 3 teams; highest Billing 92.5%, lowest Meters 61.0%" */
      g_string_append_printf (text, _(", %s; highest %s %s, lowest %s %s"), count,
                              (char *) g_ptr_array_index (self->categories, highest), hi_text,
                              (char *) g_ptr_array_index (self->categories, lowest), lo_text);
    }
  append_missing (self, text, n_missing);
  append_target (self, text);
  g_string_append_c (text, '.');
  if (self->series->len > 0 && ((Series *) g_ptr_array_index (self->series, 0))->has_interval)
    /* Translators: the second sentence of a bar chart's description */
    g_string_append_printf (text, _(" The error bars show the %s."), kz_chart_data_get_interval_label (self));
}

static void
describe_histogram (KzChartData *self,
                    GString     *text)
{
  Series *series = g_ptr_array_index (self->series, 0);
  g_autofree char *count = count_categories (self, self->categories->len);
  g_autofree char *total_text = NULL;
  g_autofree char *most_text = NULL;
  double total = 0, most = NAN;
  guint mode = 0;

  for (guint c = 0; c < self->categories->len; c++)
    {
      double v = series_value (series, c);

      if (isnan (v))
        continue;
      total += v;
      if (isnan (most) || v > most)
        most = v, mode = c;
    }
  total_text = kz_chart_format_value (self->unit, total);
  most_text = kz_chart_format_value (self->unit, most);
  /* Translators: e.g. ", 10 bins from 0–10 to 90–100, 120 in all; most in 80–90 (45)" */
  g_string_append_printf (text, _(", %s from %s to %s, %s in all; most in %s (%s)."), count,
                          (char *) g_ptr_array_index (self->categories, 0),
                          (char *) g_ptr_array_index (self->categories, self->categories->len - 1),
                          total_text, (char *) g_ptr_array_index (self->categories, mode), most_text);
}

static void
describe_stacks (KzChartData *self,
                 GString     *text)
{
  g_autofree char *count = count_categories (self, self->categories->len);
  g_autofree char *parts = join_series (self);
  g_autofree char *lo_text = NULL;
  g_autofree char *hi_text = NULL;
  double lo = NAN, hi = NAN;
  guint lowest = 0, highest = 0, n_missing = 0;

  for (guint c = 0; c < self->categories->len; c++)
    {
      double total = stack_total (self, c);

      if (isnan (total))
        {
          n_missing++;
          continue;
        }
      if (isnan (lo) || total < lo)
        lo = total, lowest = c;
      if (isnan (hi) || total > hi)
        hi = total, highest = c;
    }
  lo_text = kz_chart_format_value (self->unit, lo);
  hi_text = kz_chart_format_value (self->unit, hi);
  /* Translators: e.g. ", 3 criteria split by 1, 2, 3" */
  g_string_append_printf (text, _(", %s split by %s"), count, parts);
  if (lowest == highest)
    /* Translators: e.g. "; total 40 (Greeting)" */
    g_string_append_printf (text, _("; total %s (%s)"), hi_text,
                            (char *) g_ptr_array_index (self->categories, highest));
  else
    /* Translators: e.g. "; totals from 18 (Empathy) to 40 (Greeting)" */
    g_string_append_printf (text, _("; totals from %s (%s) to %s (%s)"),
                            lo_text, (char *) g_ptr_array_index (self->categories, lowest),
                            hi_text, (char *) g_ptr_array_index (self->categories, highest));
  append_missing (self, text, n_missing);
  g_string_append_c (text, '.');
}

static void
describe_heatmap (KzChartData *self,
                  GString     *text)
{
  g_autofree char *n_rows = count_of (self->rows->len, self->row_singular, self->row_plural, _("row"), _("rows"));
  g_autofree char *n_columns = count_categories (self, self->categories->len);
  g_autofree char *lo_text = NULL;
  g_autofree char *hi_text = NULL;
  double lo = NAN, hi = NAN;
  guint lo_r = 0, lo_c = 0, hi_r = 0, hi_c = 0, n_hidden = 0, n_empty = 0;

  for (guint r = 0; r < self->rows->len; r++)
    for (guint c = 0; c < self->categories->len; c++)
      {
        const Cell *cell = cell_at (self, r, c);

        /* A suppressed cell has no value to leak: it counts as hidden. */
        if (cell->reason != NULL)
          {
            n_hidden++;
            continue;
          }
        if (isnan (cell->value))
          {
            n_empty++;
            continue;
          }
        if (isnan (lo) || cell->value < lo)
          lo = cell->value, lo_r = r, lo_c = c;
        if (isnan (hi) || cell->value > hi)
          hi = cell->value, hi_r = r, hi_c = c;
      }

  /* Translators: a heatmap's size, e.g. ", 3 agents × 4 criteria" */
  g_string_append_printf (text, _(", %s × %s"), n_rows, n_columns);
  if (!isnan (lo))
    {
      lo_text = kz_chart_format_value (self->unit, lo);
      hi_text = kz_chart_format_value (self->unit, hi);
      /* Translators: e.g. ", from 55.0 (Bo, Empathy) to 97.5 (Ana, Greeting)" */
      g_string_append_printf (text, _(", from %s (%s, %s) to %s (%s, %s)"),
                              lo_text, (char *) g_ptr_array_index (self->rows, lo_r),
                              (char *) g_ptr_array_index (self->categories, lo_c),
                              hi_text, (char *) g_ptr_array_index (self->rows, hi_r),
                              (char *) g_ptr_array_index (self->categories, hi_c));
    }
  if (n_hidden > 0)
    {
      g_string_append (text, "; ");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u cell hidden", "%u cells hidden", n_hidden),
                              n_hidden);
    }
  if (n_empty > 0)
    {
      g_string_append (text, "; ");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u cell without data",
                                                 "%u cells without data", n_empty),
                              n_empty);
    }
  append_target (self, text);
  g_string_append_c (text, '.');
}

char *
kz_chart_data_build_description (KzChartData *self)
{
  g_autoptr(GString) text = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  text = g_string_new (NULL);
  /* Translators: the start of a chart's description, e.g. "Line chart of weekly quality score" */
  g_string_append_printf (text, _("%s of %s"), kind_name (self->kind), self->subject);
  if (!kz_chart_data_has_values (self))
    {
      /* Translators: the end of an empty chart's description */
      g_string_append (text, _(": no data."));
      return g_string_free (g_steal_pointer (&text), FALSE);
    }
  switch (self->kind)
    {
    case KZ_CHART_LINE:
      describe_line (self, text);
      break;
    case KZ_CHART_BAR:
      describe_bars (self, text);
      break;
    case KZ_CHART_HISTOGRAM:
      describe_histogram (self, text);
      break;
    case KZ_CHART_STACKED_BAR:
      describe_stacks (self, text);
      break;
    case KZ_CHART_HEATMAP:
    default:
      describe_heatmap (self, text);
      break;
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}
