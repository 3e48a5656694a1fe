/* test-chart.c — the chart widgets, rendered in-process under Xvfb
 *
 * Each kind of chart drawn for real (GtkWidgetPaintable → the window's
 * renderer → a texture, as kz_gui_test_screenshot does) and read back as
 * pixels: a chart with data differs from an empty one; a bar twice as high
 * covers twice the pixels; the dark style draws light labels on a dark
 * ground; a suppressed heatmap cell is grey, not a colour.  Then the
 * "Show as Table" toggle, the accessible role and description, and the
 * tooltip at a bar found from its pixels.
 *
 * With KAIZEN_SCREENSHOT_DIR set, /chart/screenshots leaves every kind,
 * light and dark, at 600×300 and 300×200, in that folder.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "kz-chart.h"
#include "kz-chart-frame.h"
#include "kaizen-resources.h"
#include "kz-gui-test.h"

#define HIDDEN "Hidden: fewer than 5 answers"

/* ---- fixtures (the numbers of test-chart-data.c) ------------------------------ */

static const char * const weeks[] = {
  "2026-09-07", "2026-09-14", "2026-09-21", "2026-09-28", "2026-10-05", "2026-10-12",
  "2026-10-19", "2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23",
};
static const double trend[] = { 71.2, 73.5, 72.8, 75.0, 76.4, 74.9, 78.3, 79.1, 80.6, 82.2, 83.7, 84.0 };

static KzChartData *
line_data (gboolean with_values)
{
  KzChartData *data = kz_chart_data_new (KZ_CHART_LINE, KZ_CHART_UNIT_SCORE, "weekly quality score");
  guint s;

  kz_chart_data_set_category_title (data, "Week");
  kz_chart_data_set_category_noun (data, "week", "weeks");
  kz_chart_data_set_interval_label (data, "95% interval");
  s = kz_chart_data_add_series (data, "Quality score");
  for (guint i = 0; i < G_N_ELEMENTS (weeks); i++)
    {
      guint c = kz_chart_data_add_category (data, weeks[i]);

      if (!with_values)
        continue;
      kz_chart_data_set_value (data, s, c, trend[i], 30 + i);
      kz_chart_data_set_interval (data, s, c, trend[i] - 4, trend[i] + 4);
    }
  kz_chart_data_set_target (data, 80);
  return data;
}

static KzChartData *
bar_data (gboolean with_values)
{
  KzChartData *data = kz_chart_data_new (KZ_CHART_BAR, KZ_CHART_UNIT_PERCENT, "pass rate by team");
  const char *teams[] = { "Billing", "Meters", "Sales", "Moves and new connections" };
  const double rates[] = { 92.5, 61.0, 80.0, 74.4 };
  guint s;

  kz_chart_data_set_category_title (data, "Team");
  kz_chart_data_set_category_noun (data, "team", "teams");
  s = kz_chart_data_add_series (data, "Pass rate");
  for (guint i = 0; i < G_N_ELEMENTS (teams); i++)
    {
      guint c = kz_chart_data_add_category (data, teams[i]);

      if (with_values)
        kz_chart_data_set_value (data, s, c, rates[i], 40 + i);
    }
  kz_chart_data_set_target (data, 80);
  return data;
}

static KzChartData *
stacked_data (gboolean with_values)
{
  KzChartData *data = kz_chart_data_new (KZ_CHART_STACKED_BAR, KZ_CHART_UNIT_COUNT, "answers by scale point");
  const char *criteria[] = { "Greeting", "Empathy", "Accuracy", "Resolution" };
  const char *points[] = { "1 Poor", "2 Fair", "3 Good", "4 Very good", "5 Excellent" };
  const double answers[4][5] = {
    { 0, 1, 4, 15, 20 }, { 3, 5, 6, 3, 1 }, { 2, 2, 8, 10, 8 }, { 1, 4, 9, 12, 6 },
  };

  kz_chart_data_set_category_title (data, "Criterion");
  kz_chart_data_set_category_noun (data, "criterion", "criteria");
  for (guint c = 0; c < G_N_ELEMENTS (criteria); c++)
    kz_chart_data_add_category (data, criteria[c]);
  for (guint p = 0; p < G_N_ELEMENTS (points); p++)
    {
      guint s = kz_chart_data_add_series (data, points[p]);

      for (guint c = 0; c < G_N_ELEMENTS (criteria) && with_values; c++)
        kz_chart_data_set_value (data, s, c, answers[c][p], 0);
    }
  return data;
}

static KzChartData *
heatmap_data (gboolean with_values)
{
  KzChartData *data = kz_chart_data_new (KZ_CHART_HEATMAP, KZ_CHART_UNIT_SCORE, "score by agent and criterion");
  const char *criteria[] = { "Greeting", "Empathy", "Accuracy", "Tone" };
  const char *agents[] = { "Ana", "Bo", "Cy", "Dominika Wiśniewska" };
  const double scores[4][4] = {
    { 97.5, 85.0, 72.0, 80.0 }, { 55.0, 12.0, 66.0, NAN }, { 50.0, 90.0, 60.0, 79.9 }, { 88.0, 91.5, 83.0, 64.0 },
  };

  kz_chart_data_set_category_title (data, "Agent");
  kz_chart_data_set_row_noun (data, "agent", "agents");
  kz_chart_data_set_category_noun (data, "criterion", "criteria");
  for (guint c = 0; c < G_N_ELEMENTS (criteria); c++)
    kz_chart_data_add_category (data, criteria[c]);
  for (guint r = 0; r < G_N_ELEMENTS (agents); r++)
    {
      kz_chart_data_add_row (data, agents[r]);
      for (guint c = 0; c < G_N_ELEMENTS (criteria) && with_values; c++)
        kz_chart_data_set_cell (data, r, c, scores[r][c], 8);
    }
  if (with_values)
    {
      kz_chart_data_suppress_cell (data, 1, 1, HIDDEN);
      kz_chart_data_suppress_cell (data, 2, 0, HIDDEN);
    }
  kz_chart_data_set_target (data, 80);
  return data;
}

static KzChartData *
histogram_data (gboolean with_values)
{
  KzChartData *data = kz_chart_data_new (KZ_CHART_HISTOGRAM, KZ_CHART_UNIT_COUNT, "final scores");
  const double counts[10] = { 0, 0, 1, 2, 5, 9, 14, 28, 45, 16 };
  guint s;

  kz_chart_data_set_category_title (data, "Score");
  kz_chart_data_add_bins (data, 0, 10, 10);
  s = kz_chart_data_add_series (data, "Evaluations");
  for (guint i = 0; i < 10 && with_values; i++)
    kz_chart_data_set_value (data, s, i, counts[i], 0);
  return data;
}

typedef KzChartData *(*Fixture) (gboolean with_values);

static const struct {
  const char *name;
  const char *title;
  Fixture     make;
} kinds[] = {
  { "line", "Weekly quality score", line_data },
  { "bar", "Pass rate by team", bar_data },
  { "stacked", "Answers by scale point", stacked_data },
  { "heatmap", "Agents × criteria", heatmap_data },
  { "histogram", "Final scores", histogram_data },
};

/* ---- rendering ---------------------------------------------------------------------- */

/* A bare window of exactly @width × @height around @child (a chart fills
 * it; a frame has its padding), drawn. */
static GtkWidget *
show (GtkWidget *child,
      int        width,
      int        height)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));
  KZ_WAIT_UNTIL (gtk_widget_get_width (window) == width && gtk_widget_get_height (window) == height &&
                 gtk_widget_get_width (child) > 0);
  gtk_test_widget_wait_for_draw (window);
  return window;
}

static GtkWidget *
show_chart (KzChartData *data,
            int          width,
            int          height)
{
  GtkWidget *chart = kz_chart_new ();

  kz_chart_set_data (KZ_CHART (chart), data);
  return show (chart, width, height);
}

typedef struct {
  int     width;
  int     height;
  gsize   stride;
  guchar *bytes;   /* Cairo's ARGB32: B, G, R, A in memory on little endian */
} Pixels;

static void
pixels_free (Pixels *pixels)
{
  g_free (pixels->bytes);
  g_free (pixels);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pixels, pixels_free)

/* The window as it would be on screen (its background included). */
static Pixels *
render (GtkWidget *window)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  Pixels *pixels = g_new0 (Pixels, 1);

  gtk_test_widget_wait_for_draw (window);
  pixels->width = gtk_widget_get_width (window);
  pixels->height = gtk_widget_get_height (window);
  gdk_paintable_snapshot (paintable, snapshot, pixels->width, pixels->height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, pixels->width, pixels->height));
  pixels->stride = pixels->width * 4;
  pixels->bytes = g_malloc (pixels->stride * pixels->height);
  gdk_texture_download (texture, pixels->bytes, pixels->stride);
  return pixels;
}

static GdkRGBA
pixel_at (const Pixels *pixels,
          int           x,
          int           y)
{
  guint32 p;
  GdkRGBA c;

  g_assert_true (x >= 0 && y >= 0 && x < pixels->width && y < pixels->height);
  memcpy (&p, pixels->bytes + y * pixels->stride + x * 4, 4);
  /* The window is opaque: premultiplied or not is the same here. */
  c.alpha = ((p >> 24) & 0xff) / 255.0f;
  c.red = ((p >> 16) & 0xff) / 255.0f;
  c.green = ((p >> 8) & 0xff) / 255.0f;
  c.blue = (p & 0xff) / 255.0f;
  return c;
}

static double
luminance (const GdkRGBA *c)
{
  double rgb[3] = { c->red, c->green, c->blue };

  for (guint i = 0; i < 3; i++)
    rgb[i] = rgb[i] <= 0.04045 ? rgb[i] / 12.92 : pow ((rgb[i] + 0.055) / 1.055, 2.4);
  return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
}

static double
saturation (const GdkRGBA *c)
{
  return MAX (c->red, MAX (c->green, c->blue)) - MIN (c->red, MIN (c->green, c->blue));
}

static gboolean
close_to (const GdkRGBA *a,
          const GdkRGBA *b)
{
  return fabs (a->red - b->red) < 0.06 && fabs (a->green - b->green) < 0.06 && fabs (a->blue - b->blue) < 0.06;
}

static guint
count_like (const Pixels  *pixels,
            const GdkRGBA *colour)
{
  guint n = 0;

  for (int y = 0; y < pixels->height; y++)
    for (int x = 0; x < pixels->width; x++)
      {
        GdkRGBA p = pixel_at (pixels, x, y);

        n += close_to (&p, colour);
      }
  return n;
}

static GdkRGBA
named_colour (GtkWidget  *widget,
              const char *name)
{
  GdkRGBA colour;

  g_assert_true (gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), name, &colour));
  return colour;
}

static void
close_window (GtkWidget *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  kz_gui_test_drain ();
}

static void
set_dark (gboolean dark)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  adw_style_manager_set_color_scheme (manager, dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
  KZ_WAIT_UNTIL (adw_style_manager_get_dark (manager) == dark);
}

/* ---- tests ---------------------------------------------------------------------------- */

static void
test_each_kind_renders (void)
{
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(KzChartData) full = kinds[k].make (TRUE);
      g_autoptr(KzChartData) empty = kinds[k].make (FALSE);
      GtkWidget *full_window = show_chart (full, 600, 300);
      GtkWidget *empty_window = show_chart (empty, 600, 300);
      g_autoptr(Pixels) a = render (full_window);
      g_autoptr(Pixels) b = render (empty_window);
      guint differ = 0;

      g_assert_false (kz_chart_data_has_values (empty));
      for (int y = 0; y < a->height; y++)
        for (int x = 0; x < a->width; x++)
          {
            GdkRGBA pa = pixel_at (a, x, y), pb = pixel_at (b, x, y);

            differ += !close_to (&pa, &pb);
          }
      /* Axes, labels and marks: well over 2% of the 180 000 pixels. */
      if (differ < 3600)
        g_error ("%s: only %u pixels differ from the empty chart", kinds[k].name, differ);
      close_window (full_window);
      close_window (empty_window);
    }
}

static KzChartData *
one_bar (double value)
{
  KzChartData *data = kz_chart_data_new (KZ_CHART_BAR, KZ_CHART_UNIT_SCORE, "score");
  guint s = kz_chart_data_add_series (data, "Score");

  kz_chart_data_set_value (data, s, kz_chart_data_add_category (data, "Billing"), value, 0);
  return data;
}

static void
test_bar_height (void)
{
  g_autoptr(KzChartData) low = one_bar (30);
  g_autoptr(KzChartData) high = one_bar (60);
  GtkWidget *low_window = show_chart (low, 600, 300);
  GtkWidget *high_window = show_chart (high, 600, 300);
  g_autoptr(Pixels) a = render (low_window);
  g_autoptr(Pixels) b = render (high_window);
  GdkRGBA bar = named_colour (gtk_window_get_child (GTK_WINDOW (low_window)), "accent_bg_color");
  guint n_low = count_like (a, &bar), n_high = count_like (b, &bar);

  /* Both on the same 0–100 axis: 60 is twice as tall as 30, as wide. */
  g_assert_cmpuint (n_low, >, 1000);
  g_assert_cmpfloat ((double) n_high / n_low, >, 1.9);
  g_assert_cmpfloat ((double) n_high / n_low, <, 2.1);
  close_window (low_window);
  close_window (high_window);
}

/* The ink of the value axis' labels (left of the plot) and the ground. */
static void
label_colours (GtkWidget *window,
               double    *ground,
               double    *ink)
{
  KzChart *chart = KZ_CHART (gtk_window_get_child (GTK_WINDOW (window)));
  g_autoptr(Pixels) pixels = render (window);
  graphene_rect_t plot;
  GdkRGBA bg;
  double most = -1;

  g_assert_true (kz_chart_get_plot_bounds (chart, &plot));
  g_assert_cmpfloat (plot.origin.x, >, 12);
  bg = pixel_at (pixels, 1, 1);
  *ground = luminance (&bg);
  for (int y = (int) plot.origin.y - 6; y < plot.origin.y + plot.size.height + 6; y++)
    for (int x = 0; x < plot.origin.x - 2; x++)
      {
        GdkRGBA p = pixel_at (pixels, x, y);
        double l = luminance (&p);

        if (fabs (l - *ground) > most)
          {
            most = fabs (l - *ground);
            *ink = l;
          }
      }
  g_assert_cmpfloat (most, >, 0);
}

static void
test_dark_style (void)
{
  g_autoptr(KzChartData) data = bar_data (TRUE);
  GtkWidget *window;
  double ground, ink;
  GdkRGBA fg;

  set_dark (FALSE);
  window = show_chart (data, 600, 300);
  label_colours (window, &ground, &ink);
  g_assert_cmpfloat (ground, >, 0.7);
  g_assert_cmpfloat (ink, <, 0.2);

  set_dark (TRUE);
  gtk_test_widget_wait_for_draw (window);
  gtk_style_context_get_color (gtk_widget_get_style_context (gtk_window_get_child (GTK_WINDOW (window))), &fg);
  g_assert_cmpfloat (luminance (&fg), >, 0.7);
  label_colours (window, &ground, &ink);
  g_assert_cmpfloat (ground, <, 0.1);
  g_assert_cmpfloat (ink, >, 0.6);
  close_window (window);
  set_dark (FALSE);
}

static void
test_suppressed_cells (void)
{
  g_autoptr(KzChartData) data = heatmap_data (TRUE);
  GtkWidget *window = show_chart (data, 600, 300);
  KzChart *chart = KZ_CHART (gtk_window_get_child (GTK_WINDOW (window)));
  g_autoptr(Pixels) pixels = render (window);
  graphene_rect_t hidden, coloured;
  double most = 0;
  g_autofree char *tooltip = NULL;

  g_assert_true (kz_chart_get_item_bounds (chart, 1, 1, &hidden));     /* Bo · Empathy */
  g_assert_true (kz_chart_get_item_bounds (chart, 0, 0, &coloured));   /* Ana · Greeting, 97.5 */
  g_assert_cmpfloat (hidden.size.width, >, 20);
  for (int y = (int) ceil (hidden.origin.y); y < hidden.origin.y + hidden.size.height; y++)
    for (int x = (int) ceil (hidden.origin.x); x < hidden.origin.x + hidden.size.width; x++)
      {
        GdkRGBA p = pixel_at (pixels, x, y);

        most = MAX (most, saturation (&p));
      }
  /* Grey hatching and grey text only: not a single coloured pixel. */
  g_assert_cmpfloat (most, <, 0.05);
  {
    GdkRGBA corner = pixel_at (pixels, (int) coloured.origin.x + 2, (int) coloured.origin.y + 2);

    g_assert_cmpfloat (saturation (&corner), >, 0.3);
  }

  tooltip = kz_chart_get_tooltip_text_at (chart, hidden.origin.x + hidden.size.width / 2,
                                          hidden.origin.y + hidden.size.height / 2);
  g_assert_cmpstr (tooltip, ==, "Bo · Empathy\n" HIDDEN);
  close_window (window);
}

static void
test_tooltip (void)
{
  g_autoptr(KzChartData) data = bar_data (TRUE);
  GtkWidget *window = show_chart (data, 600, 300);
  GtkWidget *chart = gtk_window_get_child (GTK_WINDOW (window));
  g_autoptr(Pixels) pixels = render (window);
  GdkRGBA bar = named_colour (chart, "accent_bg_color");
  int x0 = -1, x1 = -1, y0 = G_MAXINT, y1 = -1;
  g_autofree char *text = NULL;
  graphene_point_t centre;
  gboolean handled = FALSE;

  /* The first bar: the first run of columns with the bar's colour. */
  for (int x = 0; x < pixels->width; x++)
    {
      gboolean any = FALSE;

      for (int y = 0; y < pixels->height; y++)
        {
          GdkRGBA p = pixel_at (pixels, x, y);

          if (close_to (&p, &bar))
            {
              any = TRUE;
              y0 = MIN (y0, y);
              y1 = MAX (y1, y);
            }
        }
      if (any && x0 < 0)
        x0 = x;
      if (!any && x0 >= 0)
        {
          x1 = x - 1;
          break;
        }
    }
  g_assert_cmpint (x0, >=, 0);
  g_assert_cmpint (x1, >, x0 + 10);
  g_assert_true (gtk_widget_compute_point (window, chart, &GRAPHENE_POINT_INIT ((x0 + x1) / 2.0, (y0 + y1) / 2.0),
                                           &centre));
  text = kz_chart_get_tooltip_text_at (KZ_CHART (chart), centre.x, centre.y);
  g_assert_cmpstr (text, ==, "Billing\nPass rate: 92.5% (n = 40)\nTarget: 80%");

  /* And through the signal GTK emits. */
  {
    GtkTooltip *tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);

    g_assert_true (gtk_widget_get_has_tooltip (chart));
    g_signal_emit_by_name (chart, "query-tooltip", (int) centre.x, (int) centre.y, FALSE, tooltip, &handled);
    g_assert_true (handled);
    handled = TRUE;
    /* The top left corner holds no bar. */
    g_signal_emit_by_name (chart, "query-tooltip", 1, 1, FALSE, tooltip, &handled);
    g_assert_false (handled);
    g_object_unref (tooltip);
  }
  close_window (window);
}

static void
test_accessible (void)
{
  g_autoptr(KzChartData) data = kz_chart_data_new (KZ_CHART_LINE, KZ_CHART_UNIT_SCORE, "weekly quality score");
  GtkWidget *frame = kz_chart_frame_new ("Weekly quality score");
  GtkWidget *window;
  KzChart *chart = kz_chart_frame_get_chart (KZ_CHART_FRAME (frame));
  guint s = kz_chart_data_add_series (data, "Quality score");

  kz_chart_data_set_category_noun (data, "week", "weeks");
  for (guint i = 0; i < G_N_ELEMENTS (weeks); i++)
    kz_chart_data_set_value (data, s, kz_chart_data_add_category (data, weeks[i]), trend[i], 0);
  kz_chart_data_set_target (data, 80);
  kz_chart_frame_set_data (KZ_CHART_FRAME (frame), data);
  window = show (frame, 600, 300);

  gtk_test_accessible_assert_role (chart, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_test_accessible_assert_property (chart, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "Line chart of weekly quality score, 12 weeks from 2026-09-07 to "
                                       "2026-11-23, from 71.2 to 84.0; target 80.");
  gtk_test_accessible_assert_relation (chart, GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                       kz_gui_test_find_label (frame, "Weekly quality score"), NULL);
  /* Reachable from the keyboard. */
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (chart)));
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (chart)));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (chart)));
  {
    GtkWidget *toggle = kz_gui_test_find_by_action (frame, "chart.show-table");

    gtk_test_accessible_assert_property (toggle, GTK_ACCESSIBLE_PROPERTY_LABEL, "Show as Table");
  }
  close_window (window);
}

static gboolean
stack_settled (KzChartFrame *frame)
{
  GtkWidget *stack = gtk_widget_get_parent (GTK_WIDGET (kz_chart_frame_get_chart (frame)));

  return !gtk_stack_get_transition_running (GTK_STACK (stack));
}

static void
test_table_toggle (void)
{
  g_autoptr(KzChartData) data = bar_data (TRUE);
  GtkWidget *frame = kz_chart_frame_new ("Pass rate");
  GtkWidget *window, *toggle;
  KzChart *chart = kz_chart_frame_get_chart (KZ_CHART_FRAME (frame));

  kz_chart_frame_set_data (KZ_CHART_FRAME (frame), data);
  window = show (frame, 600, 300);
  toggle = kz_gui_test_find_by_action (frame, "chart.show-table");
  g_assert_nonnull (toggle);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (chart)));
  g_assert_false (kz_gui_test_shows_label (window, "92.5%"));

  /* The toggle: the table, with the chart's numbers. */
  kz_gui_test_click (toggle);
  KZ_WAIT_UNTIL (kz_chart_frame_get_show_table (KZ_CHART_FRAME (frame)) && stack_settled (KZ_CHART_FRAME (frame)));
  gtk_test_widget_wait_for_draw (window);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (toggle)));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (chart)));
  g_assert_true (kz_gui_test_shows_label (window, "Team"));
  g_assert_true (kz_gui_test_shows_label (window, "Billing"));
  g_assert_true (kz_gui_test_shows_label (window, "92.5%"));
  g_assert_true (kz_gui_test_shows_label (window, "61.0%"));
  g_assert_true (kz_gui_test_shows_label (window, "80%"));
  g_assert_true (kz_gui_test_shows_label (window, "Moves and new connections"));
  kz_gui_test_screenshot (window, "chart-table-bar.png");

  /* And back, through the action this time. */
  g_assert_true (gtk_widget_activate_action (frame, "chart.show-table", NULL));
  KZ_WAIT_UNTIL (!kz_chart_frame_get_show_table (KZ_CHART_FRAME (frame)) && stack_settled (KZ_CHART_FRAME (frame)));
  gtk_test_widget_wait_for_draw (window);
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (toggle)));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (chart)));
  g_assert_false (kz_gui_test_shows_label (window, "92.5%"));
  close_window (window);
}

static void
test_table_suppressed (void)
{
  g_autoptr(KzChartData) data = heatmap_data (TRUE);
  GtkWidget *frame = kz_chart_frame_new ("Agents × criteria");
  GtkWidget *window;
  g_autofree char *texts = NULL;

  kz_chart_frame_set_data (KZ_CHART_FRAME (frame), data);
  kz_chart_frame_set_show_table (KZ_CHART_FRAME (frame), TRUE);
  window = show (frame, 600, 300);
  KZ_WAIT_UNTIL (stack_settled (KZ_CHART_FRAME (frame)));
  gtk_test_widget_wait_for_draw (window);
  g_assert_true (kz_gui_test_shows_label (window, HIDDEN));
  g_assert_true (kz_gui_test_shows_label (window, "97.5"));
  /* Bo's Empathy was 12.0 and Cy's Greeting 50.0 before they were hidden. */
  texts = kz_gui_test_texts (window, FALSE);
  g_assert_null (strstr (texts, "12.0"));
  g_assert_null (strstr (texts, "50.0"));
  kz_gui_test_screenshot (window, "chart-table-heatmap.png");
  close_window (window);
}

/* Every kind in its frame, light and dark, large and small: for people to
 * look at (KAIZEN_SCREENSHOT_DIR), and rendered either way. */
static void
test_screenshots (void)
{
  const int sizes[2][2] = { { 600, 300 }, { 300, 200 } };

  for (guint dark = 0; dark < 2; dark++)
    {
      set_dark (dark);
      for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
        for (guint z = 0; z < G_N_ELEMENTS (sizes); z++)
          {
            g_autoptr(KzChartData) data = kinds[k].make (TRUE);
            GtkWidget *frame = kz_chart_frame_new (kinds[k].title);
            GtkWidget *window;
            g_autofree char *name = g_strdup_printf ("chart-%s-%s-%dx%d.png", kinds[k].name,
                                                     dark ? "dark" : "light", sizes[z][0], sizes[z][1]);
            graphene_rect_t plot;

            kz_chart_frame_set_data (KZ_CHART_FRAME (frame), data);
            window = show (frame, sizes[z][0], sizes[z][1]);
            g_assert_true (kz_chart_get_plot_bounds (kz_chart_frame_get_chart (KZ_CHART_FRAME (frame)), &plot));
            kz_gui_test_screenshot (window, name);
            close_window (window);
          }
    }
  set_dark (FALSE);
}

static void
on_item_activated (KzChart *chart,
                   guint    row,
                   guint    category,
                   int     *got)
{
  got[0] = (int) row;
  got[1] = (int) category;
  got[2]++;
}

/* Each bar's slot is the item under the pointer there, and activating it
 * (a click, or Enter on the keyboard's item) says which one: what a page
 * drills down from.  Outside the plot there is none. */
static void
test_item_activated (void)
{
  g_autoptr(KzChartData) data = bar_data (TRUE);
  GtkWidget *chart = kz_chart_new ();
  GtkWidget *window;
  int got[3] = { -1, -1, 0 };

  kz_chart_set_data (KZ_CHART (chart), data);
  window = show (chart, 600, 300);
  g_signal_connect (chart, "item-activated", G_CALLBACK (on_item_activated), got);
  for (guint c = 0; c < kz_chart_data_get_n_categories (data); c++)
    {
      graphene_rect_t r;
      guint row = 99, category = 99;

      g_assert_true (kz_chart_get_item_bounds (KZ_CHART (chart), 0, c, &r));
      g_assert_true (kz_chart_get_item_at (KZ_CHART (chart), r.origin.x + r.size.width / 2,
                                           r.origin.y + r.size.height / 2, &row, &category));
      g_assert_cmpuint (row, ==, 0);
      g_assert_cmpuint (category, ==, c);
    }
  g_assert_false (kz_chart_get_item_at (KZ_CHART (chart), 1, 1, NULL, NULL));
  kz_chart_activate_item (KZ_CHART (chart), 0, 2);
  g_assert_cmpint (got[0], ==, 0);
  g_assert_cmpint (got[1], ==, 2);
  g_assert_cmpint (got[2], ==, 1);
  /* No such category: nothing. */
  kz_chart_activate_item (KZ_CHART (chart), 0, 40);
  g_assert_cmpint (got[2], ==, 1);

  /* From the keyboard: Right moves on from the item last activated (2) to
   * 3, Right again stays on the last, Left goes back, Enter activates. */
  {
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (chart);
    GtkEventController *keys = NULL;
    gboolean handled = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
      {
        g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);
        if (GTK_IS_EVENT_CONTROLLER_KEY (c))
          keys = c;
      }
    g_assert_nonnull (keys);
    g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Right, 0, 0, &handled);
    g_assert_true (handled);
    g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Right, 0, 0, &handled);
    g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Return, 0, 0, &handled);
    g_assert_true (handled);
    g_assert_cmpint (got[1], ==, 3);
    g_assert_cmpint (got[2], ==, 2);
    g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Left, 0, 0, &handled);
    g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_space, 0, 0, &handled);
    g_assert_cmpint (got[1], ==, 2);
    g_assert_cmpint (got[2], ==, 3);
    /* Up and down are left to scrolling on a one-row chart. */
    handled = TRUE;
    g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Down, 0, 0, &handled);
    g_assert_false (handled);
  }
  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* Kaizen's style.css (the chart's focus ring): the resources live in a
   * static library that this test would otherwise not link in. */
  (void) kaizen_get_resource ();
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/KaizenQA/Kaizen/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  g_test_add_func ("/chart/render/each-kind", test_each_kind_renders);
  g_test_add_func ("/chart/render/bar-height", test_bar_height);
  g_test_add_func ("/chart/render/dark-style", test_dark_style);
  g_test_add_func ("/chart/render/suppressed-cells", test_suppressed_cells);
  g_test_add_func ("/chart/tooltip", test_tooltip);
  g_test_add_func ("/chart/item-activated", test_item_activated);
  g_test_add_func ("/chart/accessible", test_accessible);
  g_test_add_func ("/chart/table/toggle", test_table_toggle);
  g_test_add_func ("/chart/table/suppressed", test_table_suppressed);
  g_test_add_func ("/chart/screenshots", test_screenshots);
  return g_test_run ();
}
