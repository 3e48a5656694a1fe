/* kz-mail-import.c — "Import Email…" (kz-mail-import.h says what)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kz-mail-import"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "kz-mail-import.h"
#include "kz-progress-dialog.h"
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
  guint             tick_id;
  KzMailImportDone  done;
  gpointer          user_data;
  char             *prefix;      /* what issue paths are shown relative to */

  /* Set by the worker when the import went through: a Cancel pressed too
   * late to stop it must not hide what was stored. */
  KzEmailImportReport *report;

  /* Written by the importing thread, read by tick(). */
  GMutex             lock;
  KzEmailImportStage progress_stage;
  guint              progress_done, progress_total;
} Import;

static GtkWidget *result_dialog;    /* weak */
static GtkWidget *progress_dialog;  /* weak */

static void
report_free (gpointer p)
{
  KzEmailImportReport *report = p;

  kz_email_import_report_clear (report);
  g_free (report);
}

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
  g_free (import->prefix);
  if (import->report != NULL)
    report_free (import->report);
  g_clear_object (&import->cancellable);
  g_mutex_clear (&import->lock);
  g_free (import);
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

  if (stage == KZ_EMAIL_IMPORT_COMMITTING)
    {
      gtk_progress_bar_pulse (import->bar);
      text = g_strdup (_("Saving…"));
      /* Too late to cancel now: the database is writing it all. */
      kz_progress_dialog_set_can_cancel (import->dialog, FALSE);
    }
  else if (kz_progress_dialog_get_cancelling (import->dialog))
    {
      gtk_progress_bar_pulse (import->bar);
      text = g_strdup (_("Cancelling…"));
    }
  else if (stage == KZ_EMAIL_IMPORT_READING)
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
      text = total > 0 ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Storing %u of %u conversation…",
                                                       "Storing %u of %u conversations…", total),
                                          done, total)
                       : g_strdup (_("Nothing new to store…"));
    }
  gtk_progress_bar_set_text (import->bar, text);
  return G_SOURCE_CONTINUE;
}

char *
kz_mail_import_summary (const KzEmailImportReport *report)
{
  GString *s = g_string_new (NULL);
  guint n_issues = report->issues != NULL ? report->issues->len : 0;

  g_return_val_if_fail (report != NULL, NULL);

  /* One whole sentence a line, each translated on its own. */
  g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "%u email stored.", "%u emails stored.",
                                          report->n_stored),
                          report->n_stored);
  g_string_append_c (s, '\n');
  g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "%u new conversation.", "%u new conversations.",
                                          report->n_new_threads),
                          report->n_new_threads);
  if (report->n_already > 0)
    {
      g_string_append_c (s, '\n');
      g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "%u email was already there.",
                                              "%u emails were already there.", report->n_already),
                              report->n_already);
    }
  if (n_issues > 0)
    {
      g_string_append_c (s, '\n');
      g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "%u problem, listed below: not stored.",
                                              "%u problems, listed below: not stored.", n_issues),
                              n_issues);
    }
  if (report->n_no_agent > 0)
    {
      g_string_append_c (s, '\n');
      g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE,
                                              "%u conversation has no agent: no agent’s address is in it.",
                                              "%u conversations have no agent: no agent’s address is in them.",
                                              report->n_no_agent),
                              report->n_no_agent);
    }
  return g_string_free (s, FALSE);
}

/* At most this many problems are listed; the rest are counted. */
#define MAX_LISTED 200

char *
kz_mail_import_issues_text (const KzEmailImportReport *report,
                            const char                *prefix)
{
  GString *s = g_string_new (NULL);
  guint n = report->issues != NULL ? report->issues->len : 0;

  g_return_val_if_fail (report != NULL, NULL);

  for (guint i = 0; i < MIN (n, MAX_LISTED); i++)
    {
      const KzImportIssue *issue = g_ptr_array_index (report->issues, i);
      const char *name = issue->source;

      if (prefix != NULL && g_str_has_prefix (name, prefix))
        name += strlen (prefix);
      if (s->len > 0)
        g_string_append_c (s, '\n');
      /* Translators: a file, a byte offset in it, why the message there was not stored */
      g_string_append_printf (s, _("%s at byte %lld: %s"), name, (long long) issue->position, issue->reason);
    }
  if (n > MAX_LISTED)
    {
      g_string_append_c (s, '\n');
      g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "…and %u more", "…and %u more", n - MAX_LISTED),
                              n - MAX_LISTED);
    }
  return g_string_free (s, FALSE);
}

static void
show_result (Import                    *import,
             const KzEmailImportReport *report)
{
  g_autofree char *summary = kz_mail_import_summary (report);
  GtkWidget *dialog;

  dialog = kz_message_dialog_new (import->parent,
                                  report->n_stored == 0 ? _("No New Email")
                                  : report->issues->len > 0 ? _("Email Imported, With Problems")
                                  : _("Email Imported"),
                                  summary);
  if (report->issues->len > 0)
    {
      g_autofree char *text = kz_mail_import_issues_text (report, import->prefix);
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
  g_set_weak_pointer (&result_dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_error (Import       *import,
            const GError *error)
{
  GtkWidget *dialog = kz_message_dialog_new (import->parent, _("Could Not Import Email"), error->message);

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
  /* Read on the main loop once this job is over (import_done). */
  import->report = report;
  return GINT_TO_POINTER (1);
}

static void
import_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Import *import = user_data;
  g_autoptr(GError) error = NULL;
  KzEmailImportReport *report;
  guint stored;

  /* The job's own result says CANCELLED whenever Cancel was pressed, even
   * after the import went through; the report says what happened. */
  kz_store_job_finish (result, &error);
  report = import->report;
  stored = report != NULL ? report->n_stored : 0;

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
  import_free (import);
}

static void
on_outer_cancelled (GCancellable *outer,
                    gpointer      user_data)
{
  GCancellable *cancellable = user_data;

  g_cancellable_cancel (cancellable);
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

  g_return_if_fail (KZ_IS_STORE (store));
  g_return_if_fail (paths != NULL && paths[0] != NULL);

  import = g_new0 (Import, 1);
  g_set_weak_pointer (&import->parent, parent);
  import->paths = g_strdupv ((char **) paths);
  {
    /* Problems are listed by their path from the folder of what was picked. */
    g_autofree char *dir = g_path_get_dirname (paths[0]);

    import->prefix = g_str_has_suffix (dir, G_DIR_SEPARATOR_S) ? g_strdup (dir)
                                                                : g_strconcat (dir, G_DIR_SEPARATOR_S, NULL);
  }
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

  import->dialog = kz_progress_dialog_new (parent, _("Importing Email"),
                                           _("Threads are rebuilt and each stored as one conversation; broken "
                                             "messages are skipped and listed at the end."),
                                           _("Import progress"), import->cancellable);
  import->bar = kz_progress_dialog_get_bar (import->dialog);
  gtk_progress_bar_set_text (import->bar, _("Starting…"));
  g_object_add_weak_pointer (G_OBJECT (import->dialog), (gpointer *) &import->dialog);
  g_set_weak_pointer (&progress_dialog, import->dialog);
  gtk_window_present (GTK_WINDOW (import->dialog));
  import->tick_id = g_timeout_add (100, tick, import);

  kz_store_job_run_async (store, NULL, import_job, import, NULL, NULL, import->cancellable, import_done, import);
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
