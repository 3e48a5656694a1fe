/* kz-mail-import.c — "Import Email…" (kz-mail-import.h says what)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-mail-import"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "kz-mail-import.h"
#include "kz-store-job.h"

typedef struct {
  GtkWindow        *parent;      /* weak */
  char            **paths;
  KzMailFormat      format;
  GCancellable     *cancellable;
  GCancellable     *outer;       /* the caller's, and our handler on it */
  gulong            outer_id;
  GtkWidget        *dialog;      /* weak: the progress dialog */
  GtkProgressBar   *bar;
  GtkWidget        *stage;
  guint             tick_id;
  KzMailImportDone  done;
  gpointer          user_data;

  /* Written by the importing thread, read by tick(). */
  GMutex             lock;
  KzEmailImportStage progress_stage;
  guint              progress_done, progress_total;
} Import;

static GtkWidget *result_dialog;    /* weak */
static GtkWidget *progress_dialog;  /* weak */

static void
import_free (Import *import)
{
  g_clear_handle_id (&import->tick_id, g_source_remove);
  if (import->dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (import->dialog), (gpointer *) &import->dialog);
      gtk_window_destroy (GTK_WINDOW (import->dialog));
    }
  if (import->outer != NULL)
    g_cancellable_disconnect (import->outer, import->outer_id);
  g_clear_object (&import->outer);
  g_clear_weak_pointer (&import->parent);
  g_strfreev (import->paths);
  g_clear_object (&import->cancellable);
  g_mutex_clear (&import->lock);
  g_free (import);
}

static void
report_free (gpointer p)
{
  KzEmailImportReport *report = p;

  kz_email_import_report_clear (report);
  g_free (report);
}

/* On the importing thread. */
static void
on_progress (KzEmailImportStage stage,
             guint              done,
             guint              total,
             gpointer           user_data)
{
  Import *import = user_data;

  g_mutex_lock (&import->lock);
  import->progress_stage = stage;
  import->progress_done = done;
  import->progress_total = total;
  g_mutex_unlock (&import->lock);
}

static gboolean
tick (gpointer user_data)
{
  Import *import = user_data;
  KzEmailImportStage stage;
  guint done, total;
  g_autofree char *text = NULL;

  /* The dialog goes with its window. */
  if (import->dialog == NULL)
    {
      import->tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  g_mutex_lock (&import->lock);
  stage = import->progress_stage;
  done = import->progress_done;
  total = import->progress_total;
  g_mutex_unlock (&import->lock);

  if (stage == KZ_EMAIL_IMPORT_READING)
    {
      /* A file is read in one go: how far into it is not known. */
      gtk_progress_bar_pulse (import->bar);
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Reading %u of %u file…", "Reading %u of %u files…",
                                           total),
                              MIN (done + 1, total), total);
    }
  else
    {
      gtk_progress_bar_set_fraction (import->bar, total > 0 ? (double) done / total : 1.0);
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Storing %u of %u conversation…",
                                           "Storing %u of %u conversations…", total),
                              done, total);
    }
  gtk_progress_bar_set_text (import->bar, text);
  return G_SOURCE_CONTINUE;
}

char *
kz_mail_import_summary (const KzEmailImportReport *report)
{
  GString *s = g_string_new (NULL);

  g_return_val_if_fail (report != NULL, NULL);

  g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "%u email stored", "%u emails stored", report->n_stored),
                          report->n_stored);
  g_string_append (s, ", ");
  g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "%u new conversation", "%u new conversations",
                                          report->n_new_threads),
                          report->n_new_threads);
  if (report->n_already > 0)
    {
      g_string_append (s, ", ");
      g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "%u already there", "%u already there",
                                              report->n_already),
                              report->n_already);
    }
  if (report->issues != NULL && report->issues->len > 0)
    {
      g_string_append (s, ", ");
      g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "%u skipped", "%u skipped", report->issues->len),
                              report->issues->len);
    }
  g_string_append (s, ".");
  if (report->n_no_agent > 0)
    {
      g_string_append (s, " ");
      g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE,
                                              "%u conversation has no agent: no agent’s address is in it.",
                                              "%u conversations have no agent: no agent’s address is in them.",
                                              report->n_no_agent),
                              report->n_no_agent);
    }
  return g_string_free (s, FALSE);
}

char *
kz_mail_import_issues_text (const KzEmailImportReport *report)
{
  GString *s = g_string_new (NULL);

  g_return_val_if_fail (report != NULL, NULL);

  for (guint i = 0; report->issues != NULL && i < report->issues->len; i++)
    {
      const KzImportIssue *issue = g_ptr_array_index (report->issues, i);
      g_autofree char *name = g_path_get_basename (issue->source);

      if (s->len > 0)
        g_string_append_c (s, '\n');
      /* Translators: a file name, a byte offset in it, why the message there was skipped */
      g_string_append_printf (s, _("%s at byte %lld: %s"), name, (long long) issue->position, issue->reason);
    }
  return g_string_free (s, FALSE);
}

static void
show_result (Import                    *import,
             const KzEmailImportReport *report)
{
  g_autofree char *summary = kz_mail_import_summary (report);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (import->parent,
                                   report->issues->len > 0 ? _("Email Imported, Some Skipped") : _("Email Imported"),
                                   summary);
  if (report->issues->len > 0)
    {
      g_autofree char *text = kz_mail_import_issues_text (report);
      GtkWidget *scrolled = gtk_scrolled_window_new ();
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_set_name (label, "mail-import-issues");
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), label);
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
      gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
      gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 240);
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);
    }
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
  g_set_weak_pointer (&result_dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_error (Import       *import,
            const GError *error)
{
  GtkWidget *dialog = adw_message_dialog_new (import->parent, _("Could Not Import Email"), error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
  g_set_weak_pointer (&result_dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gpointer
import_job (KzStore       *store,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  Import *import = data;
  KzEmailImportReport *report = g_new0 (KzEmailImportReport, 1);

  if (!kz_email_import_with_progress (store, (const char * const *) import->paths, import->format, FALSE,
                                      on_progress, import, report, cancellable, error))
    {
      report_free (report);
      return NULL;
    }
  return report;
}

static void
import_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Import *import = user_data;
  g_autoptr(GError) error = NULL;
  KzEmailImportReport *report = kz_store_job_finish (result, &error);
  guint stored = report != NULL ? report->n_stored : 0;

  g_clear_handle_id (&import->tick_id, g_source_remove);
  if (import->dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (import->dialog), (gpointer *) &import->dialog);
      gtk_window_destroy (GTK_WINDOW (import->dialog));
      import->dialog = NULL;
    }

  if (report != NULL)
    show_result (import, report);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_error (import, error);
  if (import->done != NULL)
    import->done (stored, import->user_data);
  if (report != NULL)
    report_free (report);
  import_free (import);
}

static void
on_outer_cancelled (GCancellable *outer,
                    gpointer      user_data)
{
  GCancellable *cancellable = user_data;

  g_cancellable_cancel (cancellable);
}

static void
on_progress_response (Import     *import,
                      const char *response)
{
  /* Cancel: the import stops before its next thread and rolls back. */
  g_cancellable_cancel (import->cancellable);
}

void
kz_mail_import_run (GtkWindow           *parent,
                    KzStore             *store,
                    const char * const  *paths,
                    KzMailFormat         format,
                    GCancellable        *cancellable,
                    KzMailImportDone     done,
                    gpointer             user_data)
{
  Import *import;
  GtkWidget *box;

  g_return_if_fail (KZ_IS_STORE (store));
  g_return_if_fail (paths != NULL && paths[0] != NULL);

  import = g_new0 (Import, 1);
  g_set_weak_pointer (&import->parent, parent);
  import->paths = g_strdupv ((char **) paths);
  import->format = format;
  import->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      /* Runs at once if @cancellable is cancelled already. */
      import->outer = g_object_ref (cancellable);
      import->outer_id = g_cancellable_connect (cancellable, G_CALLBACK (on_outer_cancelled),
                                                import->cancellable, NULL);
    }
  import->done = done;
  import->user_data = user_data;
  g_mutex_init (&import->lock);

  import->dialog = adw_message_dialog_new (parent, _("Importing Email"), NULL);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (import->dialog),
                               _("Threads are rebuilt and each stored as one conversation; broken messages "
                                 "are skipped and listed at the end."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  import->bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_progress_bar_set_show_text (import->bar, TRUE);
  gtk_progress_bar_set_text (import->bar, _("Starting…"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (import->bar));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (import->dialog), box);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (import->dialog), "cancel", _("_Cancel"));
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (import->dialog), "cancel");
  g_signal_connect_swapped (import->dialog, "response", G_CALLBACK (on_progress_response), import);
  g_object_add_weak_pointer (G_OBJECT (import->dialog), (gpointer *) &import->dialog);
  g_set_weak_pointer (&progress_dialog, import->dialog);
  gtk_window_present (GTK_WINDOW (import->dialog));
  import->tick_id = g_timeout_add (100, tick, import);

  kz_store_job_run_async (store, NULL, import_job, import, NULL, report_free, import->cancellable, import_done,
                          import);
}

GtkWidget *
kz_mail_import_get_result_dialog (void)
{
  return result_dialog;
}

GtkWidget *
kz_mail_import_get_progress_dialog (void)
{
  return progress_dialog;
}
