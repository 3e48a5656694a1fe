/* kz-report-export.h — "Export…" for any page that can build a KzReport
 *
 * A page builds its KzReport (kz-reports.h) from what it shows and hands it
 * here: the person picks a file (GtkFileChooserNative), a dialog shows the
 * work going on with a Cancel button, and the file is written on a worker
 * thread (GTask) — a PDF of many pages takes a while.  The file appears
 * only when complete (KzReport writes beside it and renames).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kz-report.h"

G_BEGIN_DECLS

typedef enum {
  KZ_REPORT_FORMAT_CSV,   /* table 0 */
  KZ_REPORT_FORMAT_PDF,
} KzReportFormat;

/* "csv" / "pdf" → the format; FALSE for anything else. */
gboolean    kz_report_format_from_string (const char     *text,
                                          KzReportFormat *format);

/* The "Export" menu: "Export as CSV…" and "Export as PDF…", activating
 * @action ("page.export") with "csv" or "pdf". */
GMenuModel *kz_report_export_menu        (const char     *action);

/* Writes @report (taken) to @path on a worker thread. */
void        kz_report_export_async       (KzReport       *report,
                                          KzReportFormat  format,
                                          const char     *path,
                                          GCancellable   *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer        user_data);
/* The PDF's page count (1 for a CSV), 0 with @error set on failure. */
guint       kz_report_export_finish      (GAsyncResult   *result,
                                          GError        **error);

/* The whole flow from a page: asks where (@suggested_name, without the
 * extension), then writes @report (taken) with a progress dialog over
 * @parent that can cancel it, and says how it went.  @done (may be NULL)
 * is called on the main loop with the path written, or NULL. */
typedef void (*KzReportExportDone) (const char *path, gpointer user_data);
void        kz_report_export_run         (GtkWindow          *parent,
                                          KzReport           *report,
                                          KzReportFormat      format,
                                          const char         *suggested_name,
                                          KzReportExportDone  done,
                                          gpointer            user_data);
/* As kz_report_export_run() with the file already chosen (tests, and a
 * page that remembers the last file). */
void        kz_report_export_run_to_path (GtkWindow          *parent,
                                          KzReport           *report,
                                          KzReportFormat      format,
                                          const char         *path,
                                          KzReportExportDone  done,
                                          gpointer            user_data);

/* What every page's Export does: @report (taken; NULL does nothing) to
 * @path, or to a file the person picks (named @suggested_name) when @path
 * is NULL, over @page's window.  @page is kept alive and *@n_running
 * (a counter in @page, for tests to wait on) counts the export until it is
 * over. */
void        kz_report_export_from_page   (GtkWidget          *page,
                                          KzReport           *report,
                                          KzReportFormat      format,
                                          const char         *path,
                                          const char         *suggested_name,
                                          guint              *n_running);

G_END_DECLS
