/* kz-chart.c — one widget for every kind of chart Kaizen draws
 *
 * The data layer (kz-chart-data.c) has already worked out the axis, the
 * ticks, the values normalised to 0…1, the stacking, the heatmap's colour
 * steps and every string; this file only places them.  The placement (the
 * plot's rectangle, which labels fit) depends on the size and the font, so
 * it is measured once per size and kept until the size, the style or the
 * data change; snapshot() and the tooltips read the same placement.
 *
 * Labels never overlap: along an axis only every stride-th one is drawn
 * when they would collide, and category names are ellipsized to their slot.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kz-chart.h"

#define PAD              8.0    /* around everything */
#define GAP              6.0    /* between labels and the plot */
#define LABEL_GAP        8.0    /* at least this between two axis labels */
#define SWATCH           10.0   /* a legend's colour square */
#define LINE_SWATCH      18.0   /* … and its lines, wide enough to show dashes */
#define MAX_CELL_HEIGHT  44.0
#define MAX_BAR_WIDTH    64.0
#define POINT_RADIUS     3.5

typedef enum {
  SWATCH_SERIES,
  SWATCH_SHADE,
  SWATCH_HATCH,
  SWATCH_TARGET,    /* a dashed line */
  SWATCH_BAND,      /* a line in its band */
} SwatchKind;



typedef struct {
  char       *text;
  SwatchKind  kind;
  int         index;      /* the series, or the shade */
  double      x, y;       /* from the legend's top left */
  int         text_width;
} LegendItem;

typedef struct {
  gboolean         valid;
  int              width;
  int              height;
  int              line_height;     /* of the small labels */
  gboolean         drawable;        /* data, and room to draw it */
  graphene_rect_t  plot;
  double           slot;            /* a category's width */
  double           bar_width;
  double           row_height;      /* a heatmap's rows */
  guint            x_stride;        /* draw every x_stride-th category label */
  guint            y_stride;        /* … tick label */
  guint            row_stride;      /* … heatmap row label */
  double           x_label_width;   /* ellipsize category labels to this; < 0: never */
  double           row_label_width;
  gboolean         value_labels;    /* values fit on the bars or cells */
  double           legend_y;
  GArray          *legend;          /* LegendItem */
} Layout;

typedef struct {
  GdkRGBA fg;
  GdkRGBA dim;
  GdkRGBA grid;
  GdkRGBA axis;
  GdkRGBA bg;
  GdkRGBA accent;
  GdkRGBA accent_bg;
  GdkRGBA accent_fg;
  GdkRGBA success_bg;
  GdkRGBA warning_bg;
  GdkRGBA error_bg;
} Colours;

struct _KzChart
{
  GtkWidget    parent_instance;

  KzChartData *data;
  Layout       layout;
  /* The item the keyboard is on (its row and category); shown while the
   * chart has the focus, activated with Enter or Space. */
  gboolean     has_cursor;
  guint        cursor_row;
  guint        cursor_category;
};

G_DEFINE_FINAL_TYPE (KzChart, kz_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DATA,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ITEM_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- text ------------------------------------------------------------------- */

static PangoLayout *
small_text (KzChart    *self,
            const char *text)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoAttrList *attrs = pango_attr_list_new ();

  /* A little smaller than body text, as chart labels are everywhere. */
  pango_attr_list_insert (attrs, pango_attr_scale_new (0.9));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  return layout;
}

static int
text_width (KzChart    *self,
            const char *text)
{
  g_autoptr(PangoLayout) layout = small_text (self, text);
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

/* Draws @layout with its top left at (@x, @y), on whole pixels. */
static void
draw_layout (GtkSnapshot   *snapshot,
             PangoLayout   *layout,
             double         x,
             double         y,
             const GdkRGBA *colour)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (round (x), round (y)));
  gtk_snapshot_append_layout (snapshot, layout, colour);
  gtk_snapshot_restore (snapshot);
}

/* @text centred on (@cx, @cy), ellipsized to @max_width when that is ≥ 0. */
static void
draw_text_centred (KzChart       *self,
                   GtkSnapshot   *snapshot,
                   const char    *text,
                   double         cx,
                   double         cy,
                   double         max_width,
                   const GdkRGBA *colour)
{
  g_autoptr(PangoLayout) layout = small_text (self, text);
  int w, h;

  if (max_width >= 0)
    {
      pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
      pango_layout_get_pixel_size (layout, &w, &h);
      /* The layout is max_width wide and centres its own text. */
      draw_layout (snapshot, layout, cx - max_width / 2, cy - h / 2.0, colour);
      return;
    }
  pango_layout_get_pixel_size (layout, &w, &h);
  /* Keep the first and last labels inside the widget. */
  cx = CLAMP (cx, 2 + w / 2.0, gtk_widget_get_width (GTK_WIDGET (self)) - 2 - w / 2.0);
  draw_layout (snapshot, layout, cx - w / 2.0, cy - h / 2.0, colour);
}

/* ---- colours ------------------------------------------------------------------ */

static void
lookup (GtkStyleContext *context,
        const char      *name,
        GdkRGBA         *colour,
        const GdkRGBA   *fallback)
{
  if (!gtk_style_context_lookup_color (context, name, colour))
    *colour = *fallback;
}

static void
resolve_colours (KzChart *self,
                 Colours *c)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  const GdkRGBA white = { 1, 1, 1, 1 };

  /* gtk_widget_get_color() is GTK 4.10. */
  gtk_style_context_get_color (context, &c->fg);
  c->dim = c->fg;
  c->dim.alpha *= 0.7f;
  c->grid = c->fg;
  c->grid.alpha *= 0.12f;
  c->axis = c->fg;
  c->axis.alpha *= 0.45f;
  /* What the chart is drawn on: a card, a view, or the window. */
  lookup (context, "window_bg_color", &c->bg, &white);
  for (GtkWidget *w = GTK_WIDGET (self); w != NULL; w = gtk_widget_get_parent (w))
    if (gtk_widget_has_css_class (w, "card") || gtk_widget_has_css_class (w, "view"))
      {
        lookup (context, gtk_widget_has_css_class (w, "card") ? "card_bg_color" : "view_bg_color", &c->bg, &c->bg);
        break;
      }
  lookup (context, "accent_color", &c->accent, &c->fg);
  lookup (context, "accent_bg_color", &c->accent_bg, &c->fg);
  lookup (context, "accent_fg_color", &c->accent_fg, &white);
  lookup (context, "success_bg_color", &c->success_bg, &c->accent_bg);
  lookup (context, "warning_bg_color", &c->warning_bg, &c->accent_bg);
  lookup (context, "error_bg_color", &c->error_bg, &c->accent_bg);
}

static GdkRGBA
mix (const GdkRGBA *a,
     const GdkRGBA *b,
     double         t)
{
  GdkRGBA m = {
    a->red + (b->red - a->red) * t,
    a->green + (b->green - a->green) * t,
    a->blue + (b->blue - a->blue) * t,
    a->alpha + (b->alpha - a->alpha) * t,
  };

  return m;
}

/* A series' colour: the accent first, then GNOME's palette for lines; for
 * stacked scale points, bad to good (error → warning → success). */
static GdkRGBA
series_colour (KzChart       *self,
               const Colours *c,
               guint          series)
{
  static const char * const palette[] = {
    "orange_3", "purple_3", "green_4", "red_3", "brown_3", "yellow_5", "blue_5",
  };
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  guint n = kz_chart_data_get_n_series (self->data);
  GdkRGBA colour;

  if (kz_chart_data_get_kind (self->data) == KZ_CHART_STACKED_BAR && n > 1)
    {
      double t = (double) series / (n - 1);

      return t < 0.5 ? mix (&c->error_bg, &c->warning_bg, t * 2)
                     : mix (&c->warning_bg, &c->success_bg, (t - 0.5) * 2);
    }
  if (series == 0)
    return kz_chart_data_get_kind (self->data) == KZ_CHART_LINE ? c->accent : c->accent_bg;
  lookup (context, palette[(series - 1) % G_N_ELEMENTS (palette)], &colour, &c->fg);
  return colour;
}

/* A heatmap step (kz_chart_colour_index): stronger further from the target. */
static GdkRGBA
shade_colour (KzChart       *self,
              const Colours *c,
              int            shade)
{
  GdkRGBA colour;

  if (shade < 0)
    colour = c->error_bg;
  else if (kz_chart_data_get_has_target (self->data))
    colour = c->success_bg;
  else
    colour = c->accent_bg;
  colour.alpha = 0.15f + 0.8f * ABS (shade) / KZ_CHART_N_SHADES;
  return colour;
}

static double
luminance (const GdkRGBA *c)
{
  double rgb[3] = { c->red, c->green, c->blue };

  for (guint i = 0; i < 3; i++)
    rgb[i] = rgb[i] <= 0.04045 ? rgb[i] / 12.92 : pow ((rgb[i] + 0.055) / 1.055, 2.4);
  return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
}

/* Black or white, whichever reads better on @fill over the background. */
static GdkRGBA
text_on (const Colours *c,
         const GdkRGBA *fill)
{
  GdkRGBA over = mix (&c->bg, fill, fill->alpha);
  const GdkRGBA dark = { 0, 0, 0, 0.87f };
  const GdkRGBA light = { 1, 1, 1, 1 };

  over.alpha = 1;
  /* 0.179: where black and white have the same contrast (WCAG). */
  return luminance (&over) > 0.179 ? dark : light;
}

/* ---- placement ------------------------------------------------------------------ */

static void
legend_item_clear (gpointer data)
{
  LegendItem *item = data;

  g_free (item->text);
}

static double
swatch_width (SwatchKind kind)
{
  return kind == SWATCH_TARGET || kind == SWATCH_BAND ? LINE_SWATCH : SWATCH;
}

static void
add_legend (Layout     *layout,
            const char *text,
            SwatchKind  kind,
            int         index)
{
  LegendItem item = { g_strdup (text), kind, index, 0, 0, 0 };

  g_array_append_val (layout->legend, item);
}

/* Whether any cell of the heatmap is suppressed, or any cell is below the target. */
static void
heatmap_facts (KzChartData *data,
               gboolean    *any_hidden,
               gboolean    *any_below,
               gboolean    *any_above)
{
  *any_hidden = *any_below = *any_above = FALSE;
  for (guint r = 0; r < kz_chart_data_get_n_rows (data); r++)
    for (guint c = 0; c < kz_chart_data_get_n_categories (data); c++)
      {
        int shade = kz_chart_data_get_cell_shade (data, r, c);

        *any_hidden |= kz_chart_data_cell_is_suppressed (data, r, c);
        *any_below |= shade < 0;
        *any_above |= shade > 0;
      }
}

static void
build_legend (KzChart *self,
              Layout  *layout)
{
  KzChartData *data = self->data;
  KzChartKind kind = kz_chart_data_get_kind (data);
  guint n_series = kz_chart_data_get_n_series (data);
  double x = 0, y = 0, right = layout->width - 2 * PAD;

  g_array_set_size (layout->legend, 0);
  if (kind == KZ_CHART_HEATMAP)
    {
      gboolean any_hidden, any_below, any_above;

      heatmap_facts (data, &any_hidden, &any_below, &any_above);
      if (kz_chart_data_get_has_column_targets (data))
        {
          /* Each column against its own target (a criterion's). */
          if (any_below)
            add_legend (layout, _("Below its target"), SWATCH_SHADE, -KZ_CHART_N_SHADES / 2);
          if (any_above)
            add_legend (layout, _("Meets its target"), SWATCH_SHADE, KZ_CHART_N_SHADES / 2);
        }
      else if (kz_chart_data_get_has_target (data))
        {
          g_autofree char *mark = kz_chart_format_mark (kz_chart_data_get_unit (data),
                                                        kz_chart_data_get_target (data));
          /* Translators: a heatmap's legend, e.g. "Below target 80" */
          g_autofree char *below = g_strdup_printf (_("Below target %s"), mark);
          /* Translators: a heatmap's legend, e.g. "Meets target 80" */
          g_autofree char *meets = g_strdup_printf (_("Meets target %s"), mark);

          if (any_below)
            add_legend (layout, below, SWATCH_SHADE, -KZ_CHART_N_SHADES / 2);
          if (any_above)
            add_legend (layout, meets, SWATCH_SHADE, KZ_CHART_N_SHADES / 2);
        }
      else
        {
          add_legend (layout, _("Low"), SWATCH_SHADE, 1);
          add_legend (layout, _("High"), SWATCH_SHADE, KZ_CHART_N_SHADES);
        }
      if (any_hidden)
        add_legend (layout, _("Hidden"), SWATCH_HATCH, 0);
    }
  else
    {
      gboolean band = FALSE;

      if ((kind == KZ_CHART_LINE || kind == KZ_CHART_STACKED_BAR) && n_series > 1)
        for (guint s = 0; s < n_series; s++)
          add_legend (layout, kz_chart_data_get_series_label (data, s), SWATCH_SERIES, (int) s);
      for (guint c = 0; (kind == KZ_CHART_LINE || kind == KZ_CHART_BAR) && c < kz_chart_data_get_n_categories (data) && !band; c++)
        {
          double lo, hi;

          band = kz_chart_data_get_norm_interval (data, 0, c, &lo, &hi);
        }
      if (band)
        add_legend (layout, kz_chart_data_get_interval_label (data), SWATCH_BAND, 0);
      /* The target goes in the legend, not on its line, where it would
       * cover the points and bars near it. */
      if (kz_chart_data_get_has_target (data))
        {
          g_autofree char *mark = kz_chart_format_mark (kz_chart_data_get_unit (data),
                                                        kz_chart_data_get_target (data));
          /* Translators: the legend of a chart's target line, e.g. "Target 80" */
          g_autofree char *text = g_strdup_printf (_("Target %s"), mark);

          add_legend (layout, text, SWATCH_TARGET, 0);
        }
    }

  /* Flow the items into lines. */
  for (guint i = 0; i < layout->legend->len; i++)
    {
      LegendItem *item = &g_array_index (layout->legend, LegendItem, i);
      double w;

      item->text_width = text_width (self, item->text);
      w = swatch_width (item->kind) + 4 + item->text_width;
      if (x > 0 && x + w > right)
        {
          x = 0;
          y += layout->line_height + 2;
        }
      item->x = x;
      item->y = y;
      x += w + 12;
    }
  layout->legend_y = layout->height - PAD -
                     (layout->legend->len > 0 ? y + layout->line_height : 0);
}

/* How to label @n categories @slot pixels apart, the widest @widest: all
 * of them, ellipsized to the slot when they are no narrower than three
 * letters; else every stride-th one.  Categories in order (weeks) are
 * never cut: "2026-…" under each of a year's weekly bars says nothing,
 * every other week in full does (kz_chart_data_set_ordered_categories). */
static void
place_category_labels (KzChart *self,
                       Layout  *layout,
                       double   slot,
                       double   widest,
                       gboolean may_ellipsize)
{
  double shortest = text_width (self, "Mm…");

  if (!may_ellipsize)
    {
      layout->x_stride = kz_chart_label_stride (slot, widest, LABEL_GAP);
      layout->x_label_width = -1;
      return;
    }
  layout->x_stride = kz_chart_label_stride (slot, MIN (widest, shortest), 4);
  layout->x_label_width = layout->x_stride * slot - 4;
}

static void
ensure_layout (KzChart *self)
{
  Layout *layout = &self->layout;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  KzChartData *data = self->data;
  KzChartKind kind;
  guint n_categories;
  double bottom, widest = 0;
  int line_height;

  if (layout->valid && layout->width == width && layout->height == height)
    return;
  layout->valid = TRUE;
  layout->width = width;
  layout->height = height;
  layout->drawable = FALSE;
  g_array_set_size (layout->legend, 0);
  if (data == NULL || !kz_chart_data_has_values (data) || width <= 0 || height <= 0)
    return;

  {
    g_autoptr(PangoLayout) probe = small_text (self, "0");

    pango_layout_get_pixel_size (probe, NULL, &line_height);
    layout->line_height = line_height;
  }
  kind = kz_chart_data_get_kind (data);
  n_categories = kz_chart_data_get_n_categories (data);
  build_legend (self, layout);
  bottom = layout->legend->len > 0 ? layout->legend_y - GAP : height - PAD;

  for (guint c = 0; c < n_categories; c++)
    widest = MAX (widest, text_width (self, kz_chart_data_get_category (data, c)));

  if (kind == KZ_CHART_HEATMAP)
    {
      guint n_rows = kz_chart_data_get_n_rows (data);
      double widest_row = 0, widest_value = 0, top = PAD + line_height + GAP;

      if (n_rows == 0 || n_categories == 0)
        return;
      for (guint r = 0; r < n_rows; r++)
        widest_row = MAX (widest_row, text_width (self, kz_chart_data_get_row (data, r)));
      layout->row_label_width = MIN (widest_row, floor (0.3 * width));
      layout->plot.origin.x = PAD + layout->row_label_width + GAP;
      layout->plot.origin.y = top;
      layout->plot.size.width = width - PAD - layout->plot.origin.x;
      layout->row_height = MIN ((bottom - top) / n_rows, MAX_CELL_HEIGHT);
      layout->plot.size.height = layout->row_height * n_rows;
      layout->slot = layout->plot.size.width / n_categories;
      layout->row_stride = kz_chart_label_stride (layout->row_height, line_height, 0);
      place_category_labels (self, layout, layout->slot, widest, TRUE);
      for (guint r = 0; r < n_rows; r++)
        for (guint c = 0; c < n_categories; c++)
          if (!kz_chart_data_cell_is_suppressed (data, r, c))
            {
              g_autofree char *label = kz_chart_data_format_cell (data, r, c);

              widest_value = MAX (widest_value, text_width (self, label));
            }
      layout->value_labels = widest_value <= layout->slot - 4 && line_height <= layout->row_height - 2;
    }
  else
    {
      const KzChartAxis *axis = kz_chart_data_get_axis (data);
      double widest_tick = 0, widest_value = 0;

      if (n_categories == 0)
        return;
      for (guint i = 0; i < axis->n_ticks; i++)
        {
          g_autofree char *tick = kz_chart_data_format_tick (data, i);

          widest_tick = MAX (widest_tick, text_width (self, tick));
        }
      layout->plot.origin.x = PAD + widest_tick + GAP;
      /* Half a line above: the top tick's label is centred on its line.
       * Bars get a whole line, for the value above the tallest one. */
      if (kind == KZ_CHART_BAR || kind == KZ_CHART_HISTOGRAM)
        layout->plot.origin.y = PAD + line_height + 2;
      else
        layout->plot.origin.y = PAD + ceil (line_height / 2.0);
      layout->plot.size.width = width - PAD - layout->plot.origin.x;
      layout->plot.size.height = bottom - line_height - GAP / 2 - layout->plot.origin.y;
      layout->slot = layout->plot.size.width / n_categories;
      layout->y_stride = axis->n_ticks > 1
                         ? kz_chart_label_stride (layout->plot.size.height / (axis->n_ticks - 1), line_height, 2)
                         : 1;
      place_category_labels (self, layout, layout->slot, widest,
                             (kind == KZ_CHART_BAR || kind == KZ_CHART_STACKED_BAR) &&
                             !kz_chart_data_get_ordered_categories (self->data));
      if (kind == KZ_CHART_HISTOGRAM)
        layout->bar_width = MAX (layout->slot - 1, 1);
      else
        layout->bar_width = MIN (round (layout->slot * 0.64), MAX_BAR_WIDTH);
      for (guint c = 0; c < n_categories; c++)
        {
          g_autofree char *label = kz_chart_data_format_item (data, 0, c);

          widest_value = MAX (widest_value, text_width (self, label));
        }
      layout->value_labels = (kind == KZ_CHART_BAR || kind == KZ_CHART_HISTOGRAM) &&
                             widest_value <= layout->bar_width + (kind == KZ_CHART_HISTOGRAM ? 0 : 2);
    }
  layout->drawable = layout->plot.size.width >= 8 && layout->plot.size.height >= 8;
}

static void
invalidate (KzChart *self)
{
  self->layout.valid = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- drawing ------------------------------------------------------------------------ */

static double
y_of (const Layout *layout,
      double        norm)
{
  return layout->plot.origin.y + layout->plot.size.height * (1 - norm);
}

static double
x_of (const Layout *layout,
      guint         category)
{
  return layout->plot.origin.x + layout->slot * (category + 0.5);
}

static void
draw_value_axis (KzChart       *self,
                 GtkSnapshot   *snapshot,
                 const Colours *c)
{
  const Layout *layout = &self->layout;
  const KzChartAxis *axis = kz_chart_data_get_axis (self->data);

  for (guint i = 0; i < axis->n_ticks; i++)
    {
      double y = round (y_of (layout, kz_chart_axis_normalise (axis, kz_chart_axis_get_tick (axis, i))));
      g_autofree char *text = NULL;
      g_autoptr(PangoLayout) label = NULL;
      int w, h;

      gtk_snapshot_append_color (snapshot, &c->grid,
                                 &GRAPHENE_RECT_INIT (layout->plot.origin.x, y, layout->plot.size.width, 1));
      if (i % layout->y_stride != 0)
        continue;
      text = kz_chart_data_format_tick (self->data, i);
      label = small_text (self, text);
      pango_layout_get_pixel_size (label, &w, &h);
      draw_layout (snapshot, label, layout->plot.origin.x - GAP - w, y - h / 2.0, &c->fg);
    }
  /* The baseline, a little stronger than the grid. */
  {
    double y = round (y_of (layout, kz_chart_data_get_norm_base (self->data, 0, 0)));

    gtk_snapshot_append_color (snapshot, &c->axis,
                               &GRAPHENE_RECT_INIT (layout->plot.origin.x, y, layout->plot.size.width, 1));
  }
}

static void
draw_category_labels (KzChart       *self,
                      GtkSnapshot   *snapshot,
                      const Colours *c)
{
  const Layout *layout = &self->layout;
  double y = layout->plot.origin.y + layout->plot.size.height + GAP / 2 + layout->line_height / 2.0;
  guint n = kz_chart_data_get_n_categories (self->data);

  for (guint i = 0; i < n; i += layout->x_stride)
    draw_text_centred (self, snapshot, kz_chart_data_get_category (self->data, i),
                       x_of (layout, i), y, layout->x_label_width, &c->fg);
}

static void
dashed_line (GtkSnapshot   *snapshot,
             double         x0,
             double         x1,
             double         y,
             const GdkRGBA *colour)
{
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (x0, y - 1, x1 - x0, 2);
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &bounds);

  gdk_cairo_set_source_rgba (cr, colour);
  cairo_set_line_width (cr, 1.5);
  cairo_set_dash (cr, (double[]) { 6, 4 }, 2, 0);
  cairo_move_to (cr, x0, y);
  cairo_line_to (cr, x1, y);
  cairo_stroke (cr);
  cairo_destroy (cr);
}

static void
draw_target (KzChart       *self,
             GtkSnapshot   *snapshot,
             const Colours *c)
{
  const Layout *layout = &self->layout;
  double norm = kz_chart_data_get_norm_target (self->data);

  if (isnan (norm) || norm < 0 || norm > 1)
    return;
  dashed_line (snapshot, layout->plot.origin.x, layout->plot.origin.x + layout->plot.size.width,
               round (y_of (layout, norm)) + 0.5, &c->fg);
}

static void
draw_line (KzChart       *self,
           GtkSnapshot   *snapshot,
           const Colours *c)
{
  const Layout *layout = &self->layout;
  KzChartData *data = self->data;
  guint n = kz_chart_data_get_n_categories (data);
  guint n_series = kz_chart_data_get_n_series (data);
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, layout->width, layout->height);
  cairo_t *cr;

  draw_value_axis (self, snapshot, c);
  draw_category_labels (self, snapshot, c);
  /* Under the lines: the data stay readable where they cross it. */
  draw_target (self, snapshot, c);

  cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  cairo_rectangle (cr, layout->plot.origin.x, layout->plot.origin.y - POINT_RADIUS - 1,
                   layout->plot.size.width, layout->plot.size.height + 2 * POINT_RADIUS + 2);
  cairo_clip (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  /* The bands first, under every line: a run of categories with an interval. */
  for (guint s = 0; s < n_series; s++)
    {
      GdkRGBA colour = series_colour (self, c, s);
      guint start = 0;

      colour.alpha *= 0.2f;
      while (start < n)
        {
          double lo, hi;
          guint end = start;

          while (end < n && kz_chart_data_get_norm_interval (data, s, end, &lo, &hi))
            end++;
          if (end > start)
            {
              for (guint i = start; i < end; i++)
                {
                  kz_chart_data_get_norm_interval (data, s, i, &lo, &hi);
                  cairo_line_to (cr, x_of (layout, i), y_of (layout, hi));
                }
              for (guint i = end; i-- > start;)
                {
                  kz_chart_data_get_norm_interval (data, s, i, &lo, &hi);
                  cairo_line_to (cr, x_of (layout, i), y_of (layout, lo));
                }
              cairo_close_path (cr);
              /* One category alone: a short bar, so it still shows. */
              if (end - start == 1)
                {
                  cairo_new_path (cr);
                  kz_chart_data_get_norm_interval (data, s, start, &lo, &hi);
                  cairo_rectangle (cr, x_of (layout, start) - 3, y_of (layout, hi), 6, y_of (layout, lo) - y_of (layout, hi));
                }
              gdk_cairo_set_source_rgba (cr, &colour);
              cairo_fill (cr);
            }
          start = end + 1;
        }
    }

  for (guint s = 0; s < n_series; s++)
    {
      GdkRGBA colour = series_colour (self, c, s);
      gboolean pen_down = FALSE;

      gdk_cairo_set_source_rgba (cr, &colour);
      cairo_set_line_width (cr, 2);
      for (guint i = 0; i < n; i++)
        {
          double norm = kz_chart_data_get_norm (data, s, i);

          /* A missing week breaks the line: no line is drawn across it. */
          if (isnan (norm))
            {
              pen_down = FALSE;
              continue;
            }
          if (pen_down)
            cairo_line_to (cr, x_of (layout, i), y_of (layout, norm));
          else
            cairo_move_to (cr, x_of (layout, i), y_of (layout, norm));
          pen_down = TRUE;
        }
      cairo_stroke (cr);

      for (guint i = 0; i < n; i++)
        {
          double norm = kz_chart_data_get_norm (data, s, i);
          gboolean alone = (i == 0 || isnan (kz_chart_data_get_norm (data, s, i - 1))) &&
                           (i + 1 == n || isnan (kz_chart_data_get_norm (data, s, i + 1)));

          /* Points when there is room for them, and always a point that
           * has no line to either side. */
          if (isnan (norm) || (layout->slot < 4 * POINT_RADIUS && !alone))
            continue;
          cairo_new_path (cr);
          cairo_arc (cr, x_of (layout, i), y_of (layout, norm), POINT_RADIUS, 0, 2 * G_PI);
          gdk_cairo_set_source_rgba (cr, &colour);
          cairo_fill_preserve (cr);
          gdk_cairo_set_source_rgba (cr, &c->bg);
          cairo_set_line_width (cr, 1);
          cairo_stroke (cr);
        }
    }
  cairo_destroy (cr);
}

/* A bar's value above its top (the layout leaves a line's room over the
 * plot), on a patch of the background so the target line does not run
 * through it. */
static void
draw_bar_value (KzChart               *self,
                GtkSnapshot           *snapshot,
                const Colours         *c,
                const graphene_rect_t *bar,
                const char            *value,
                const GdkRGBA         *ink)
{
  g_autoptr(PangoLayout) text = small_text (self, value);
  double x, y;
  int w, h;

  pango_layout_get_pixel_size (text, &w, &h);
  x = round (bar->origin.x + (bar->size.width - w) / 2);
  y = bar->origin.y - h - 2;
  if (y >= PAD - 1)
    {
      gtk_snapshot_append_color (snapshot, &c->bg, &GRAPHENE_RECT_INIT (x - 2, round (y), w + 4, h));
      draw_layout (snapshot, text, x, y, &c->fg);
    }
  else if (bar->size.height >= h + 2)
    draw_layout (snapshot, text, x, bar->origin.y + 1, ink);
}

static void
draw_bars (KzChart       *self,
           GtkSnapshot   *snapshot,
           const Colours *c)
{
  const Layout *layout = &self->layout;
  KzChartData *data = self->data;
  KzChartKind kind = kz_chart_data_get_kind (data);
  guint n = kz_chart_data_get_n_categories (data);
  guint n_series = kind == KZ_CHART_STACKED_BAR ? kz_chart_data_get_n_series (data) : 1;
  g_autofree graphene_rect_t *bars = g_new0 (graphene_rect_t, n * n_series);

  draw_value_axis (self, snapshot, c);
  draw_category_labels (self, snapshot, c);

  gtk_snapshot_push_clip (snapshot, &layout->plot);
  for (guint s = 0; s < n_series; s++)
    {
      GdkRGBA colour = series_colour (self, c, s);
      GdkRGBA ink = text_on (c, &colour);

      for (guint i = 0; i < n; i++)
        {
          double top = kz_chart_data_get_norm (data, s, i);
          double base = kz_chart_data_get_norm_base (data, s, i);
          graphene_rect_t *bar = &bars[s * n + i];
          double x, y_top, y_base;

          if (isnan (top))
            continue;
          x = kind == KZ_CHART_HISTOGRAM ? layout->plot.origin.x + layout->slot * i + 0.5
                                         : round (x_of (layout, i) - layout->bar_width / 2);
          y_top = y_of (layout, top);
          y_base = y_of (layout, base);
          graphene_rect_init (bar, x, MIN (y_top, y_base), layout->bar_width, fabs (y_base - y_top));
          gtk_snapshot_append_color (snapshot, &colour, bar);

          if (kind == KZ_CHART_STACKED_BAR)
            {
              g_autofree char *label = kz_chart_data_format_item (data, s, i);
              g_autoptr(PangoLayout) text = small_text (self, label);
              int w, h;

              /* A segment's count when it fits inside it. */
              pango_layout_get_pixel_size (text, &w, &h);
              if (w <= layout->bar_width - 2 && h <= bar->size.height - 1)
                draw_layout (snapshot, text, x + (layout->bar_width - w) / 2,
                             bar->origin.y + (bar->size.height - h) / 2, &ink);
            }
        }
    }
  /* A bar's interval as an error bar: a line from low to high with caps. */
  for (guint i = 0; kind == KZ_CHART_BAR && i < n; i++)
    {
      double lo, hi, x, y_lo, y_hi, cap;
      graphene_rect_t r;

      if (isnan (kz_chart_data_get_norm (data, 0, i)) || !kz_chart_data_get_norm_interval (data, 0, i, &lo, &hi))
        continue;
      x = round (x_of (layout, i));
      y_lo = y_of (layout, lo);
      y_hi = y_of (layout, hi);
      cap = MAX (4, round (layout->bar_width / 4));
      graphene_rect_init (&r, x - 1, MIN (y_lo, y_hi), 2, fabs (y_lo - y_hi));
      gtk_snapshot_append_color (snapshot, &c->fg, &r);
      graphene_rect_init (&r, x - cap, round (y_lo) - 1, 2 * cap, 2);
      gtk_snapshot_append_color (snapshot, &c->fg, &r);
      graphene_rect_init (&r, x - cap, round (y_hi) - 1, 2 * cap, 2);
      gtk_snapshot_append_color (snapshot, &c->fg, &r);
    }
  gtk_snapshot_pop (snapshot);
  draw_target (self, snapshot, c);

  if (!layout->value_labels)
    return;
  for (guint i = 0; i < n; i++)
    {
      GdkRGBA colour = series_colour (self, c, 0);
      GdkRGBA ink = text_on (c, &colour);
      g_autofree char *label = NULL;

      double lo, hi;

      if (isnan (kz_chart_data_get_norm (data, 0, i)))
        continue;
      /* Its error bar stands where the label would: the tooltip and the
       * table give the figure. */
      if (kind == KZ_CHART_BAR && kz_chart_data_get_norm_interval (data, 0, i, &lo, &hi))
        continue;
      label = kz_chart_data_format_item (data, 0, i);
      draw_bar_value (self, snapshot, c, &bars[i], label, &ink);
    }
}

static void
draw_hatch (GtkSnapshot           *snapshot,
            const graphene_rect_t *rect,
            const Colours         *c)
{
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, rect);
  GdkRGBA fill = c->fg, lines = c->fg;

  fill.alpha *= 0.06f;
  lines.alpha *= 0.3f;
  cairo_rectangle (cr, rect->origin.x, rect->origin.y, rect->size.width, rect->size.height);
  cairo_clip_preserve (cr);
  gdk_cairo_set_source_rgba (cr, &fill);
  cairo_fill (cr);
  gdk_cairo_set_source_rgba (cr, &lines);
  cairo_set_line_width (cr, 1);
  for (double d = -rect->size.height; d < rect->size.width; d += 6)
    {
      cairo_move_to (cr, rect->origin.x + d, rect->origin.y + rect->size.height);
      cairo_line_to (cr, rect->origin.x + d + rect->size.height, rect->origin.y);
    }
  cairo_stroke (cr);
  cairo_destroy (cr);
}

static void
cell_rect (const Layout    *layout,
           guint            row,
           guint            column,
           graphene_rect_t *rect)
{
  /* A pixel apart, so neighbours of the same colour still read as cells. */
  graphene_rect_init (rect,
                      layout->plot.origin.x + layout->slot * column + 1,
                      layout->plot.origin.y + layout->row_height * row + 1,
                      MAX (layout->slot - 2, 1), MAX (layout->row_height - 2, 1));
}

static void
draw_heatmap (KzChart       *self,
              GtkSnapshot   *snapshot,
              const Colours *c)
{
  const Layout *layout = &self->layout;
  KzChartData *data = self->data;
  guint n_rows = kz_chart_data_get_n_rows (data);
  guint n_columns = kz_chart_data_get_n_categories (data);

  for (guint col = 0; col < n_columns; col += layout->x_stride)
    draw_text_centred (self, snapshot, kz_chart_data_get_category (data, col),
                       layout->plot.origin.x + layout->slot * (col + 0.5),
                       PAD + layout->line_height / 2.0, layout->x_label_width, &c->fg);

  for (guint r = 0; r < n_rows; r++)
    {
      if (r % layout->row_stride == 0)
        {
          g_autoptr(PangoLayout) label = small_text (self, kz_chart_data_get_row (data, r));
          int h;

          pango_layout_set_width (label, (int) (layout->row_label_width * PANGO_SCALE));
          pango_layout_set_ellipsize (label, PANGO_ELLIPSIZE_END);
          pango_layout_get_pixel_size (label, NULL, &h);
          draw_layout (snapshot, label, PAD,
                       layout->plot.origin.y + layout->row_height * (r + 0.5) - h / 2.0, &c->fg);
        }

      for (guint col = 0; col < n_columns; col++)
        {
          graphene_rect_t rect;
          g_autofree char *text = NULL;

          cell_rect (layout, r, col, &rect);
          if (kz_chart_data_cell_is_suppressed (data, r, col))
            {
              /* Hatched grey and a word, never a colour: no figure to read. */
              const char *reason = kz_chart_data_get_cell_reason (data, r, col);
              const char *shown = NULL;

              draw_hatch (snapshot, &rect, c);
              if (text_width (self, reason) <= rect.size.width - 4)
                shown = reason;
              else if (text_width (self, _("Hidden")) <= rect.size.width - 4)
                shown = _("Hidden");
              if (shown != NULL && layout->line_height <= rect.size.height - 2)
                draw_text_centred (self, snapshot, shown, rect.origin.x + rect.size.width / 2,
                                   rect.origin.y + rect.size.height / 2, -1, &c->dim);
              continue;
            }
          if (isnan (kz_chart_data_get_cell_value (data, r, col)))
            {
              /* No data: an outline only. */
              GdkRGBA border = c->grid;
              float widths[4] = { 1, 1, 1, 1 };
              GdkRGBA borders[4] = { border, border, border, border };
              GskRoundedRect outline;

              gsk_rounded_rect_init_from_rect (&outline, &rect, 0);
              gtk_snapshot_append_border (snapshot, &outline, widths, borders);
              if (layout->value_labels)
                draw_text_centred (self, snapshot, "—", rect.origin.x + rect.size.width / 2,
                                   rect.origin.y + rect.size.height / 2, -1, &c->dim);
              continue;
            }
          {
            GdkRGBA fill = shade_colour (self, c, kz_chart_data_get_cell_shade (data, r, col));
            GdkRGBA ink = text_on (c, &fill);

            gtk_snapshot_append_color (snapshot, &fill, &rect);
            if (layout->value_labels)
              {
                text = kz_chart_data_format_cell (data, r, col);
                draw_text_centred (self, snapshot, text, rect.origin.x + rect.size.width / 2,
                                   rect.origin.y + rect.size.height / 2, -1, &ink);
              }
          }
        }
    }
}

static void
draw_legend (KzChart       *self,
             GtkSnapshot   *snapshot,
             const Colours *c)
{
  const Layout *layout = &self->layout;

  for (guint i = 0; i < layout->legend->len; i++)
    {
      const LegendItem *item = &g_array_index (layout->legend, LegendItem, i);
      g_autoptr(PangoLayout) label = small_text (self, item->text);
      double x = PAD + item->x, y = layout->legend_y + item->y;
      double sy = y + (layout->line_height - SWATCH) / 2;
      double sw = swatch_width (item->kind);
      graphene_rect_t swatch = GRAPHENE_RECT_INIT (x, round (sy), sw, SWATCH);
      GdkRGBA colour;

      switch (item->kind)
        {
        case SWATCH_SERIES:
          colour = series_colour (self, c, (guint) item->index);
          gtk_snapshot_append_color (snapshot, &colour, &swatch);
          break;
        case SWATCH_SHADE:
          colour = shade_colour (self, c, item->index);
          gtk_snapshot_append_color (snapshot, &colour, &swatch);
          break;
        case SWATCH_HATCH:
          draw_hatch (snapshot, &swatch, c);
          break;
        case SWATCH_TARGET:
          dashed_line (snapshot, x, x + sw, round (sy + SWATCH / 2) + 0.5, &c->fg);
          break;
        case SWATCH_BAND:
        default:
          colour = series_colour (self, c, 0);
          colour.alpha *= 0.2f;
          gtk_snapshot_append_color (snapshot, &colour, &swatch);
          colour.alpha = 1;
          gtk_snapshot_append_color (snapshot, &colour,
                                     &GRAPHENE_RECT_INIT (x, round (sy + SWATCH / 2) - 1, sw, 2));
          break;
        }
      draw_layout (snapshot, label, x + sw + 4, y, &c->fg);
    }
}

static void
kz_chart_snapshot (GtkWidget   *widget,
                   GtkSnapshot *snapshot)
{
  KzChart *self = KZ_CHART (widget);
  Colours colours;

  ensure_layout (self);
  resolve_colours (self, &colours);
  if (!self->layout.drawable)
    {
      int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

      /* Nothing to draw: say so in the middle.  (With no room to draw the
       * data, nothing: the description and the table still have it.) */
      if (self->data == NULL || !kz_chart_data_has_values (self->data))
        draw_text_centred (self, snapshot, _("No data"), width / 2.0, height / 2.0, -1, &colours.dim);
      return;
    }

  switch (kz_chart_data_get_kind (self->data))
    {
    case KZ_CHART_LINE:
      draw_line (self, snapshot, &colours);
      break;
    case KZ_CHART_HEATMAP:
      draw_heatmap (self, snapshot, &colours);
      break;
    case KZ_CHART_BAR:
    case KZ_CHART_STACKED_BAR:
    case KZ_CHART_HISTOGRAM:
    default:
      draw_bars (self, snapshot, &colours);
      break;
    }
  draw_legend (self, snapshot, &colours);

  /* The keyboard's item: an accent outline around its slot or cell. */
  if (self->has_cursor && gtk_widget_has_focus (widget))
    {
      graphene_rect_t r;

      if (kz_chart_get_item_bounds (self, self->cursor_row, self->cursor_category, &r))
        {
          GskRoundedRect outline;
          const GdkRGBA colours4[4] = { colours.accent, colours.accent, colours.accent, colours.accent };
          const float widths[4] = { 2, 2, 2, 2 };

          gsk_rounded_rect_init_from_rect (&outline, &r, 3);
          gtk_snapshot_append_border (snapshot, &outline, widths, colours4);
        }
    }
}

/* ---- hit testing --------------------------------------------------------------------- */

static gboolean
hit (KzChart *self,
     double   x,
     double   y,
     guint   *row,
     guint   *category)
{
  const Layout *layout = &self->layout;
  const graphene_rect_t *plot = &layout->plot;
  double col, r;

  ensure_layout (self);
  if (!layout->drawable || !graphene_rect_contains_point (plot, &GRAPHENE_POINT_INIT (x, y)))
    return FALSE;
  col = floor ((x - plot->origin.x) / layout->slot);
  if (col < 0 || col >= kz_chart_data_get_n_categories (self->data))
    return FALSE;
  *category = (guint) col;
  *row = 0;
  if (kz_chart_data_get_kind (self->data) == KZ_CHART_HEATMAP)
    {
      r = floor ((y - plot->origin.y) / layout->row_height);
      if (r < 0 || r >= kz_chart_data_get_n_rows (self->data))
        return FALSE;
      *row = (guint) r;
    }
  return TRUE;
}

gboolean
kz_chart_get_item_at (KzChart *self,
                      double   x,
                      double   y,
                      guint   *row,
                      guint   *category)
{
  guint r, c;

  g_return_val_if_fail (KZ_IS_CHART (self), FALSE);

  if (self->data == NULL || !hit (self, x, y, &r, &c))
    return FALSE;
  if (row)
    *row = r;
  if (category)
    *category = c;
  return TRUE;
}

void
kz_chart_activate_item (KzChart *self,
                        guint    row,
                        guint    category)
{
  g_return_if_fail (KZ_IS_CHART (self));

  if (self->data == NULL || category >= kz_chart_data_get_n_categories (self->data))
    return;
  self->has_cursor = TRUE;
  self->cursor_row = row;
  self->cursor_category = category;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[ITEM_ACTIVATED], 0, row, category);
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            KzChart         *self)
{
  guint row, category;

  if (kz_chart_get_item_at (self, x, y, &row, &category))
    {
      gtk_widget_grab_focus (GTK_WIDGET (self));
      kz_chart_activate_item (self, row, category);
    }
}

/* Arrows move the keyboard's item (a heatmap's rows too); Enter and Space
 * activate it, as a click on it would. */
static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                KzChart               *self)
{
  guint n_categories, n_rows;
  int dc = 0, dr = 0;

  if (self->data == NULL || (n_categories = kz_chart_data_get_n_categories (self->data)) == 0)
    return FALSE;
  n_rows = kz_chart_data_get_kind (self->data) == KZ_CHART_HEATMAP ? kz_chart_data_get_n_rows (self->data) : 1;
  switch (keyval)
    {
    case GDK_KEY_Left: case GDK_KEY_KP_Left: dc = -1; break;
    case GDK_KEY_Right: case GDK_KEY_KP_Right: dc = 1; break;
    case GDK_KEY_Up: case GDK_KEY_KP_Up: dr = -1; break;
    case GDK_KEY_Down: case GDK_KEY_KP_Down: dr = 1; break;
    case GDK_KEY_Return: case GDK_KEY_KP_Enter: case GDK_KEY_space:
      if (!self->has_cursor)
        return FALSE;
      kz_chart_activate_item (self, self->cursor_row, self->cursor_category);
      return TRUE;
    default:
      return FALSE;
    }
  if (dr != 0 && n_rows <= 1)
    return FALSE;  /* up and down leave a one-row chart alone (scrolling) */
  if (!self->has_cursor)
    {
      self->has_cursor = TRUE;
      self->cursor_row = 0;
      self->cursor_category = 0;
    }
  else
    {
      self->cursor_category = (guint) CLAMP ((int) self->cursor_category + dc, 0, (int) n_categories - 1);
      self->cursor_row = (guint) CLAMP ((int) self->cursor_row + dr, 0, (int) n_rows - 1);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

char *
kz_chart_get_tooltip_text_at (KzChart *self,
                              double   x,
                              double   y)
{
  guint row, category;

  g_return_val_if_fail (KZ_IS_CHART (self), NULL);

  if (!hit (self, x, y, &row, &category))
    return NULL;
  if (kz_chart_data_get_kind (self->data) == KZ_CHART_HEATMAP)
    return kz_chart_data_describe_cell (self->data, row, category);
  return kz_chart_data_describe_category (self->data, category);
}

gboolean
kz_chart_get_plot_bounds (KzChart         *self,
                          graphene_rect_t *bounds)
{
  g_return_val_if_fail (KZ_IS_CHART (self), FALSE);
  g_return_val_if_fail (bounds != NULL, FALSE);

  ensure_layout (self);
  if (!self->layout.drawable)
    return FALSE;
  *bounds = self->layout.plot;
  return TRUE;
}

gboolean
kz_chart_get_item_bounds (KzChart         *self,
                          guint            row,
                          guint            category,
                          graphene_rect_t *bounds)
{
  const Layout *layout = &self->layout;

  g_return_val_if_fail (KZ_IS_CHART (self), FALSE);
  g_return_val_if_fail (bounds != NULL, FALSE);

  ensure_layout (self);
  if (!layout->drawable || category >= kz_chart_data_get_n_categories (self->data))
    return FALSE;
  if (kz_chart_data_get_kind (self->data) == KZ_CHART_HEATMAP)
    {
      if (row >= kz_chart_data_get_n_rows (self->data))
        return FALSE;
      cell_rect (layout, row, category, bounds);
      return TRUE;
    }
  graphene_rect_init (bounds, layout->plot.origin.x + layout->slot * category, layout->plot.origin.y,
                      layout->slot, layout->plot.size.height);
  return TRUE;
}

static gboolean
kz_chart_query_tooltip (GtkWidget  *widget,
                        int         x,
                        int         y,
                        gboolean    keyboard_mode,
                        GtkTooltip *tooltip)
{
  g_autofree char *text = NULL;

  /* From the keyboard there is no pointer to point at one bar: the
   * description and the table have every figure. */
  if (keyboard_mode)
    return FALSE;
  text = kz_chart_get_tooltip_text_at (KZ_CHART (widget), x, y);
  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* ---- the widget ------------------------------------------------------------------------- */

static void
kz_chart_measure (GtkWidget      *widget,
                  GtkOrientation  orientation,
                  int             for_size,
                  int            *minimum,
                  int            *natural,
                  int            *minimum_baseline,
                  int            *natural_baseline)
{
  KzChart *self = KZ_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 160;
      *natural = 480;
      return;
    }
  *minimum = 120;
  *natural = 240;
  if (self->data != NULL && kz_chart_data_get_kind (self->data) == KZ_CHART_HEATMAP)
    /* Rows of a comfortable height, plus the labels and the legend. */
    *natural = MIN (80 + 32 * (int) kz_chart_data_get_n_rows (self->data), 640);
}

static void
kz_chart_size_allocate (GtkWidget *widget,
                        int        width,
                        int        height,
                        int        baseline)
{
  KZ_CHART (widget)->layout.valid = FALSE;
}

static void
kz_chart_css_changed (GtkWidget         *widget,
                      GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (kz_chart_parent_class)->css_changed (widget, change);
  /* The font may have changed, and the named colours with the style. */
  invalidate (KZ_CHART (widget));
}

static void
kz_chart_dispose (GObject *object)
{
  KzChart *self = KZ_CHART (object);

  g_clear_pointer (&self->data, kz_chart_data_unref);
  G_OBJECT_CLASS (kz_chart_parent_class)->dispose (object);
}

static void
kz_chart_finalize (GObject *object)
{
  KzChart *self = KZ_CHART (object);

  g_array_unref (self->layout.legend);
  G_OBJECT_CLASS (kz_chart_parent_class)->finalize (object);
}

static void
kz_chart_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  KzChart *self = KZ_CHART (object);

  switch (prop_id)
    {
    case PROP_DATA:
      g_value_set_boxed (value, self->data);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_chart_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  KzChart *self = KZ_CHART (object);

  switch (prop_id)
    {
    case PROP_DATA:
      kz_chart_set_data (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kz_chart_class_init (KzChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kz_chart_dispose;
  object_class->finalize = kz_chart_finalize;
  object_class->get_property = kz_chart_get_property;
  object_class->set_property = kz_chart_set_property;

  widget_class->snapshot = kz_chart_snapshot;
  widget_class->measure = kz_chart_measure;
  widget_class->size_allocate = kz_chart_size_allocate;
  widget_class->css_changed = kz_chart_css_changed;
  widget_class->query_tooltip = kz_chart_query_tooltip;

  properties[PROP_DATA] =
    g_param_spec_boxed ("data", NULL, NULL, KZ_TYPE_CHART_DATA,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* An item was clicked, or Enter pressed on it: a page drills down to
   * what the bar, point or cell rests on. */
  signals[ITEM_ACTIVATED] =
    g_signal_new ("item-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);

  gtk_widget_class_set_css_name (widget_class, "kzchart");
  /* To assistive technologies a chart is a picture with a description;
   * its figures are in the frame's table. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
kz_chart_init (KzChart *self)
{
  self->layout.legend = g_array_new (FALSE, TRUE, sizeof (LegendItem));
  g_array_set_clear_func (self->layout.legend, legend_item_clear);
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "kz-chart");
}

GtkWidget *
kz_chart_new (void)
{
  return g_object_new (KZ_TYPE_CHART, NULL);
}

KzChartData *
kz_chart_get_data (KzChart *self)
{
  g_return_val_if_fail (KZ_IS_CHART (self), NULL);

  return self->data;
}

void
kz_chart_set_data (KzChart     *self,
                   KzChartData *data)
{
  g_return_if_fail (KZ_IS_CHART (self));

  if (self->data == data)
    return;
  if (data != NULL)
    {
      kz_chart_data_ref (data);
      kz_chart_data_seal (data);
    }
  g_clear_pointer (&self->data, kz_chart_data_unref);
  self->data = data;
  self->has_cursor = FALSE;

  if (data != NULL)
    {
      g_autofree char *description = kz_chart_data_build_description (data);

      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
    }
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);

  gtk_widget_queue_resize (GTK_WIDGET (self));
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATA]);
}
