/* fuzz-email.c — libFuzzer target for the mail glue in model/kz-email.c
 *
 * Each input is read twice, as one .eml and as an mbox, through
 * kz_email_read_bytes() (the code path of kz_email_read()); the messages
 * then go through kz_email_build_threads() as an import would.  Beyond "no
 * crash, no leak, no undefined behaviour" it checks what the import
 * promises: every input gives messages or issues with a reason, and
 * everything a message would store is valid UTF-8 text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <stdint.h>
#include <string.h>

#include "kz-email.h"
#include "fuzz.h"

#define SOURCE "fuzz.eml"

static void
check_text (const char *text,
            gboolean    nullable)
{
  if (text == NULL)
    {
      g_assert_true (nullable);
      return;
    }
  g_assert_true (g_utf8_validate (text, -1, NULL));
}

static void
check_message (const KzEmailMessage *m)
{
  g_assert_nonnull (m->message_id);
  g_assert_cmpuint (strlen (m->message_id), >, 0);
  check_text (m->message_id, FALSE);
  check_text (m->in_reply_to, TRUE);
  check_text (m->from, TRUE);
  check_text (m->from_address, TRUE);
  check_text (m->to, TRUE);
  check_text (m->cc, TRUE);
  check_text (m->subject, TRUE);
  check_text (m->body, FALSE);
  check_text (m->source, FALSE);
  g_assert_nonnull (m->references);
  for (guint i = 0; m->references[i] != NULL; i++)
    check_text (m->references[i], FALSE);
  g_assert_nonnull (m->addresses);
  for (guint i = 0; m->addresses[i] != NULL; i++)
    check_text (m->addresses[i], FALSE);
  g_assert_nonnull (m->attachments);
  for (guint i = 0; i < m->attachments->len; i++)
    {
      const KzAttachment *a = g_ptr_array_index (m->attachments, i);

      check_text (a->filename, FALSE);
      check_text (a->mime_type, FALSE);
      g_assert_cmpint (a->size, >=, 0);
    }
}

static void
check_issues (GPtrArray *issues,
              guint      from,
              gsize      size)
{
  for (guint i = from; i < issues->len; i++)
    {
      const KzImportIssue *issue = g_ptr_array_index (issues, i);

      g_assert_cmpstr (issue->source, ==, SOURCE);
      g_assert_nonnull (issue->reason);
      g_assert_cmpuint (strlen (issue->reason), >, 0);
      g_assert_true (g_utf8_validate (issue->reason, -1, NULL));
      g_assert_cmpint (issue->position, >=, 0);
      g_assert_cmpint (issue->position, <=, (gint64) size);
    }
}

/* What kz_email_import() does between reading and storing: duplicates of
 * a Message-ID count once, the rest are grouped into threads. */
static void
check_threads (GPtrArray *messages)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) thread_of = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) fresh = g_ptr_array_new ();
  g_autoptr(GPtrArray) threads = NULL;
  guint total = 0;

  for (guint i = 0; i < messages->len; i++)
    {
      KzEmailMessage *m = g_ptr_array_index (messages, i);

      if (g_hash_table_add (seen, m->message_id))
        g_ptr_array_add (fresh, m);
    }

  threads = kz_email_build_threads (fresh);
  for (guint t = 0; t < threads->len; t++)
    {
      GPtrArray *thread = g_ptr_array_index (threads, t);

      g_assert_cmpuint (thread->len, >, 0);
      for (guint i = 0; i < thread->len; i++)
        {
          KzEmailMessage *m = g_ptr_array_index (thread, i);

          /* Each message in exactly one thread… */
          g_assert_true (g_hash_table_insert (thread_of, m->message_id, GUINT_TO_POINTER (t + 1)));
          /* …earliest first, undated last. */
          if (i > 0)
            {
              KzEmailMessage *prev = g_ptr_array_index (thread, i - 1);

              if (m->date != NULL)
                g_assert_true (prev->date != NULL && g_date_time_compare (prev->date, m->date) <= 0);
            }
        }
      total += thread->len;
    }
  g_assert_cmpuint (total, ==, fresh->len);

  /* A reply is in the thread of the message it answers. */
  for (guint i = 0; i < fresh->len; i++)
    {
      KzEmailMessage *m = g_ptr_array_index (fresh, i);
      gpointer mine = g_hash_table_lookup (thread_of, m->message_id);
      gpointer theirs;

      if (m->in_reply_to != NULL && (theirs = g_hash_table_lookup (thread_of, m->in_reply_to)) != NULL)
        g_assert_true (mine == theirs);
      for (guint k = 0; m->references[k] != NULL; k++)
        if ((theirs = g_hash_table_lookup (thread_of, m->references[k])) != NULL)
          g_assert_true (mine == theirs);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (size ? data : (const uint8_t *) "", size);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_email_message_free);
  g_autoptr(GPtrArray) issues = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_import_issue_free);
  g_autoptr(GError) error = NULL;
  guint n_messages, n_issues;

  kz_fuzz_init ();

  /* As one message: exactly one message or one issue. */
  g_assert_true (kz_email_read_bytes (bytes, SOURCE, KZ_MAIL_FORMAT_EML, messages, issues, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len + issues->len, ==, 1);
  n_messages = messages->len;
  n_issues = issues->len;

  /* As an mbox: every "From " line starts a message or an issue, and text
   * before the first one is an issue of its own. */
  g_assert_true (kz_email_read_bytes (bytes, SOURCE, KZ_MAIL_FORMAT_MBOX, messages, issues, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len + issues->len, >, n_messages + n_issues);

  /* A buffer is never a Maildir. */
  g_assert_false (kz_email_read_bytes (bytes, SOURCE, KZ_MAIL_FORMAT_MAILDIR, messages, issues, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  check_issues (issues, 0, size);
  for (guint i = 0; i < messages->len; i++)
    {
      const KzEmailMessage *m = g_ptr_array_index (messages, i);

      check_message (m);
      g_assert_cmpint (m->position, <=, (gint64) size);
    }
  check_threads (messages);
  return 0;
}
