/* kz-report.c — a report as a document, written as CSV or as a PDF
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-report"

#include "config.h"

#include "kz-report.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <pango/pangocairo.h>

/* ---- the document ----------------------------------------------------------- */

typedef enum {
  BLOCK_HEADING,
  BLOCK_PARAGRAPH,
  BLOCK_TABLE,
  BLOCK_CHART,
} BlockKind;

typedef struct {
  char      *caption;
  guint      n_columns;
  char     **headers;     /* n_columns */
  gboolean  *numeric;     /* n_columns */
  GPtrArray *rows;        /* char ** of n_columns */
} Table;

typedef struct {
  BlockKind    kind;
  char        *text;      /* heading, paragraph, chart title */
  guint        table;     /* BLOCK_TABLE */
  KzChartData *chart;     /* BLOCK_CHART */
} Block;

struct _KzReport {
  char      *title;
  GPtrArray *filters;    /* char *: "Label: value" */
  GPtrArray *blocks;     /* Block * */
  GPtrArray *tables;     /* Table * */
  GDateTime *at;
};

static void
table_free (Table *t)
{
  g_free (t->caption);
  g_strfreev (t->headers);
  g_free (t->numeric);
  g_ptr_array_unref (t->rows);
  g_free (t);
}

static void
block_free (Block *b)
{
  g_free (b->text);
  g_clear_pointer (&b->chart, kz_chart_data_unref);
  g_free (b);
}

KzReport *
kz_report_new (const char *title)
{
  KzReport *self = g_new0 (KzReport, 1);

  self->title = g_strdup (title);
  self->filters = g_ptr_array_new_with_free_func (g_free);
  self->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
  self->tables = g_ptr_array_new_with_free_func ((GDestroyNotify) table_free);
  return self;
}

void
kz_report_free (KzReport *self)
{
  if (self == NULL)
    return;
  g_free (self->title);
  g_ptr_array_unref (self->filters);
  g_ptr_array_unref (self->blocks);
  g_ptr_array_unref (self->tables);
  g_clear_pointer (&self->at, g_date_time_unref);
  g_free (self);
}

const char *
kz_report_get_title (KzReport *self)
{
  return self->title;
}

void
kz_report_add_filter (KzReport   *self,
                      const char *label,
                      const char *value)
{
  /* TRANSLATORS: a report's filter: "Period: 2026-01-01 to 2026-03-31" */
  g_ptr_array_add (self->filters, g_strdup_printf (_("%s: %s"), label, value));
}

void
kz_report_set_time (KzReport  *self,
                    GDateTime *at)
{
  g_clear_pointer (&self->at, g_date_time_unref);
  self->at = g_date_time_ref (at);
}

static Block *
add_block (KzReport   *self,
           BlockKind   kind,
           const char *text)
{
  Block *b = g_new0 (Block, 1);

  b->kind = kind;
  b->text = g_strdup (text);
  g_ptr_array_add (self->blocks, b);
  return b;
}

void
kz_report_add_heading (KzReport   *self,
                       const char *text)
{
  add_block (self, BLOCK_HEADING, text);
}

void
kz_report_add_paragraph (KzReport   *self,
                         const char *text)
{
  add_block (self, BLOCK_PARAGRAPH, text);
}

guint
kz_report_add_table (KzReport           *self,
                     const char         *caption,
                     guint               n_columns,
                     const char * const *headers)
{
  Table *t = g_new0 (Table, 1);
  Block *b;

  g_return_val_if_fail (n_columns > 0, 0);

  t->caption = g_strdup (caption);
  t->n_columns = n_columns;
  t->headers = g_new0 (char *, n_columns + 1);
  for (guint i = 0; i < n_columns; i++)
    t->headers[i] = g_strdup (headers[i] ? headers[i] : "");
  t->numeric = g_new0 (gboolean, n_columns);
  t->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_ptr_array_add (self->tables, t);

  b = add_block (self, BLOCK_TABLE, caption);
  b->table = self->tables->len - 1;
  return b->table;
}

void
kz_report_table_set_numeric (KzReport *self,
                             guint     table,
                             guint     column)
{
  Table *t;

  g_return_if_fail (table < self->tables->len);
  t = g_ptr_array_index (self->tables, table);
  g_return_if_fail (column < t->n_columns);
  t->numeric[column] = TRUE;
}

void
kz_report_table_add_row (KzReport           *self,
                         guint               table,
                         const char * const *cells)
{
  Table *t;
  char **row;

  g_return_if_fail (table < self->tables->len);
  t = g_ptr_array_index (self->tables, table);
  row = g_new0 (char *, t->n_columns + 1);
  for (guint i = 0; i < t->n_columns; i++)
    row[i] = g_strdup (cells[i] ? cells[i] : "");
  g_ptr_array_add (t->rows, row);
}

guint
kz_report_get_n_tables (KzReport *self)
{
  return self->tables->len;
}

void
kz_report_add_chart (KzReport    *self,
                     const char  *title,
                     KzChartData *data)
{
  Block *b = add_block (self, BLOCK_CHART, title);

  kz_chart_data_seal (data);
  b->chart = kz_chart_data_ref (data);
}

guint
kz_report_add_chart_table (KzReport    *self,
                           const char  *caption,
                           KzChartData *data)
{
  g_autoptr(KzChartTable) ct = NULL;
  g_autofree const char **headers = NULL;
  g_autofree const char **cells = NULL;
  guint table;

  kz_chart_data_seal (data);
  ct = kz_chart_data_build_table (data);
  headers = g_new0 (const char *, ct->n_columns + 1);
  for (guint c = 0; c < ct->n_columns; c++)
    headers[c] = kz_chart_table_get_header (ct, c);
  table = kz_report_add_table (self, caption, ct->n_columns, headers);
  for (guint c = 1; c < ct->n_columns; c++)
    kz_report_table_set_numeric (self, table, c);
  cells = g_new0 (const char *, ct->n_columns + 1);
  for (guint r = 0; r < ct->n_rows; r++)
    {
      for (guint c = 0; c < ct->n_columns; c++)
        cells[c] = kz_chart_table_get_cell (ct, r, c);
      kz_report_table_add_row (self, table, cells);
    }
  return table;
}

/* ---- CSV ---------------------------------------------------------------------- */

static void
csv_field (GString    *out,
           const char *text)
{
  if (strpbrk (text, ",\"\r\n") == NULL && text[0] != ' ' && text[0] != '\0' &&
      text[strlen (text) - 1] != ' ')
    {
      g_string_append (out, text);
      return;
    }
  if (text[0] == '\0')
    return;
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
csv_line (GString     *out,
          char       **cells,
          guint        n)
{
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      csv_field (out, cells[i]);
    }
  g_string_append (out, "\r\n");
}

char *
kz_report_table_to_csv (KzReport *self,
                        guint     table)
{
  GString *out = g_string_new (NULL);
  Table *t;

  g_return_val_if_fail (table < self->tables->len, NULL);
  t = g_ptr_array_index (self->tables, table);
  csv_line (out, t->headers, t->n_columns);
  for (guint r = 0; r < t->rows->len; r++)
    csv_line (out, g_ptr_array_index (t->rows, r), t->n_columns);
  return g_string_free (out, FALSE);
}

gboolean
kz_report_write_csv (KzReport    *self,
                     guint        table,
                     const char  *path,
                     GError     **error)
{
  g_autofree char *text = kz_report_table_to_csv (self, table);

  return g_file_set_contents (path, text, -1, error);
}

/* ---- PDF ---------------------------------------------------------------------- */

/* A4 in points, and the page's frame. */
#define PAGE_W      595.276
#define PAGE_H      841.89
#define MARGIN      48.0
#define CONTENT_W   (PAGE_W - 2 * MARGIN)
#define FOOTER_H    24.0
#define BOTTOM      (PAGE_H - MARGIN - FOOTER_H)
#define CELL_PAD    4.0
#define CHART_H     210.0

typedef struct { double r, g, b; } Rgb;

static const Rgb ink = { 0.13, 0.13, 0.13 };
static const Rgb grey = { 0.40, 0.40, 0.40 };
static const Rgb rule = { 0.80, 0.80, 0.80 };
static const Rgb zebra = { 0.955, 0.955, 0.955 };
static const Rgb header_bg = { 0.88, 0.90, 0.93 };
/* GNOME's palette: blue 3, orange 3, purple 3, green 4, red 3, brown 3. */
static const Rgb palette[] = {
  { 0.208, 0.518, 0.894 }, { 1.000, 0.471, 0.000 }, { 0.569, 0.255, 0.675 },
  { 0.180, 0.761, 0.494 }, { 0.878, 0.106, 0.141 }, { 0.596, 0.416, 0.267 },
};
static const Rgb good = { 0.180, 0.761, 0.494 };
static const Rgb bad = { 0.878, 0.106, 0.141 };
static const Rgb warn = { 0.965, 0.827, 0.176 };

typedef struct {
  KzReport     *report;
  cairo_t      *cr;
  double        y;
  guint         page;       /* 1-based */
  guint         n_pages;    /* 0 while counting */
  char         *footer_left;
  GCancellable *cancellable;
} Pdf;

static void
set_rgb (cairo_t   *cr,
         const Rgb *c)
{
  cairo_set_source_rgb (cr, c->r, c->g, c->b);
}

static PangoLayout *
make_layout (Pdf        *pdf,
             const char *font,
             const char *text,
             double      width)
{
  PangoLayout *layout = pango_cairo_create_layout (pdf->cr);
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_text (layout, text, -1);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

static double
layout_width (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) w / PANGO_SCALE;
}

static void
show_layout (Pdf         *pdf,
             PangoLayout *layout,
             double       x,
             double       y,
             const Rgb   *colour)
{
  set_rgb (pdf->cr, colour);
  cairo_move_to (pdf->cr, x, y);
  pango_cairo_show_layout (pdf->cr, layout);
}

static void
text_at (Pdf        *pdf,
         const char *font,
         const char *text,
         double      x,
         double      y,
         double      width,
         PangoAlignment align,
         const Rgb  *colour)
{
  g_autoptr(PangoLayout) layout = make_layout (pdf, font, text, width);

  pango_layout_set_alignment (layout, align);
  show_layout (pdf, layout, x, y, colour);
}

static void
draw_footer (Pdf *pdf)
{
  g_autofree char *right = NULL;

  if (pdf->n_pages > 0)
    right = g_strdup_printf (_("Page %u of %u"), pdf->page, pdf->n_pages);
  else
    right = g_strdup_printf (_("Page %u of %u"), pdf->page, 999u);
  cairo_save (pdf->cr);
  set_rgb (pdf->cr, &rule);
  cairo_set_line_width (pdf->cr, 0.5);
  cairo_move_to (pdf->cr, MARGIN, PAGE_H - MARGIN - FOOTER_H + 8);
  cairo_line_to (pdf->cr, PAGE_W - MARGIN, PAGE_H - MARGIN - FOOTER_H + 8);
  cairo_stroke (pdf->cr);
  text_at (pdf, "Sans 7.5", pdf->footer_left, MARGIN, PAGE_H - MARGIN - FOOTER_H + 12, CONTENT_W * 0.75,
           PANGO_ALIGN_LEFT, &grey);
  text_at (pdf, "Sans 7.5", right, MARGIN, PAGE_H - MARGIN - FOOTER_H + 12, CONTENT_W, PANGO_ALIGN_RIGHT, &grey);
  cairo_restore (pdf->cr);
}

static void
new_page (Pdf *pdf)
{
  draw_footer (pdf);
  cairo_show_page (pdf->cr);
  pdf->page++;
  pdf->y = MARGIN;
}

/* Makes room for @h points, on a new page when this one has too little. */
static void
need (Pdf    *pdf,
      double  h)
{
  if (pdf->y + h > BOTTOM && pdf->y > MARGIN + 0.5)
    new_page (pdf);
}

static void
draw_paragraph (Pdf        *pdf,
                const char *font,
                const char *text,
                const Rgb  *colour,
                double      space_after)
{
  g_autoptr(PangoLayout) layout = make_layout (pdf, font, text, CONTENT_W);
  double h = layout_height (layout);

  need (pdf, h);
  show_layout (pdf, layout, MARGIN, pdf->y, colour);
  pdf->y += h + space_after;
}

/* ---- tables ---- */

/* Each column as wide as its widest cell and header, with a point to
 * spare (Pango wraps a text set exactly as wide as itself).  Too wide for
 * the page: first the number columns' headers wrap between their words
 * ("Mean" over "pass"), then the text columns give up space in proportion
 * and wrap, while the figures stay whole (a figure broken over two lines
 * is misread); only if the numbers alone take most of the page does every
 * column give up space. */
static void
column_widths (Pdf    *pdf,
               Table  *t,
               double *widths)
{
  g_autofree double *least = g_new0 (double, t->n_columns);
  double total = 0, slack = 0;

  for (guint c = 0; c < t->n_columns; c++)
    {
      g_autoptr(PangoLayout) hl = make_layout (pdf, "Sans Bold 8", t->headers[c], -1);
      double w = layout_width (hl);
      double cells = 0, words = 0;

      for (guint r = 0; r < t->rows->len; r++)
        {
          char **row = g_ptr_array_index (t->rows, r);
          g_autoptr(PangoLayout) l = make_layout (pdf, "Sans 8", row[c], -1);

          cells = MAX (cells, layout_width (l));
        }
      if (t->numeric[c])
        {
          g_auto(GStrv) split = g_strsplit (t->headers[c], " ", -1);

          for (guint k = 0; split[k] != NULL; k++)
            {
              g_autoptr(PangoLayout) wl = make_layout (pdf, "Sans Bold 8", split[k], -1);

              words = MAX (words, layout_width (wl));
            }
        }
      widths[c] = MIN (ceil (MAX (w, cells)) + 1, CONTENT_W * 0.6) + 2 * CELL_PAD;
      least[c] = t->numeric[c] ? MIN (ceil (MAX (words, cells)) + 1 + 2 * CELL_PAD, widths[c]) : widths[c];
      slack += widths[c] - least[c];
      total += widths[c];
    }
  if (total > CONTENT_W && slack > 0)
    {
      double take = MIN (total - CONTENT_W, slack);

      for (guint c = 0; c < t->n_columns; c++)
        widths[c] -= (widths[c] - least[c]) * take / slack;
      total -= take;
    }
  if (total > CONTENT_W + 1e-6)
    {
      double numbers = 0;

      for (guint c = 0; c < t->n_columns; c++)
        if (t->numeric[c])
          numbers += widths[c];
      if (numbers < CONTENT_W * 0.7 && total - numbers > 0)
        {
          /* The text columns share what is left in proportion, but none
           * narrower than its longest word ("whole round" stays readable
           * beside a long note) while the others can give way. */
          g_autofree double *floor_ = g_new0 (double, t->n_columns);
          g_autofree gboolean *fixed = g_new0 (gboolean, t->n_columns);
          gboolean changed = TRUE, placed = FALSE;

          for (guint c = 0; c < t->n_columns; c++)
            if (!t->numeric[c])
              {
                double word = 0;

                for (guint r = 0; r <= t->rows->len; r++)
                  {
                    const char *text = r == 0 ? t->headers[c] : ((char **) g_ptr_array_index (t->rows, r - 1))[c];
                    g_auto(GStrv) split = g_strsplit (text != NULL ? text : "", " ", -1);

                    for (guint k = 0; split[k] != NULL; k++)
                      {
                        g_autoptr(PangoLayout) wl = make_layout (pdf, r == 0 ? "Sans Bold 8" : "Sans 8", split[k], -1);

                        word = MAX (word, layout_width (wl));
                      }
                  }
                floor_[c] = MIN (ceil (word) + 1 + 2 * CELL_PAD, widths[c]);
              }
          while (changed)
            {
              double room = CONTENT_W - numbers, flexible = 0, scale;

              changed = FALSE;
              for (guint c = 0; c < t->n_columns; c++)
                if (!t->numeric[c])
                  {
                    if (fixed[c])
                      room -= floor_[c];
                    else
                      flexible += widths[c];
                  }
              if (flexible <= 0 || room <= 0)
                break;
              scale = room / flexible;
              for (guint c = 0; c < t->n_columns; c++)
                if (!t->numeric[c] && !fixed[c] && widths[c] * scale < floor_[c])
                  fixed[c] = changed = TRUE;
              if (!changed)
                {
                  for (guint c = 0; c < t->n_columns; c++)
                    if (!t->numeric[c])
                      widths[c] = fixed[c] ? floor_[c] : widths[c] * scale;
                  placed = TRUE;
                }
            }
          if (!placed)   /* the floors alone are too wide: in proportion after all */
            {
              double scale = (CONTENT_W - numbers) / (total - numbers);

              for (guint c = 0; c < t->n_columns; c++)
                if (!t->numeric[c])
                  widths[c] *= scale;
            }
        }
      else
        for (guint c = 0; c < t->n_columns; c++)
          widths[c] *= CONTENT_W / total;
    }
}

static double
row_height (Pdf         *pdf,
            const char  *font,
            char       **cells,
            const double *widths,
            guint        n)
{
  double h = 0;

  for (guint c = 0; c < n; c++)
    {
      g_autoptr(PangoLayout) l = make_layout (pdf, font, cells[c], widths[c] - 2 * CELL_PAD);
      h = MAX (h, layout_height (l));
    }
  return h + 2 * CELL_PAD;
}

static void
draw_row (Pdf          *pdf,
          Table        *t,
          const char   *font,
          char        **cells,
          const double *widths,
          double        h,
          const Rgb    *fill)
{
  double x = MARGIN;
  double total = 0;

  for (guint c = 0; c < t->n_columns; c++)
    total += widths[c];
  if (fill != NULL)
    {
      set_rgb (pdf->cr, fill);
      cairo_rectangle (pdf->cr, MARGIN, pdf->y, total, h);
      cairo_fill (pdf->cr);
    }
  for (guint c = 0; c < t->n_columns; c++)
    {
      text_at (pdf, font, cells[c], x + CELL_PAD, pdf->y + CELL_PAD, widths[c] - 2 * CELL_PAD,
               t->numeric[c] ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT, &ink);
      x += widths[c];
    }
  pdf->y += h;
}

static void
draw_table (Pdf   *pdf,
            Table *t)
{
  g_autofree double *widths = g_new0 (double, t->n_columns);
  double header_h;

  column_widths (pdf, t, widths);
  header_h = row_height (pdf, "Sans Bold 8", t->headers, widths, t->n_columns);

  if (t->caption != NULL && t->caption[0] != '\0')
    {
      g_autoptr(PangoLayout) l = make_layout (pdf, "Sans Bold 10", t->caption, CONTENT_W);
      /* A caption never ends a page alone: room for it, the header and a row. */
      need (pdf, layout_height (l) + 4 + header_h * 2);
      show_layout (pdf, l, MARGIN, pdf->y, &ink);
      pdf->y += layout_height (l) + 4;
    }
  else
    need (pdf, header_h * 2);

  draw_row (pdf, t, "Sans Bold 8", t->headers, widths, header_h, &header_bg);
  for (guint r = 0; r < t->rows->len; r++)
    {
      char **row = g_ptr_array_index (t->rows, r);
      double h = row_height (pdf, "Sans 8", row, widths, t->n_columns);

      if (pdf->y + h > BOTTOM)
        {
          new_page (pdf);
          draw_row (pdf, t, "Sans Bold 8", t->headers, widths, header_h, &header_bg);
        }
      draw_row (pdf, t, "Sans 8", row, widths, h, r % 2 == 1 ? &zebra : NULL);
    }
  if (t->rows->len == 0)
    draw_paragraph (pdf, "Sans Italic 8", _("No rows."), &grey, 0);
  pdf->y += 14;
}

/* ---- charts ---- */

static Rgb
series_rgb (KzChartData *data,
            guint        series)
{
  guint n = kz_chart_data_get_n_series (data);

  if (kz_chart_data_get_kind (data) == KZ_CHART_STACKED_BAR && n > 1)
    {
      /* Scale points, bad to good. */
      double t = (double) series / (n - 1);
      const Rgb *a = t < 0.5 ? &bad : &warn;
      const Rgb *b = t < 0.5 ? &warn : &good;
      double f = t < 0.5 ? t * 2 : (t - 0.5) * 2;
      Rgb c = { a->r + (b->r - a->r) * f, a->g + (b->g - a->g) * f, a->b + (b->b - a->b) * f };
      return c;
    }
  return palette[series % G_N_ELEMENTS (palette)];
}

static guint
drawn_series (KzChartData *data)
{
  switch (kz_chart_data_get_kind (data))
    {
    case KZ_CHART_BAR:
    case KZ_CHART_HISTOGRAM:
      return MIN (1u, kz_chart_data_get_n_series (data));
    case KZ_CHART_LINE:
    case KZ_CHART_STACKED_BAR:
    case KZ_CHART_HEATMAP:
    default:
      return kz_chart_data_get_n_series (data);
    }
}

static double
widest_tick (Pdf         *pdf,
             KzChartData *data)
{
  const KzChartAxis *axis = kz_chart_data_get_axis (data);
  double w = 0;

  for (guint i = 0; i < axis->n_ticks; i++)
    {
      g_autofree char *t = kz_chart_data_format_tick (data, i);
      g_autoptr(PangoLayout) l = make_layout (pdf, "Sans 7", t, -1);
      w = MAX (w, layout_width (l));
    }
  return w;
}

static void
draw_legend (Pdf         *pdf,
             KzChartData *data,
             double       x,
             double       y)
{
  guint n = drawn_series (data);

  if (n < 2 && !(kz_chart_data_get_kind (data) == KZ_CHART_LINE && n == 1))
    return;
  for (guint s = 0; s < n; s++)
    {
      g_autoptr(PangoLayout) l = make_layout (pdf, "Sans 7", kz_chart_data_get_series_label (data, s), -1);
      Rgb c = series_rgb (data, s);

      set_rgb (pdf->cr, &c);
      cairo_rectangle (pdf->cr, x, y + 2, 7, 7);
      cairo_fill (pdf->cr);
      show_layout (pdf, l, x + 10, y, &ink);
      x += 10 + layout_width (l) + 12;
    }
}

static void
draw_xy_chart (Pdf         *pdf,
               KzChartData *data,
               double       top,
               double       height)
{
  cairo_t *cr = pdf->cr;
  const KzChartAxis *axis = kz_chart_data_get_axis (data);
  KzChartKind kind = kz_chart_data_get_kind (data);
  guint n_cat = kz_chart_data_get_n_categories (data);
  guint n_series = drawn_series (data);
  double left = MARGIN + widest_tick (pdf, data) + 6;
  double right = MARGIN + CONTENT_W;
  double legend_h = 14;
  double bottom = top + height - 26 - legend_h;
  double plot_top = top + 4;
  double slot = n_cat > 0 ? (right - left) / n_cat : 0;
  guint stride;
  double widest = 0;

  /* Grid and ticks. */
  cairo_set_line_width (cr, 0.4);
  for (guint i = 0; i < axis->n_ticks; i++)
    {
      g_autofree char *t = kz_chart_data_format_tick (data, i);
      double y = kz_chart_axis_to_pixel (axis, kz_chart_axis_get_tick (axis, i), bottom, plot_top);
      g_autoptr(PangoLayout) l = make_layout (pdf, "Sans 7", t, -1);

      set_rgb (cr, &rule);
      cairo_move_to (cr, left, y);
      cairo_line_to (cr, right, y);
      cairo_stroke (cr);
      show_layout (pdf, l, left - 4 - layout_width (l), y - layout_height (l) / 2, &grey);
    }

  /* Category labels, every stride-th where they would collide. */
  for (guint c = 0; c < n_cat; c++)
    {
      g_autoptr(PangoLayout) l = make_layout (pdf, "Sans 7", kz_chart_data_get_category (data, c), -1);
      widest = MAX (widest, layout_width (l));
    }
  stride = kz_chart_label_stride (slot, widest, 6);
  for (guint c = 0; c < n_cat; c += stride)
    {
      g_autoptr(PangoLayout) l = make_layout (pdf, "Sans 7", kz_chart_data_get_category (data, c), -1);
      double cx = left + slot * (c + 0.5);

      show_layout (pdf, l, cx - layout_width (l) / 2, bottom + 4, &grey);
    }

  if (kind == KZ_CHART_LINE)
    {
      for (guint s = 0; s < n_series; s++)
        {
          Rgb colour = series_rgb (data, s);
          gboolean drawing = FALSE;

          /* The band first, under the line. */
          for (guint c = 0; c < n_cat; c++)
            {
              double lo, hi;

              if (!kz_chart_data_get_norm_interval (data, s, c, &lo, &hi))
                continue;
              cairo_set_source_rgba (cr, colour.r, colour.g, colour.b, 0.18);
              cairo_rectangle (cr, left + slot * (c + 0.2), bottom - hi * (bottom - plot_top), slot * 0.6,
                               (hi - lo) * (bottom - plot_top));
              cairo_fill (cr);
            }
          set_rgb (cr, &colour);
          cairo_set_line_width (cr, 1.6);
          for (guint c = 0; c < n_cat; c++)
            {
              double v = kz_chart_data_get_norm (data, s, c);
              double x = left + slot * (c + 0.5), y;

              if (isnan (v))
                {
                  drawing = FALSE;
                  continue;
                }
              y = bottom - v * (bottom - plot_top);
              if (drawing)
                cairo_line_to (cr, x, y);
              else
                cairo_move_to (cr, x, y);
              drawing = TRUE;
            }
          cairo_stroke (cr);
          for (guint c = 0; c < n_cat; c++)
            {
              double v = kz_chart_data_get_norm (data, s, c);

              if (isnan (v))
                continue;
              cairo_arc (cr, left + slot * (c + 0.5), bottom - v * (bottom - plot_top), 2.0, 0, 2 * G_PI);
              cairo_fill (cr);
            }
        }
    }
  else
    {
      gboolean touching = kind == KZ_CHART_HISTOGRAM;
      double bar_w = touching ? slot : slot * 0.62;

      for (guint c = 0; c < n_cat; c++)
        for (guint s = 0; s < n_series; s++)
          {
            double v = kz_chart_data_get_norm (data, s, c);
            double base = kz_chart_data_get_norm_base (data, s, c);
            Rgb colour = series_rgb (data, s);
            double x = left + slot * c + (slot - bar_w) / 2;

            if (isnan (v))
              continue;
            if (isnan (base))
              base = 0;
            set_rgb (cr, &colour);
            cairo_rectangle (cr, x, bottom - v * (bottom - plot_top), bar_w - (touching ? 0.5 : 0),
                             (v - base) * (bottom - plot_top));
            cairo_fill (cr);
            if (kind == KZ_CHART_BAR && slot > 22)
              {
                g_autofree char *label = kz_chart_data_format_item (data, s, c);
                g_autoptr(PangoLayout) l = make_layout (pdf, "Sans 6.5", label, -1);

                show_layout (pdf, l, x + bar_w / 2 - layout_width (l) / 2,
                             bottom - v * (bottom - plot_top) - layout_height (l) - 1, &ink);
              }
          }
    }

  if (kz_chart_data_get_has_target (data))
    {
      double t = kz_chart_data_get_norm_target (data);
      double y = bottom - t * (bottom - plot_top);
      const double dash[] = { 4, 3 };

      cairo_save (cr);
      set_rgb (cr, &ink);
      cairo_set_line_width (cr, 0.8);
      cairo_set_dash (cr, dash, 2, 0);
      cairo_move_to (cr, left, y);
      cairo_line_to (cr, right, y);
      cairo_stroke (cr);
      cairo_restore (cr);
    }

  /* Axes. */
  set_rgb (cr, &grey);
  cairo_set_line_width (cr, 0.8);
  cairo_move_to (cr, left, plot_top);
  cairo_line_to (cr, left, bottom);
  cairo_line_to (cr, right, bottom);
  cairo_stroke (cr);

  draw_legend (pdf, data, left, top + height - legend_h);
}

static double
heatmap_height (Pdf         *pdf,
                KzChartData *data,
                double      *label_w,
                double      *header_h)
{
  guint n_rows = kz_chart_data_get_n_rows (data);
  guint n_cat = kz_chart_data_get_n_categories (data);
  double w = 0, h = 0;

  for (guint r = 0; r < n_rows; r++)
    {
      g_autoptr(PangoLayout) l = make_layout (pdf, "Sans 7", kz_chart_data_get_row (data, r), -1);
      w = MAX (w, layout_width (l));
    }
  *label_w = MIN (w + 6, CONTENT_W * 0.3);
  for (guint c = 0; c < n_cat; c++)
    {
      g_autoptr(PangoLayout) l = make_layout (pdf, "Sans 7", kz_chart_data_get_category (data, c), -1);
      h = MAX (h, layout_width (l));
    }
  /* Column labels stand at 60°: their height is the widest's sine. */
  *header_h = MIN (h, 120) * sin (G_PI / 3) + 10;
  return *header_h + n_rows * 16.0;
}

static void
draw_heatmap (Pdf         *pdf,
              KzChartData *data,
              double       top,
              double       label_w,
              double       header_h,
              guint        first_row,
              guint        end_row)
{
  cairo_t *cr = pdf->cr;
  guint n_cat = kz_chart_data_get_n_categories (data);
  double left = MARGIN + label_w;
  double cell_w = n_cat > 0 ? MIN ((CONTENT_W - label_w) / n_cat, 60) : 0;
  double cell_h = 16.0;
  gboolean has_target = kz_chart_data_get_has_target (data);

  for (guint c = 0; c < n_cat; c++)
    {
      g_autoptr(PangoLayout) l = make_layout (pdf, "Sans 7", kz_chart_data_get_category (data, c), 120);

      pango_layout_set_ellipsize (l, PANGO_ELLIPSIZE_END);
      cairo_save (cr);
      cairo_translate (cr, left + cell_w * (c + 0.5), top + header_h - 4);
      cairo_rotate (cr, -G_PI / 3);
      show_layout (pdf, l, 0, -layout_height (l) / 2, &grey);
      cairo_restore (cr);
    }
  for (guint r = first_row; r < end_row; r++)
    {
      double y = top + header_h + (r - first_row) * cell_h;
      g_autoptr(PangoLayout) rl = make_layout (pdf, "Sans 7", kz_chart_data_get_row (data, r), label_w - 6);

      pango_layout_set_ellipsize (rl, PANGO_ELLIPSIZE_END);
      pango_layout_set_height (rl, -1);
      show_layout (pdf, rl, MARGIN, y + (cell_h - layout_height (rl)) / 2, &ink);
      for (guint c = 0; c < n_cat; c++)
        {
          int shade = kz_chart_data_get_cell_shade (data, r, c);
          g_autofree char *label = NULL;
          g_autoptr(PangoLayout) l = NULL;
          double x = left + c * cell_w;
          double alpha = 0.15 + 0.8 * ABS (shade) / KZ_CHART_N_SHADES;
          const Rgb *base = shade < 0 ? &bad : (has_target ? &good : &palette[0]);
          Rgb text = ink;

          if (kz_chart_data_cell_is_suppressed (data, r, c))
            {
              /* Hatched: a figure is withheld, not missing. */
              cairo_save (cr);
              cairo_rectangle (cr, x + 0.5, y + 0.5, cell_w - 1, cell_h - 1);
              cairo_clip (cr);
              set_rgb (cr, &rule);
              cairo_set_line_width (cr, 0.6);
              for (double d = -cell_h; d < cell_w; d += 4)
                {
                  cairo_move_to (cr, x + d, y + cell_h);
                  cairo_line_to (cr, x + d + cell_h, y);
                }
              cairo_stroke (cr);
              cairo_restore (cr);
              continue;
            }
          if (shade != 0)
            {
              cairo_set_source_rgba (cr, base->r, base->g, base->b, alpha);
              cairo_rectangle (cr, x + 0.5, y + 0.5, cell_w - 1, cell_h - 1);
              cairo_fill (cr);
              if (alpha > 0.6 && shade < 0)
                text = (Rgb) { 1, 1, 1 };
            }
          label = kz_chart_data_format_cell (data, r, c);
          l = make_layout (pdf, "Sans 6.5", label, -1);
          if (layout_width (l) > cell_w - 2 && !isnan (kz_chart_data_get_cell_value (data, r, c)))
            {
              /* A narrow cell: whole numbers rather than a cut figure. */
              g_free (label);
              label = g_strdup_printf ("%.0f", kz_chart_data_get_cell_value (data, r, c));
            }
          g_clear_object (&l);
          l = make_layout (pdf, "Sans 6.5", label, cell_w - 2);
          pango_layout_set_alignment (l, PANGO_ALIGN_CENTER);
          pango_layout_set_ellipsize (l, PANGO_ELLIPSIZE_END);
          show_layout (pdf, l, x + 1, y + (cell_h - layout_height (l)) / 2, &text);
        }
    }
}

static void
draw_chart (Pdf         *pdf,
            const char  *title,
            KzChartData *data)
{
  g_autofree char *description = kz_chart_data_build_description (data);
  g_autoptr(PangoLayout) title_l = make_layout (pdf, "Sans Bold 10", title ? title : "", CONTENT_W);
  g_autoptr(PangoLayout) desc_l = make_layout (pdf, "Sans Italic 8", description, CONTENT_W);
  double title_h = title ? layout_height (title_l) + 4 : 0;
  double desc_h = layout_height (desc_l) + 4;
  double label_w = 0, header_h = 0;
  gboolean heatmap = kz_chart_data_get_kind (data) == KZ_CHART_HEATMAP;
  double body_h = heatmap ? heatmap_height (pdf, data, &label_w, &header_h) : CHART_H;

  /* A heatmap runs on over pages: its title, column labels and a few rows
   * keep together.  Other charts keep whole. */
  if (heatmap)
    need (pdf, title_h + header_h + MIN (kz_chart_data_get_n_rows (data), 5u) * 16.0);
  else
    need (pdf, title_h + body_h + desc_h);
  if (title)
    {
      show_layout (pdf, title_l, MARGIN, pdf->y, &ink);
      pdf->y += title_h;
    }
  if (!kz_chart_data_has_values (data))
    {
      draw_paragraph (pdf, "Sans Italic 8", description, &grey, 14);
      return;
    }
  if (heatmap)
    {
      /* A tall heatmap runs on: as many rows as fit, then the rest under
       * the column labels again. */
      guint n_rows = kz_chart_data_get_n_rows (data);
      guint r = 0;

      while (r < n_rows)
        {
          guint fit = (guint) MAX (0.0, floor ((BOTTOM - pdf->y - header_h) / 16.0));
          guint end = MIN (n_rows, r + fit);

          if (fit == 0)
            {
              new_page (pdf);
              continue;
            }
          draw_heatmap (pdf, data, pdf->y, label_w, header_h, r, end);
          pdf->y += header_h + (end - r) * 16.0 + 4;
          r = end;
          if (r < n_rows)
            new_page (pdf);
        }
    }
  else
    {
      draw_xy_chart (pdf, data, pdf->y, body_h);
      pdf->y += body_h + 4;
    }
  need (pdf, desc_h);
  show_layout (pdf, desc_l, MARGIN, pdf->y, &grey);
  pdf->y += desc_h + 14;
}

static gboolean
render (Pdf     *pdf,
        GError **error)
{
  KzReport *r = pdf->report;
  cairo_font_options_t *options = cairo_font_options_create ();

  /* Unhinted, so text measures the same on the counting pass's recording
   * surface as on the PDF: the page count on every page must be right. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_set_font_options (pdf->cr, options);
  cairo_font_options_destroy (options);

  pdf->page = 1;
  pdf->y = MARGIN;

  draw_paragraph (pdf, "Sans Bold 18", r->title, &ink, 4);
  if (r->filters->len > 0)
    {
      g_autofree char *filters = NULL;

      g_ptr_array_add (r->filters, NULL);
      filters = g_strjoinv ("   ·   ", (char **) r->filters->pdata);
      g_ptr_array_remove_index (r->filters, r->filters->len - 1);
      draw_paragraph (pdf, "Sans 9", filters, &grey, 6);
    }
  set_rgb (pdf->cr, &rule);
  cairo_set_line_width (pdf->cr, 0.8);
  cairo_move_to (pdf->cr, MARGIN, pdf->y);
  cairo_line_to (pdf->cr, PAGE_W - MARGIN, pdf->y);
  cairo_stroke (pdf->cr);
  pdf->y += 12;

  for (guint i = 0; i < r->blocks->len; i++)
    {
      Block *b = g_ptr_array_index (r->blocks, i);

      if (g_cancellable_set_error_if_cancelled (pdf->cancellable, error))
        return FALSE;
      switch (b->kind)
        {
        case BLOCK_HEADING:
          /* A heading keeps some of what follows on its page. */
          need (pdf, 60);
          draw_paragraph (pdf, "Sans Bold 12", b->text, &ink, 6);
          break;
        case BLOCK_PARAGRAPH:
          draw_paragraph (pdf, "Sans 9.5", b->text, &ink, 8);
          break;
        case BLOCK_TABLE:
          draw_table (pdf, g_ptr_array_index (r->tables, b->table));
          break;
        case BLOCK_CHART:
          draw_chart (pdf, b->text, b->chart);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  draw_footer (pdf);
  cairo_show_page (pdf->cr);
  return TRUE;
}

static cairo_status_t
write_to_stream (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  GOutputStream *out = closure;

  return g_output_stream_write_all (out, data, length, NULL, NULL, NULL) ? CAIRO_STATUS_SUCCESS
                                                                         : CAIRO_STATUS_WRITE_ERROR;
}

gboolean
kz_report_write_pdf (KzReport      *self,
                     const char    *path,
                     guint         *n_pages_out,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GDateTime) now = self->at ? g_date_time_ref (self->at) : g_date_time_new_now_local ();
  g_autofree char *when = g_date_time_format (now, "%Y-%m-%d %H:%M");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) out = NULL;
  cairo_surface_t *surface;
  Pdf pdf = { .report = self, .cancellable = cancellable };
  gboolean ok;

  pdf.footer_left = g_strdup_printf (_("%s · written %s by Kaizen %s"), self->title, when, VERSION);

  /* Count the pages first, drawing onto nothing. */
  surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  pdf.cr = cairo_create (surface);
  ok = render (&pdf, error);
  cairo_destroy (pdf.cr);
  cairo_surface_destroy (surface);
  if (!ok)
    {
      g_free (pdf.footer_left);
      return FALSE;
    }
  pdf.n_pages = pdf.page;

  /* g_file_replace writes beside the file and renames it into place. */
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, cancellable, error);
  if (out == NULL)
    {
      g_free (pdf.footer_left);
      return FALSE;
    }
  surface = cairo_pdf_surface_create_for_stream (write_to_stream, out, PAGE_W, PAGE_H);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, self->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Kaizen " VERSION);
  pdf.cr = cairo_create (surface);
  ok = render (&pdf, error);
  cairo_destroy (pdf.cr);
  cairo_surface_finish (surface);
  if (ok && cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("%s could not be written: %s"), path,
                   cairo_status_to_string (cairo_surface_status (surface)));
      ok = FALSE;
    }
  cairo_surface_destroy (surface);
  g_free (pdf.footer_left);

  if (!ok)
    {
      /* Closing after a cancel leaves the old file as it was. */
      g_autoptr(GCancellable) cancel = g_cancellable_new ();
      g_cancellable_cancel (cancel);
      g_output_stream_close (G_OUTPUT_STREAM (out), cancel, NULL);
      return FALSE;
    }
  if (!g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, error))
    return FALSE;
  if (n_pages_out != NULL)
    *n_pages_out = pdf.n_pages;
  return TRUE;
}
