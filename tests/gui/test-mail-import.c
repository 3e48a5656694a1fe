/* test-mail-import.c — Import Email… in the window: files and a Maildir in,
 * the result said message by message, a second import adding nothing, and
 * a cancelled import leaving the database as it was.
 *
 * The expected counts and texts are worked out here from the mail this
 * file writes, not read back from the dialog's own code.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "kz-gui-test.h"
#include "kz-interactions-page.h"
#include "kz-mail-import.h"
#include "kz-store.h"
#include "kz-window.h"
#include "kz-workers.h"

static KzStore *store;
static char *tmp_dir;
static char *mbox_path, *eml_path;
static gsize broken_at;   /* where the broken message's "From " line is */

static char *
write_file (const char *name,
            const char *contents,
            gssize      length)
{
  return kz_gui_test_write_file (tmp_dir, name, contents, length);
}

static void
append_message (GString    *mbox,
                const char *from,
                const char *to,
                const char *id,
                const char *reply_to,
                const char *subject,
                const char *body)
{
  g_string_append (mbox, "From sender@example.org Mon Mar  2 10:00:00 2026\n");
  g_string_append_printf (mbox, "From: %s\nTo: %s\nSubject: %s\nMessage-ID: <%s>\n"
                                "Date: Mon, 2 Mar 2026 10:00:00 +0000\n", from, to, subject, id);
  if (reply_to != NULL)
    g_string_append_printf (mbox, "In-Reply-To: <%s>\nReferences: <%s>\n", reply_to, reply_to);
  g_string_append_printf (mbox, "Content-Type: text/plain; charset=utf-8\n\n%s\n", body);
}

/* Two threads (3 + 2 messages) with the agent in them, and a broken message
 * between them; then a lone .eml nobody known wrote. */
static void
write_mail (void)
{
  g_autoptr(GString) mbox = g_string_new (NULL);
  const char *ana = "Ana Silva <ana.silva@support.example.com>";

  append_message (mbox, "Customer <c1@example.org>", "help@support.example.com", "a1@x", NULL, "Bill", "Too high");
  append_message (mbox, ana, "c1@example.org", "a2@x", "a1@x", "Re: Bill", "Checking");
  append_message (mbox, "Customer <c1@example.org>", "help@support.example.com", "a3@x", "a2@x", "Re: Bill", "Thanks");
  broken_at = mbox->len;
  g_string_append (mbox, "From sender@example.org Mon Mar  2 10:00:00 2026\nFrom: x@example.org\nSubject: bro");
  g_string_append_c (mbox, '\0');
  g_string_append (mbox, "ken\n\nbody\n");
  append_message (mbox, "Customer <c2@example.org>", "help@support.example.com", "b1@x", NULL, "Moving", "New address");
  append_message (mbox, ana, "c2@example.org", "b2@x", "b1@x", "Re: Moving", "Done");
  mbox_path = write_file ("mail.mbox", mbox->str, (gssize) mbox->len);

  eml_path = write_file ("lone.eml", "From: Someone <someone@example.net>\nTo: info@example.net\n"
                                     "Subject: Hello\nMessage-ID: <c1@y>\nDate: Tue, 3 Mar 2026 09:00:00 +0000\n\n"
                                     "Just a note.\n", -1);
}

static KzWindow *
open_window (void)
{
  KzWindow *window = kz_window_new (NULL, store);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "interactions"));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  return window;
}

static KzInteractionsPage *
interactions (KzWindow *window)
{
  return KZ_INTERACTIONS_PAGE (kz_window_get_page (window, "interactions"));
}

static const char *
dialog_body (GtkWidget *dialog)
{
  return adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
}

static void
close_result (void)
{
  GtkWidget *dialog = kz_mail_import_get_result_dialog ();

  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "close");
  KZ_WAIT_UNTIL (kz_mail_import_get_result_dialog () == NULL);
}

static void
import_and_wait (KzWindow           *window,
                 const char * const *paths,
                 KzMailFormat        format)
{
  kz_window_import_mail (window, paths, format);
  g_assert_true (kz_window_get_importing (window));
  KZ_WAIT_UNTIL (!kz_window_get_importing (window));
}

static void
test_import_files (void)
{
  KzWindow *window = open_window ();
  const char *paths[] = { mbox_path, eml_path, NULL };
  g_autofree char *issue = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog, *button, *label;

  KZ_WAIT_UNTIL (!kz_interactions_page_get_loading (interactions (window)));
  g_assert_cmpuint (kz_interactions_page_get_n_items (interactions (window)), ==, 0);
  kz_gui_test_screenshot (GTK_WIDGET (window), "mail-import-empty.png");
  /* The empty page offers the import, and the window's header has it on
   * this page only. */
  button = kz_gui_test_find_by_name (GTK_WIDGET (interactions (window)), "empty-import-button");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_visible (button));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "win.import-mail-files");
  g_assert_true (gtk_widget_is_sensitive (button));
  button = kz_gui_test_find_by_name (GTK_WIDGET (window), "import-mail-button");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_visible (button));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "queue"));
  g_assert_false (gtk_widget_is_visible (button));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "interactions"));
  g_assert_true (gtk_widget_is_visible (button));

  import_and_wait (window, paths, KZ_MAIL_FORMAT_AUTO);

  /* 3 + 2 messages in the mbox and the .eml: 6 stored in 3 conversations,
   * the broken one skipped, the .eml's without an agent. */
  dialog = kz_mail_import_get_result_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Email Imported, With Problems");
  g_assert_cmpstr (dialog_body (dialog), ==,
                   "6 emails stored.\n3 new conversations.\n1 problem, listed below: not stored.\n"
                   "1 conversation has no agent: no agent’s address is in it.");
  label = kz_gui_test_find_by_name (dialog, "mail-import-issues");
  g_assert_nonnull (label);
  issue = g_strdup_printf ("mail.mbox at byte %" G_GSIZE_FORMAT ": a NUL byte in the headers", broken_at);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, issue);
  kz_gui_test_screenshot (GTK_WIDGET (dialog), "mail-import-result.png");
  close_result ();

  g_assert_cmpint (kz_store_count (store, KZ_RECORD_INTERACTIONS, &error), ==, 3);
  g_assert_cmpint (kz_store_count (store, KZ_RECORD_MESSAGES, &error), ==, 6);
  g_assert_no_error (error);
  /* The list shows them without being asked. */
  KZ_WAIT_UNTIL (!kz_interactions_page_get_loading (interactions (window)) &&
                 kz_interactions_page_get_n_items (interactions (window)) == 3);
  kz_gui_test_screenshot (GTK_WIDGET (window), "mail-import-list.png");

  /* Again: nothing new, each message said to be there already. */
  import_and_wait (window, paths, KZ_MAIL_FORMAT_AUTO);
  dialog = kz_mail_import_get_result_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "No New Email");
  g_assert_cmpstr (dialog_body (dialog), ==, "0 emails stored.\n0 new conversations.\n6 emails were already there.\n"
                                             "1 problem, listed below: not stored.");
  close_result ();
  g_assert_cmpint (kz_store_count (store, KZ_RECORD_MESSAGES, &error), ==, 6);

  gtk_window_destroy (GTK_WINDOW (window));
  kz_gui_test_drain ();
}

static void
test_import_maildir (void)
{
  KzWindow *window = open_window ();
  g_autofree char *maildir = g_build_filename (tmp_dir, "Maildir", NULL);
  g_autofree char *cur = g_build_filename (maildir, "cur", NULL);
  g_autofree char *new_dir = g_build_filename (maildir, "new", NULL);
  const char *paths[] = { maildir, NULL };
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  g_assert_cmpint (g_mkdir_with_parents (cur, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (new_dir, 0755), ==, 0);
  {
    g_autofree char *one = g_build_filename (cur, "1.eml", NULL);
    g_autofree char *two = g_build_filename (new_dir, "2.eml", NULL);

    g_assert_true (g_file_set_contents (one, "From: Customer <c9@example.org>\nTo: help@support.example.com\n"
                                             "Subject: Meter\nMessage-ID: <m1@z>\n\nNo signal\n", -1, NULL));
    g_assert_true (g_file_set_contents (two, "From: Ana Silva <ana.silva@support.example.com>\nTo: c9@example.org\n"
                                             "Subject: Re: Meter\nMessage-ID: <m2@z>\nIn-Reply-To: <m1@z>\n\n"
                                             "Rebooted\n", -1, NULL));
  }
  import_and_wait (window, paths, KZ_MAIL_FORMAT_MAILDIR);
  dialog = kz_mail_import_get_result_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Email Imported");
  g_assert_cmpstr (dialog_body (dialog), ==, "2 emails stored.\n1 new conversation.");
  g_assert_null (kz_gui_test_find_by_name (dialog, "mail-import-issues"));
  close_result ();
  g_assert_cmpint (kz_store_count (store, KZ_RECORD_INTERACTIONS, &error), ==, 4);

  gtk_window_destroy (GTK_WINDOW (window));
  kz_gui_test_drain ();
}

#define BIG_MBOX_MESSAGES 60000

/* An mbox of BIG_MBOX_MESSAGES, one conversation each: storing it takes
 * long enough to be seen under way. */
static char *
big_mbox (void)
{
  char *path = g_build_filename (tmp_dir, "big.mbox", NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GString) mbox = g_string_new (NULL);

      for (guint i = 0; i < BIG_MBOX_MESSAGES; i++)
        {
          g_autofree char *id = g_strdup_printf ("big%u@x", i);

          append_message (mbox, "Customer <c3@example.org>", "help@support.example.com", id, NULL, "Many", "Body");
        }
      g_assert_true (g_file_set_contents (path, mbox->str, (gssize) mbox->len, NULL));
    }
  return path;
}

static const char *
progress_text (void)
{
  GtkWidget *dialog = kz_mail_import_get_progress_dialog ();
  GtkWidget *bar = dialog != NULL ? kz_gui_test_find_by_type (dialog, GTK_TYPE_PROGRESS_BAR) : NULL;

  return bar != NULL ? gtk_progress_bar_get_text (GTK_PROGRESS_BAR (bar)) : "";
}

/* "Storing N of M conversations…" with N at least @n. */
static gboolean
storing_at_least (guint n)
{
  guint done = 0;

  return sscanf (progress_text (), "Storing %u of", &done) == 1 && done >= n;
}

/* Cancel from the progress dialog while conversations are being stored:
 * the dialog stays, saying it is cancelling, until the import has rolled
 * back; nothing of it is stored and no result is said. */
static void
test_import_cancel (void)
{
  KzWindow *window = open_window ();
  g_autofree char *big = big_mbox ();
  const char *paths[] = { big, NULL };
  g_autoptr(GError) error = NULL;
  gint64 before_i, before_m;
  GtkWidget *progress;

  before_i = kz_store_count (store, KZ_RECORD_INTERACTIONS, &error);
  before_m = kz_store_count (store, KZ_RECORD_MESSAGES, &error);
  g_assert_no_error (error);

  kz_window_import_mail (window, paths, KZ_MAIL_FORMAT_AUTO);
  progress = kz_mail_import_get_progress_dialog ();
  g_assert_nonnull (progress);
  g_assert_true (gtk_widget_get_visible (progress));
  /* A second import cannot start meanwhile: its action is off, so the
   * button that starts it is insensitive. */
  g_assert_false (gtk_widget_get_sensitive (kz_gui_test_find_by_name (GTK_WIDGET (interactions (window)),
                                                                      "empty-import-button")));
  KZ_WAIT_UNTIL_SAYING (storing_at_least (100), "progress “%s”", progress_text ());
  kz_gui_test_screenshot (progress, "mail-import-progress.png");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (progress), "cancel");
  g_assert_true (kz_mail_import_get_progress_dialog () == progress);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (progress), "cancel"));
  KZ_WAIT_UNTIL (!kz_window_get_importing (window));
  g_assert_null (kz_mail_import_get_progress_dialog ());
  g_assert_null (kz_mail_import_get_result_dialog ());
  g_assert_cmpint (kz_store_count (store, KZ_RECORD_INTERACTIONS, &error), ==, before_i);
  g_assert_cmpint (kz_store_count (store, KZ_RECORD_MESSAGES, &error), ==, before_m);
  g_assert_no_error (error);
  /* And on again once it is over. */
  g_assert_true (gtk_widget_get_sensitive (kz_gui_test_find_by_name (GTK_WIDGET (interactions (window)),
                                                                     "empty-import-button")));

  gtk_window_destroy (GTK_WINDOW (window));
  kz_gui_test_drain ();
}

/* A Cancel that comes once the import is saving (the button is off by then;
 * the response is sent directly) does not hide what was stored. */
static void
test_late_cancel (void)
{
  KzWindow *window = open_window ();
  g_autofree char *big = big_mbox ();
  const char *paths[] = { big, NULL };
  g_autoptr(GError) error = NULL;
  gint64 before_m = kz_store_count (store, KZ_RECORD_MESSAGES, &error);
  GtkWidget *progress, *dialog;
  g_autofree char *stored = g_strdup_printf ("%u emails stored.", BIG_MBOX_MESSAGES);

  kz_window_import_mail (window, paths, KZ_MAIL_FORMAT_AUTO);
  progress = kz_mail_import_get_progress_dialog ();
  KZ_WAIT_UNTIL_SAYING (g_strcmp0 (progress_text (), "Saving…") == 0 || !kz_window_get_importing (window),
                        "progress “%s”", progress_text ());
  g_assert_true (kz_window_get_importing (window));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (progress), "cancel"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (progress), "cancel");
  KZ_WAIT_UNTIL (!kz_window_get_importing (window));
  dialog = kz_mail_import_get_result_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (g_str_has_prefix (dialog_body (dialog), stored));
  close_result ();
  g_assert_cmpint (kz_store_count (store, KZ_RECORD_MESSAGES, &error), ==, before_m + BIG_MBOX_MESSAGES);

  gtk_window_destroy (GTK_WINDOW (window));
  kz_gui_test_drain ();
}

/* The window closes while it imports: the import is cancelled with it,
 * nothing is stored, no result is said, and nothing touches the window's
 * pages after they are gone. */
static void
test_window_closed (void)
{
  KzWindow *window = open_window ();
  g_autofree char *big = big_mbox ();
  const char *paths[] = { big, NULL };
  g_autoptr(GError) error = NULL;
  gint64 before = kz_store_count (store, KZ_RECORD_MESSAGES, &error);

  kz_window_import_mail (window, paths, KZ_MAIL_FORMAT_AUTO);
  gtk_window_destroy (GTK_WINDOW (window));
  KZ_WAIT_UNTIL (kz_workers_running () == 0 && kz_mail_import_get_progress_dialog () == NULL);
  kz_gui_test_drain ();
  g_assert_null (kz_mail_import_get_result_dialog ());
  g_assert_cmpint (kz_store_count (store, KZ_RECORD_MESSAGES, &error), ==, before);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzPerson) ana = NULL;
  g_autofree char *db = NULL;
  int ret;

  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("TZ", "UTC", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  tmp_dir = g_dir_make_tmp ("kaizen-mail-import-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (tmp_dir, "kaizen.db", NULL);
  store = kz_store_open (db, &error);
  g_assert_no_error (error);
  ana = kz_person_new ("Ana Silva", KZ_ROLE_AGENT);
  ana->emails = g_new0 (char *, 2);
  ana->emails[0] = g_strdup ("ana.silva@support.example.com");
  kz_store_add_person (store, ana, &error);
  g_assert_no_error (error);
  write_mail ();

  g_test_add_func ("/mail-import/files", test_import_files);
  g_test_add_func ("/mail-import/maildir", test_import_maildir);
  g_test_add_func ("/mail-import/cancel", test_import_cancel);
  g_test_add_func ("/mail-import/window-closed", test_window_closed);
  g_test_add_func ("/mail-import/late-cancel", test_late_cancel);
  ret = g_test_run ();

  g_assert_true (kz_workers_wait_idle (10000));
  g_clear_object (&store);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp_dir);
    g_assert_cmpint (system (cmd), ==, 0);
  }
  g_free (tmp_dir);
  g_free (mbox_path);
  g_free (eml_path);
  return ret;
}
