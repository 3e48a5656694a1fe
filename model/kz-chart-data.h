/* kz-chart-data.h — what a chart shows, and its layout maths, off the draw path
 *
 * The pure half of Kaizen's charts (sysprof's chart layers are the shape):
 * a page builds a KzChartData from numbers the model computed — series of
 * values over categories, or heatmap cells — and hands it to a KzChart.
 * Everything that is not drawing lives here, so it is tested without a
 * display: the axis range and its ticks, values normalised to 0…1 on the
 * axis, stacking, the heatmap's colour steps, the labels, the tooltips, the
 * text table behind "Show as Table" and the sentence a screen reader says.
 * Plain GLib: no GTK here (the display-free test builds this file alone).
 *
 * Missing values are NAN.  A suppressed heatmap cell keeps no number at all:
 * only its reason, which is what the chart, tooltip and table show.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  KZ_CHART_LINE,          /* series over categories (weeks); optional interval band */
  KZ_CHART_BAR,           /* the first series, one bar per category */
  KZ_CHART_STACKED_BAR,   /* every series stacked per category (answers by scale point) */
  KZ_CHART_HEATMAP,       /* rows × categories of cells */
  KZ_CHART_HISTOGRAM,     /* the first series as touching bars, one per bin */
} KzChartKind;

typedef enum {
  KZ_CHART_UNIT_SCORE,    /* 0–100 unless set otherwise, one decimal: "84.0" */
  KZ_CHART_UNIT_PERCENT,  /* 0–100 unless set otherwise, one decimal: "92.5%" */
  KZ_CHART_UNIT_COUNT,    /* from 0 to a nice number, whole numbers: "12" */
} KzChartUnit;

/* Ticks per axis the chart aims for; a short chart skips some labels. */
#define KZ_CHART_MAX_TICKS 6
/* Colour steps on each side of a heatmap's scale. */
#define KZ_CHART_N_SHADES  4

/* ---- layout maths ---------------------------------------------------------- */

/* An axis from lo to hi in n_ticks ticks, step apart: lo, lo + step, …, hi. */
typedef struct {
  double lo;
  double hi;
  double step;
  guint  n_ticks;
} KzChartAxis;

/* "Nice numbers" (Heckbert, Graphics Gems 1990): a range that covers
 * [@lo, @hi] with at most about @max_ticks ticks on steps of 1, 2 or 5 × 10ⁿ.
 * With @whole_steps the step is at least 1 (counts have no halves). */
void    kz_chart_axis_nice        (KzChartAxis       *axis,
                                   double             lo,
                                   double             hi,
                                   guint              max_ticks,
                                   gboolean           whole_steps);
double  kz_chart_axis_get_tick    (const KzChartAxis *axis,
                                   guint              i);
/* 0 at lo, 1 at hi, linear, not clamped; NAN stays NAN. */
double  kz_chart_axis_normalise   (const KzChartAxis *axis,
                                   double             value);
/* The pixel of @value when lo sits at @pixel_at_lo and hi at @pixel_at_hi
 * (give the bottom as @pixel_at_lo for a vertical axis). */
double  kz_chart_axis_to_pixel    (const KzChartAxis *axis,
                                   double             value,
                                   double             pixel_at_lo,
                                   double             pixel_at_hi);

/* The colour step of a heatmap value on [@lo, @hi]: 0 for no value.  With a
 * target, diverging: 1…@n_shades at or above it (1 = meets it, @n_shades =
 * at @hi), −1…−@n_shades below it (−@n_shades = at @lo), each side cut into
 * @n_shades equal parts.  Without one, sequential: 1…@n_shades from @lo up. */
int     kz_chart_colour_index     (double             value,
                                   double             lo,
                                   double             hi,
                                   gboolean           has_target,
                                   double             target,
                                   guint              n_shades);

/* "84.0", "92.5%", "12"; "—" for NAN. */
char   *kz_chart_format_value     (KzChartUnit        unit,
                                   double             value);
/* A target or a bin edge as a person sets it: "80", "82.5", "80%". */
char   *kz_chart_format_mark      (KzChartUnit        unit,
                                   double             value);

/* Which labels to draw along an axis with a label every @slot pixels, the
 * widest @widest pixels, at least @gap pixels apart: every stride-th one.
 * 1 draws them all. */
guint   kz_chart_label_stride     (double             slot,
                                   double             widest,
                                   double             gap);

/* ---- the text table ------------------------------------------------------- */

typedef struct {
  guint   n_rows;
  guint   n_columns;
  char  **headers;   /* n_columns strings */
  char  **cells;     /* n_rows × n_columns, row by row */
} KzChartTable;

const char *kz_chart_table_get_header (const KzChartTable *self,
                                       guint               column);
const char *kz_chart_table_get_cell   (const KzChartTable *self,
                                       guint               row,
                                       guint               column);
void        kz_chart_table_free       (KzChartTable       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzChartTable, kz_chart_table_free)

/* ---- the data --------------------------------------------------------------- */

typedef struct _KzChartData KzChartData;

#define KZ_TYPE_CHART_DATA (kz_chart_data_get_type ())
GType        kz_chart_data_get_type          (void) G_GNUC_CONST;

/* @subject is what the chart shows as it reads inside a sentence:
 * "weekly quality score", "pass rate by team". */
KzChartData *kz_chart_data_new               (KzChartKind  kind,
                                              KzChartUnit  unit,
                                              const char  *subject);
KzChartData *kz_chart_data_ref               (KzChartData *self);
void         kz_chart_data_unref             (KzChartData *self);

KzChartKind  kz_chart_data_get_kind          (KzChartData *self);
KzChartUnit  kz_chart_data_get_unit          (KzChartData *self);
const char  *kz_chart_data_get_subject       (KzChartData *self);

/* Building.  A chart seals its data (kz_chart_data_seal): after that it
 * does not change, so what is drawn, the table and the description agree. */

/* The table's first header ("Week", "Team", "Agent") — for a heatmap the
 * rows' — and the nouns the description counts in ("week", "weeks"),
 * translated by the caller. */
void         kz_chart_data_set_category_title (KzChartData *self,
                                              const char  *title);
void         kz_chart_data_set_category_noun (KzChartData *self,
                                              const char  *singular,
                                              const char  *plural);
void         kz_chart_data_set_row_noun      (KzChartData *self,
                                              const char  *singular,
                                              const char  *plural);
/* The x-axis positions: weeks, teams, criteria, scale points, bins.  For a
 * heatmap, its columns. */
guint        kz_chart_data_add_category      (KzChartData *self,
                                              const char  *label);
/* @n_bins categories "lo–lo+width", … for a histogram, edges formatted as
 * kz_chart_format_mark().  The counts per bin come from the caller. */
void         kz_chart_data_add_bins          (KzChartData *self,
                                              double       lo,
                                              double       width,
                                              guint        n_bins);
guint        kz_chart_data_add_series        (KzChartData *self,
                                              const char  *label);
/* @n is how many the value rests on (shown as "n = 34"); 0 for not given. */
void         kz_chart_data_set_value         (KzChartData *self,
                                              guint        series,
                                              guint        category,
                                              double       value,
                                              guint        n);
/* The band around a line: an interval per category. */
void         kz_chart_data_set_interval_label (KzChartData *self,
                                              const char  *label);
void         kz_chart_data_set_interval      (KzChartData *self,
                                              guint        series,
                                              guint        category,
                                              double       low,
                                              double       high);
void         kz_chart_data_set_target        (KzChartData *self,
                                              double       target);
/* The value axis (a heatmap's colour scale) covers at least [@lo, @hi],
 * rounded out to nice ticks; the default is 0–100 for scores and percents
 * and 0 to the highest value for counts. */
void         kz_chart_data_set_range         (KzChartData *self,
                                              double       lo,
                                              double       hi);

/* Heatmaps: rows, and cells at (row, category). */
guint        kz_chart_data_add_row           (KzChartData *self,
                                              const char  *label);
void         kz_chart_data_set_cell          (KzChartData *self,
                                              guint        row,
                                              guint        column,
                                              double       value,
                                              guint        n);
/* The cell's figure is withheld (anonymity: fewer than k answers, or a
 * difference with another figure).  Its number is dropped on the spot and
 * never comes back; setting the cell again leaves it suppressed.  @reason
 * is what people read instead: "Hidden: fewer than 5 answers". */
void         kz_chart_data_suppress_cell     (KzChartData *self,
                                              guint        row,
                                              guint        column,
                                              const char  *reason);

/* Said after the cell's value in its tooltip and in the table ("n = 4,
 * N/A 20.0%"); NULL: none. */
void         kz_chart_data_set_cell_note     (KzChartData *self,
                                              guint        row,
                                              guint        column,
                                              const char  *note);
/* A heatmap column's own target (each criterion's): its cells are
 * coloured diverging around it instead of the chart's target. */
void         kz_chart_data_set_column_target (KzChartData *self,
                                              guint        column,
                                              double       target);

void         kz_chart_data_seal              (KzChartData *self);

/* Reading. */
guint        kz_chart_data_get_n_categories  (KzChartData *self);
const char  *kz_chart_data_get_category      (KzChartData *self,
                                              guint        category);
guint        kz_chart_data_get_n_series      (KzChartData *self);
const char  *kz_chart_data_get_series_label  (KzChartData *self,
                                              guint        series);
guint        kz_chart_data_get_n_rows        (KzChartData *self);
const char  *kz_chart_data_get_row           (KzChartData *self,
                                              guint        row);
double       kz_chart_data_get_value         (KzChartData *self,
                                              guint        series,
                                              guint        category);
/* The band's name: "95% interval" (default "Interval"). */
const char  *kz_chart_data_get_interval_label (KzChartData *self);
gboolean     kz_chart_data_get_has_target    (KzChartData *self);
double       kz_chart_data_get_target        (KzChartData *self);
/* FALSE when there is nothing to draw (no value anywhere). */
gboolean     kz_chart_data_has_values        (KzChartData *self);

/* Normalised, ready to draw: 0 at the bottom of the value axis, 1 at its
 * top.  NAN where there is nothing to draw. */
const KzChartAxis *kz_chart_data_get_axis    (KzChartData *self);
/* "0", "20", … "100"; "80%"; counts "0", "10". */
char        *kz_chart_data_format_tick       (KzChartData *self,
                                              guint        tick);
/* The top of a bar, a stack's segment or a line's point. */
double       kz_chart_data_get_norm          (KzChartData *self,
                                              guint        series,
                                              guint        category);
/* Where that bar or segment starts: the baseline, or the segment below. */
double       kz_chart_data_get_norm_base     (KzChartData *self,
                                              guint        series,
                                              guint        category);
gboolean     kz_chart_data_get_norm_interval (KzChartData *self,
                                              guint        series,
                                              guint        category,
                                              double      *low,
                                              double      *high);
double       kz_chart_data_get_norm_target   (KzChartData *self);
/* The label drawn on a bar or a cell: "84.0", "12". */
char        *kz_chart_data_format_item       (KzChartData *self,
                                              guint        series,
                                              guint        category);

/* The column's own target, else the chart's; NAN with neither. */
double       kz_chart_data_get_column_target (KzChartData *self,
                                              guint        column);
/* Whether some column has a target of its own. */
gboolean     kz_chart_data_get_has_column_targets (KzChartData *self);
const char  *kz_chart_data_get_cell_note     (KzChartData *self,
                                              guint        row,
                                              guint        column);
gboolean     kz_chart_data_cell_is_suppressed (KzChartData *self,
                                              guint        row,
                                              guint        column);
/* The reason, or NULL when the cell is not suppressed. */
const char  *kz_chart_data_get_cell_reason   (KzChartData *self,
                                              guint        row,
                                              guint        column);
double       kz_chart_data_get_cell_value    (KzChartData *self,
                                              guint        row,
                                              guint        column);
/* kz_chart_colour_index() of the cell on the data's range; 0 for no value
 * and for suppressed cells. */
int          kz_chart_data_get_cell_shade    (KzChartData *self,
                                              guint        row,
                                              guint        column);
/* The cell's label: its value, "—" without one, its reason when suppressed. */
char        *kz_chart_data_format_cell       (KzChartData *self,
                                              guint        row,
                                              guint        column);

/* What people read about one place of the chart (tooltips): a category
 * with every series' value, n and interval, or a stack with its parts;
 * a heatmap cell with its value and n, or its reason. */
char        *kz_chart_data_describe_category (KzChartData *self,
                                              guint        category);
char        *kz_chart_data_describe_cell     (KzChartData *self,
                                              guint        row,
                                              guint        column);

/* The same numbers as text: the "Show as Table" view and the description a
 * screen reader says (one or two sentences: what, over what, the lowest
 * and highest, the target). */
KzChartTable *kz_chart_data_build_table      (KzChartData *self);
char        *kz_chart_data_build_description (KzChartData *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzChartData, kz_chart_data_unref)

G_END_DECLS
