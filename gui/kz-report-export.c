/* kz-report-export.c — "Export…" for any page that can build a KzReport
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-report-export"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "kz-report-export.h"
#include "kz-progress-dialog.h"
#include "kz-workers.h"

gboolean
kz_report_format_from_string (const char     *text,
                              KzReportFormat *format)
{
  if (g_strcmp0 (text, "csv") == 0)
    *format = KZ_REPORT_FORMAT_CSV;
  else if (g_strcmp0 (text, "pdf") == 0)
    *format = KZ_REPORT_FORMAT_PDF;
  else
    return FALSE;
  return TRUE;
}

GMenuModel *
kz_report_export_menu (const char *action)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenuItem) csv = g_menu_item_new (_("Export as _CSV…"), NULL);
  g_autoptr(GMenuItem) pdf = g_menu_item_new (_("Export as _PDF…"), NULL);

  g_menu_item_set_action_and_target (csv, action, "s", "csv");
  g_menu_item_set_action_and_target (pdf, action, "s", "pdf");
  g_menu_append_item (menu, csv);
  g_menu_append_item (menu, pdf);
  return G_MENU_MODEL (menu);
}

/* ---- the worker ------------------------------------------------------------- */

typedef struct {
  KzReport       *report;
  KzReportFormat  format;
  char           *path;
} ExportJob;

static void
export_job_free (gpointer p)
{
  ExportJob *job = p;

  g_clear_pointer (&job->report, kz_report_free);
  g_free (job->path);
  g_free (job);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(GError) error = NULL;
  guint n_pages = 1;
  gboolean ok;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (job->format == KZ_REPORT_FORMAT_CSV)
    ok = kz_report_write_csv (job->report, 0, job->path, &error);
  else
    ok = kz_report_write_pdf (job->report, job->path, &n_pages, cancellable, &error);
  if (ok && g_cancellable_is_cancelled (cancellable))
    {
      /* Finished just as it was cancelled: nobody wants the file now. */
      g_unlink (job->path);
      g_cancellable_set_error_if_cancelled (cancellable, &error);
      ok = FALSE;
    }
  if (!ok)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, n_pages);
}

void
kz_report_export_async (KzReport            *report,
                        KzReportFormat       format,
                        const char          *path,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportJob *job;

  g_return_if_fail (report != NULL);
  g_return_if_fail (path != NULL);

  job = g_new0 (ExportJob, 1);
  job->report = report;
  job->format = format;
  job->path = g_strdup (path);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kz_report_export_async);
  g_task_set_task_data (task, job, export_job_free);
  kz_workers_run_in_thread (task, export_thread);
}

guint
kz_report_export_finish (GAsyncResult  *result,
                         GError       **error)
{
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, NULL), 0);
  n = g_task_propagate_int (G_TASK (result), error);
  return n < 0 ? 0 : (guint) n;
}

/* ---- the flow ------------------------------------------------------------------ */

typedef struct {
  GtkWindow          *parent;
  KzReport           *report;
  KzReportFormat      format;
  char               *path;
  GCancellable       *cancellable;
  GtkWidget          *progress;    /* the dialog while writing */
  GtkProgressBar     *bar;
  guint               pulse_id;
  KzReportExportDone  done;
  gpointer            user_data;
} Flow;

static void
flow_free (Flow *flow)
{
  g_clear_handle_id (&flow->pulse_id, g_source_remove);
  if (flow->progress != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (flow->progress), (gpointer *) &flow->progress);
      gtk_window_destroy (GTK_WINDOW (flow->progress));
    }
  g_clear_object (&flow->parent);
  g_clear_pointer (&flow->report, kz_report_free);
  g_clear_object (&flow->cancellable);
  g_free (flow->path);
  g_free (flow);
}

static gboolean
pulse (gpointer data)
{
  Flow *flow = data;

  if (flow->progress != NULL)  /* the bar goes with its dialog */
    gtk_progress_bar_pulse (flow->bar);
  return G_SOURCE_CONTINUE;
}

static void
export_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Flow *flow = user_data;
  g_autoptr(GError) error = NULL;
  guint n_pages = kz_report_export_finish (result, &error);

  if (n_pages > 0 && g_cancellable_is_cancelled (flow->cancellable))
    {
      /* Written just before Cancel was pressed: the person said no. */
      g_unlink (flow->path);
      n_pages = 0;
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
    }
  if (n_pages == 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *body = g_strdup_printf (_("%s could not be written: %s"), flow->path, error->message);
          gtk_window_present (GTK_WINDOW (kz_message_dialog_new (flow->parent, _("Export Failed"), body)));
        }
      if (flow->done != NULL)
        flow->done (NULL, flow->user_data);
    }
  else if (flow->done != NULL)
    flow->done (flow->path, flow->user_data);
  flow_free (flow);
}

static void
start (Flow *flow)
{
  g_autofree char *base = g_path_get_basename (flow->path);
  g_autofree char *body = g_strdup_printf (_("Writing %s"), base);

  flow->cancellable = g_cancellable_new ();
  flow->progress = kz_progress_dialog_new (flow->parent, _("Exporting…"), body, _("Export progress"),
                                           flow->cancellable);
  gtk_widget_set_name (flow->progress, "export-progress");
  flow->bar = kz_progress_dialog_get_bar (flow->progress);
  g_object_add_weak_pointer (G_OBJECT (flow->progress), (gpointer *) &flow->progress);
  gtk_window_present (GTK_WINDOW (flow->progress));
  flow->pulse_id = g_timeout_add (100, pulse, flow);

  kz_report_export_async (g_steal_pointer (&flow->report), flow->format, flow->path, flow->cancellable,
                          export_done, flow);
}

static Flow *
flow_new (GtkWindow          *parent,
          KzReport           *report,
          KzReportFormat      format,
          KzReportExportDone  done,
          gpointer            user_data)
{
  Flow *flow = g_new0 (Flow, 1);

  flow->parent = parent != NULL ? g_object_ref (parent) : NULL;
  flow->report = report;
  flow->format = format;
  flow->done = done;
  flow->user_data = user_data;
  return flow;
}

void
kz_report_export_run_to_path (GtkWindow          *parent,
                              KzReport           *report,
                              KzReportFormat      format,
                              const char         *path,
                              KzReportExportDone  done,
                              gpointer            user_data)
{
  Flow *flow;

  g_return_if_fail (report != NULL && path != NULL);
  flow = flow_new (parent, report, format, done, user_data);
  flow->path = g_strdup (path);
  start (flow);
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     Flow            *flow)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  if (file == NULL || (flow->path = g_file_get_path (file)) == NULL)
    {
      if (flow->done != NULL)
        flow->done (NULL, flow->user_data);
      flow_free (flow);
      return;
    }
  start (flow);
}

void
kz_report_export_run (GtkWindow          *parent,
                      KzReport           *report,
                      KzReportFormat      format,
                      const char         *suggested_name,
                      KzReportExportDone  done,
                      gpointer            user_data)
{
  Flow *flow;
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;

  g_return_if_fail (report != NULL);
  flow = flow_new (parent, report, format, done, user_data);
  chooser = gtk_file_chooser_native_new (format == KZ_REPORT_FORMAT_PDF ? _("Export as PDF") : _("Export as CSV"),
                                         parent, GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  name = g_strdup_printf ("%s.%s", suggested_name != NULL ? suggested_name : _("report"),
                          format == KZ_REPORT_FORMAT_PDF ? "pdf" : "csv");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  if (format == KZ_REPORT_FORMAT_PDF)
    {
      gtk_file_filter_set_name (filter, _("PDF documents"));
      gtk_file_filter_add_mime_type (filter, "application/pdf");
    }
  else
    {
      gtk_file_filter_set_name (filter, _("CSV files"));
      gtk_file_filter_add_mime_type (filter, "text/csv");
    }
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response), flow);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

typedef struct {
  GtkWidget *page;
  guint     *n_running;
} PageExport;

static void
page_export_done (const char *path,
                  gpointer    user_data)
{
  PageExport *pe = user_data;

  (*pe->n_running)--;
  g_object_unref (pe->page);
  g_free (pe);
}

void
kz_report_export_from_page (GtkWidget      *page,
                            KzReport       *report,
                            KzReportFormat  format,
                            const char     *path,
                            const char     *suggested_name,
                            guint          *n_running)
{
  GtkRoot *root = gtk_widget_get_root (page);
  GtkWindow *parent = GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
  PageExport *pe;

  g_return_if_fail (GTK_IS_WIDGET (page) && n_running != NULL);
  if (report == NULL)
    return;
  pe = g_new0 (PageExport, 1);
  pe->page = g_object_ref (page);
  pe->n_running = n_running;
  (*n_running)++;
  if (path != NULL)
    kz_report_export_run_to_path (parent, report, format, path, page_export_done, pe);
  else
    kz_report_export_run (parent, report, format, suggested_name, page_export_done, pe);
}
