/* kz-report.h — a report as a document: title, filters, tables and charts,
 * written as CSV or as a PDF
 *
 * A report verb or page fills a KzReport with what it shows — the figures
 * the model computed, already formatted — and writes it out.  The CSV is
 * one table (RFC 4180: comma separated, quoted where needed, CRLF line
 * ends), so a spreadsheet opens it as it is.  The PDF (cairo's PDF surface,
 * Pango text, A4) has the title, the filters the figures rest on, every
 * table — with its header repeated on each page it runs onto — and every
 * chart drawn from its KzChartData (the same data, axis maths and
 * description as on screen), and on each page "Page N of M" and when and by
 * which Kaizen it was written.  Files are written beside their path and
 * renamed into place when complete.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kz-chart-data.h"

G_BEGIN_DECLS

typedef struct _KzReport KzReport;

KzReport *kz_report_new            (const char        *title);
void      kz_report_free           (KzReport          *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KzReport, kz_report_free)

const char *kz_report_get_title    (KzReport          *self);

/* What the figures rest on: "Period", "2026-01-01 to 2026-03-31". */
void      kz_report_add_filter     (KzReport          *self,
                                    const char        *label,
                                    const char        *value);
/* The time printed on the PDF (default: now); for reproducible files. */
void      kz_report_set_time       (KzReport          *self,
                                    GDateTime         *at);

void      kz_report_add_heading    (KzReport          *self,
                                    const char        *text);
void      kz_report_add_paragraph  (KzReport          *self,
                                    const char        *text);

/* A table with @n_columns columns and these headers; returns its index.
 * Numeric columns are right-aligned in the PDF. */
guint     kz_report_add_table      (KzReport          *self,
                                    const char        *caption,
                                    guint              n_columns,
                                    const char * const *headers);
void      kz_report_table_set_numeric (KzReport       *self,
                                    guint              table,
                                    guint              column);
/* @cells: n_columns strings (NULL is an empty cell). */
void      kz_report_table_add_row  (KzReport          *self,
                                    guint              table,
                                    const char * const *cells);
guint     kz_report_get_n_tables   (KzReport          *self);

/* A chart, drawn from @data (a reference is taken and the data sealed),
 * with its description below it; "show as table" on paper is the table
 * kz_report_add_chart_table() adds from the same data. */
void      kz_report_add_chart      (KzReport          *self,
                                    const char        *title,
                                    KzChartData       *data);
/* The chart's own numbers as a table (kz_chart_data_build_table()). */
guint     kz_report_add_chart_table (KzReport         *self,
                                    const char        *caption,
                                    KzChartData       *data);

/* Table @table as CSV text. */
char     *kz_report_table_to_csv   (KzReport          *self,
                                    guint              table);

gboolean  kz_report_write_csv      (KzReport          *self,
                                    guint              table,
                                    const char        *path,
                                    GError           **error);
/* Writes the PDF to @path; @n_pages_out (optional) gets its page count. */
gboolean  kz_report_write_pdf      (KzReport          *self,
                                    const char        *path,
                                    guint             *n_pages_out,
                                    GCancellable      *cancellable,
                                    GError           **error);

G_END_DECLS
