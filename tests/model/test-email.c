/* test-email.c — email import: real-world messages, threads, hostile mail
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

#include "kz-email.h"
#include "kz-error.h"
#include "kz-pg-store-private.h"
#include "kz-test-db.h"

#define PY_MAIL "/usr/lib/python3.11/test/test_email/data"

typedef struct {
  char    *dir;
  gboolean pg;
  char    *location;
  KzStore *store;
  gint64   agent_id;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzPerson) agent = kz_person_new ("Ana Silva", KZ_ROLE_AGENT | KZ_ROLE_STAFF);

  f->dir = kz_test_tmpdir_new ();
  f->pg = g_strcmp0 (data, "pg") == 0;
  f->location = f->pg ? kz_test_pg_create_db () : g_build_filename (f->dir, "kaizen.db", NULL);
  f->store = f->pg ? kz_pg_store_open (f->location, NULL, TRUE, KZ_PG_SCHEMA_VERSION, &error)
                   : kz_store_open (f->location, &error);
  g_assert_no_error (error);

  g_strfreev (agent->emails);
  agent->emails = g_strsplit ("ana.silva@support.example.com", ",", -1);
  f->agent_id = kz_store_add_person (f->store, agent, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  if (f->pg)
    kz_test_pg_drop_db (f->location);
  g_free (f->location);
  kz_test_tmpdir_free (f->dir);
}

static char *
write_file (Fixture *f, const char *name, const char *contents, gssize len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
  return path;
}

static void
import (Fixture *f, const char *path, KzMailFormat format, gboolean strict, KzEmailImportReport *report,
        GError **error)
{
  const char *paths[] = { path, NULL };

  kz_email_import (f->store, paths, format, strict, report, NULL, error);
}

/* Debian's libpython3.11-testsuite mail corpus: 47 messages nobody here
 * wrote, with odd encodings, nesting and broken headers.  Every one is
 * either stored (or a duplicate Message-ID) or reported with a reason, and
 * a second import adds nothing. */
static void
test_python_corpus (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = g_dir_open (PY_MAIL, 0, &error);
  KzEmailImportReport first = { 0 }, second = { 0 };
  const char *name;
  gint64 interactions;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "msg_") && g_str_has_suffix (name, ".txt"))
      g_ptr_array_add (paths, g_build_filename (PY_MAIL, name, NULL));
  g_ptr_array_add (paths, NULL);
  g_assert_cmpuint (paths->len - 1, ==, 47);

  g_assert_true (kz_email_import (f->store, (const char * const *) paths->pdata, KZ_MAIL_FORMAT_AUTO, FALSE,
                                  &first, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (first.n_read + first.issues->len, ==, 47);
  g_assert_cmpuint (first.n_stored + first.n_already, ==, first.n_read);
  g_assert_cmpuint (first.n_stored, >=, 30);
  for (guint i = 0; i < first.issues->len; i++)
    {
      KzImportIssue *issue = g_ptr_array_index (first.issues, i);
      g_assert_true (g_str_has_prefix (issue->source, PY_MAIL "/msg_"));
      g_assert_cmpuint (strlen (issue->reason), >, 5);
    }
  interactions = kz_store_count (f->store, KZ_RECORD_INTERACTIONS, NULL);
  g_assert_cmpint (interactions, ==, first.n_new_threads);

  g_assert_true (kz_email_import (f->store, (const char * const *) paths->pdata, KZ_MAIL_FORMAT_AUTO, FALSE,
                                  &second, NULL, &error));
  g_assert_cmpuint (second.n_stored, ==, 0);
  g_assert_cmpuint (second.n_already, ==, first.n_read);
  g_assert_cmpint (kz_store_count (f->store, KZ_RECORD_INTERACTIONS, NULL), ==, interactions);

  kz_email_import_report_clear (&first);
  kz_email_import_report_clear (&second);
}

/* A conversation in an mbox, out of order, with a reply that lost its
 * headers (joined by subject), an HTML-only message and an attachment. */
static const char conversation[] =
  "From customer@example.org Mon Mar  2 10:00:00 2026\n"
  "From: Maria Lopes <maria.lopes@example.org>\n"
  "To: Support <help@support.example.com>\n"
  "Subject: Re: Bill higher than expected\n"
  "Date: Mon, 02 Mar 2026 12:00:00 +0000\n"
  "Message-ID: <m3@example.org>\n"
  "In-Reply-To: <a2@support.example.com>\n"
  "References: <m1@example.org> <a2@support.example.com>\n"
  "\n"
  "Thanks, that explains it.\n"
  "\n"
  "From agent Mon Mar  2 11:00:00 2026\n"
  "From: Ana Silva <Ana.Silva@support.example.com>\n"
  "To: maria.lopes@example.org\n"
  "Subject: Re: Bill higher than expected\n"
  "Date: Mon, 02 Mar 2026 11:00:00 +0000\n"
  "Message-ID: <a2@support.example.com>\n"
  "In-Reply-To: <m1@example.org>\n"
  "MIME-Version: 1.0\n"
  "Content-Type: multipart/mixed; boundary=\"b1\"\n"
  "\n"
  "--b1\n"
  "Content-Type: text/plain; charset=iso-8859-1\n"
  "Content-Transfer-Encoding: quoted-printable\n"
  "\n"
  "Ol=E1 Maria, the estimate used last year's reading.\n"
  "--b1\n"
  "Content-Type: application/pdf\n"
  "Content-Disposition: attachment; filename=\"bill.pdf\"\n"
  "Content-Transfer-Encoding: base64\n"
  "\n"
  "JVBERi0xLjQKJcfsj6IKJUVPRgo=\n"
  "--b1--\n"
  "\n"
  "From customer@example.org Mon Mar  2 09:00:00 2026\n"
  "From: Maria Lopes <maria.lopes@example.org>\n"
  "To: help@support.example.com\n"
  "Subject: Bill higher than expected\n"
  "Date: Mon, 02 Mar 2026 09:00:00 +0000\n"
  "Message-ID: <m1@example.org>\n"
  "\n"
  "My bill doubled this month.\n"
  "\n"
  "From customer@example.org Mon Mar  2 13:00:00 2026\n"
  "From: Maria Lopes <maria.lopes@example.org>\n"
  "To: help@support.example.com\n"
  "Subject: RE: Bill higher than expected\n"
  "Date: Mon, 02 Mar 2026 13:00:00 +0000\n"
  "Message-ID: <m4@example.org>\n"
  "\n"
  "Sent from my phone: one more question.\n"
  "\n"
  "From newsletter Mon Mar  2 14:00:00 2026\n"
  "From: Offers <offers@shop.example.net>\n"
  "To: help@support.example.com\n"
  "Subject: Spring offers\n"
  "Date: Mon, 02 Mar 2026 14:00:00 +0000\n"
  "Message-ID: <n1@shop.example.net>\n"
  "MIME-Version: 1.0\n"
  "Content-Type: text/html; charset=utf-8\n"
  "\n"
  "<html><head><style>p{color:red}</style><script>steal()</script></head>"
  "<body><p>Spring <b>offers</b></p><img src=\"http://127.0.0.1:PORT/track.gif\"><p>Second line</p></body></html>\n";

static int
listen_loopback (int *port)
{
  struct sockaddr_in addr = { 0 };
  socklen_t len = sizeof addr;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);

  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (listen (fd, 4), ==, 0);
  getsockname (fd, (struct sockaddr *) &addr, &len);
  *port = ntohs (addr.sin_port);
  return fd;
}

static void
test_threads (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) interactions = NULL;
  g_autofree char *port_text = NULL;
  g_autofree char *path = NULL;
  g_auto(GStrv) parts = NULL;
  g_autofree char *text = NULL;
  KzEmailImportReport report = { 0 };
  KzInteraction *thread = NULL, *newsletter = NULL;
  int port, fd = listen_loopback (&port);

  port_text = g_strdup_printf ("%d", port);
  parts = g_strsplit (conversation, "PORT", -1);
  text = g_strjoinv (port_text, parts);
  path = write_file (f, "conversation.mbox", text, -1);

  import (f, path, KZ_MAIL_FORMAT_AUTO, FALSE, &report, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report.n_read, ==, 5);
  g_assert_cmpuint (report.n_stored, ==, 5);
  g_assert_cmpuint (report.issues->len, ==, 0);
  /* m1, a2, m3 by their headers and m4 by its "RE:" subject: one thread;
   * the newsletter its own. */
  g_assert_cmpuint (report.n_new_threads, ==, 2);
  g_assert_cmpuint (report.n_no_agent, ==, 1);

  interactions = kz_store_list_interactions (f->store, &error);
  g_assert_cmpuint (interactions->len, ==, 2);
  for (guint i = 0; i < interactions->len; i++)
    {
      KzInteraction *it = g_ptr_array_index (interactions, i);
      if (g_strcmp0 (it->external_ref, "m1@example.org") == 0)
        thread = it;
      else if (g_strcmp0 (it->external_ref, "n1@shop.example.net") == 0)
        newsletter = it;
    }
  g_assert_nonnull (thread);
  g_assert_nonnull (newsletter);
  g_assert_cmpint (thread->channel, ==, KZ_CHANNEL_EMAIL);
  g_assert_cmpint (thread->agent_id, ==, f->agent_id);          /* found by the agent's address, any case */
  g_assert_cmpstr (thread->subject, ==, "Bill higher than expected");
  g_assert_cmpint (g_date_time_get_hour (thread->started_at), ==, 9);   /* the earliest message */
  g_assert_cmpint (newsletter->agent_id, ==, 0);

  {
    g_autoptr(GPtrArray) messages = kz_store_list_messages (f->store, thread->id, &error);
    KzEmailMessage *reply;
    KzAttachment *pdf;

    g_assert_no_error (error);
    g_assert_cmpuint (messages->len, ==, 4);
    g_assert_cmpstr (((KzEmailMessage *) messages->pdata[0])->message_id, ==, "m1@example.org");
    g_assert_cmpstr (((KzEmailMessage *) messages->pdata[3])->message_id, ==, "m4@example.org");
    reply = g_ptr_array_index (messages, 1);
    g_assert_cmpstr (reply->message_id, ==, "a2@support.example.com");
    /* ISO-8859-1 quoted-printable decoded to UTF-8. */
    g_assert_nonnull (strstr (reply->body, "Olá Maria"));
    g_assert_cmpuint (reply->attachments->len, ==, 1);
    pdf = g_ptr_array_index (reply->attachments, 0);
    g_assert_cmpstr (pdf->filename, ==, "bill.pdf");
    g_assert_cmpstr (pdf->mime_type, ==, "application/pdf");
    /* base64 "JVBERi0xLjQKJcfsj6IKJUVPRgo=" is 20 bytes: 28 chars × 3/4 − 1 pad. */
    g_assert_cmpint (pdf->size, ==, 20);
  }
  {
    g_autoptr(GPtrArray) messages = kz_store_list_messages (f->store, newsletter->id, &error);
    KzEmailMessage *n = g_ptr_array_index (messages, 0);
    struct sockaddr_in peer;
    socklen_t len = sizeof peer;

    /* HTML as safe text: words kept, script and style gone, nothing fetched. */
    g_assert_nonnull (strstr (n->body, "Spring offers"));
    g_assert_nonnull (strstr (n->body, "Second line"));
    g_assert_null (strstr (n->body, "steal"));
    g_assert_null (strstr (n->body, "color"));
    g_assert_cmpint (accept (fd, (struct sockaddr *) &peer, &len), ==, -1);
  }
  close (fd);
  kz_email_import_report_clear (&report);

  /* A later reply to a stored thread joins it. */
  {
    static const char late[] =
      "From: Maria Lopes <maria.lopes@example.org>\n"
      "Subject: Re: Bill higher than expected\n"
      "Date: Tue, 03 Mar 2026 09:00:00 +0000\n"
      "Message-ID: <m5@example.org>\n"
      "In-Reply-To: <a2@support.example.com>\n"
      "\n"
      "All paid now.\n";
    g_autofree char *late_path = write_file (f, "late.eml", late, -1);
    g_autoptr(GPtrArray) messages = NULL;

    import (f, late_path, KZ_MAIL_FORMAT_EML, FALSE, &report, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (report.n_stored, ==, 1);
    g_assert_cmpuint (report.n_new_threads, ==, 0);
    messages = kz_store_list_messages (f->store, thread->id, &error);
    g_assert_cmpuint (messages->len, ==, 5);
    kz_email_import_report_clear (&report);
  }
}

/* Hostile mail: each gets a clear reason, none is stored, nothing crashes;
 * the good message beside them is stored. */
static void
test_hostile (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) huge = g_string_new ("From: a@example.org\nSubject: big\nX-Long: ");
  g_autoptr(GString) nested = g_string_new ("From: a@example.org\nSubject: nested\nMessage-ID: <deep@x>\n"
                                            "MIME-Version: 1.0\n");
  static const char bogus[] =
    "From: a@example.org\nSubject: charset\nMessage-ID: <cs@x>\nMIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=x-klingon-7\n\nqapla'\n";
  static const char nul[] =
    "From: a@example.org\nSubject: nul\0 here\nMessage-ID: <nul@x>\n\nbody\n";
  static const char good[] =
    "From: a@example.org\nSubject: fine\nMessage-ID: <fine@x>\n\nA normal message.\n";
  g_autofree char *p_huge = NULL, *p_nested = NULL, *p_bogus = NULL, *p_nul = NULL, *p_good = NULL;
  const char *paths[6];
  KzEmailImportReport report = { 0 };
  gint64 before;

  /* A 50 MB header line. */
  {
    char chunk[1024];

    for (guint i = 0; i < sizeof chunk; i++)
      chunk[i] = 'a' + i % 26;
    for (int i = 0; i < 50 * 1024; i++)
      g_string_append_len (huge, chunk, sizeof chunk);
  }
  g_string_append (huge, "\nMessage-ID: <huge@x>\n\nbody\n");
  g_assert_cmpuint (huge->len, >, 50 * 1024 * 1024);

  /* 10,000 nested multiparts. */
  for (int i = 0; i < 10000; i++)
    g_string_append_printf (nested, "Content-Type: multipart/mixed; boundary=\"b%d\"\n\n--b%d\n", i, i);
  g_string_append (nested, "Content-Type: text/plain\n\ninnermost\n");
  for (int i = 9999; i >= 0; i--)
    g_string_append_printf (nested, "--b%d--\n", i);

  p_huge = write_file (f, "huge.eml", huge->str, huge->len);
  p_nested = write_file (f, "nested.eml", nested->str, nested->len);
  p_bogus = write_file (f, "bogus.eml", bogus, -1);
  p_nul = write_file (f, "nul.eml", nul, sizeof nul - 1);
  p_good = write_file (f, "good.eml", good, -1);
  paths[0] = p_huge, paths[1] = p_nested, paths[2] = p_bogus, paths[3] = p_nul, paths[4] = p_good, paths[5] = NULL;

  /* --strict first: refused, nothing written. */
  before = kz_store_count (f->store, KZ_RECORD_INTERACTIONS, NULL);
  g_assert_false (kz_email_import (f->store, paths, KZ_MAIL_FORMAT_EML, TRUE, &report, NULL, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE);
  g_assert_nonnull (strstr (error->message, "nothing was imported"));
  g_assert_cmpint (kz_store_count (f->store, KZ_RECORD_INTERACTIONS, NULL), ==, before);
  g_clear_error (&error);
  kz_email_import_report_clear (&report);

  g_assert_true (kz_email_import (f->store, paths, KZ_MAIL_FORMAT_EML, FALSE, &report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.n_stored, ==, 1);
  g_assert_cmpuint (report.issues->len, ==, 4);
  for (guint i = 0; i < report.issues->len; i++)
    {
      KzImportIssue *issue = g_ptr_array_index (report.issues, i);

      g_test_message ("%s: %s", issue->source, issue->reason);
      if (g_str_equal (issue->source, p_huge))
        g_assert_nonnull (strstr (issue->reason, "X-Long header is longer"));
      else if (g_str_equal (issue->source, p_nested))
        g_assert_nonnull (strstr (issue->reason, "nested more than"));
      else if (g_str_equal (issue->source, p_bogus))
        g_assert_nonnull (strstr (issue->reason, "x-klingon-7"));
      else if (g_str_equal (issue->source, p_nul))
        g_assert_nonnull (strstr (issue->reason, "NUL"));
      else
        g_assert_not_reached ();
    }
  g_assert_cmpint (kz_store_count (f->store, KZ_RECORD_INTERACTIONS, NULL), ==, before + 1);
  g_assert_cmpint (kz_store_find_message_interaction (f->store, "deep@x", NULL), ==, 0);
  kz_email_import_report_clear (&report);
}

/* Found writing the fuzz corpus (tests/fuzz): a NUL byte after the
 * headers.  A CRLF message's header block was taken to run to the NUL, so
 * it was refused for "a NUL byte in the headers"; an LF message was stored
 * with its body cut at the NUL.  Now both are refused for the body. */
static void
test_nul_in_body (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  static const char lf[] = "From: a@example.org\nSubject: lf\nMessage-ID: <lf@x>\n\nbefore\0after\n";
  static const char crlf[] = "From: a@example.org\r\nSubject: crlf\r\nMessage-ID: <crlf@x>\r\n\r\nbefore\0after\r\n";
  static const char good[] = "From: a@example.org\r\nSubject: fine\r\nMessage-ID: <good@x>\r\n\r\nno NUL\r\n";
  g_autofree char *p_lf = write_file (f, "lf.eml", lf, sizeof lf - 1);
  g_autofree char *p_crlf = write_file (f, "crlf.eml", crlf, sizeof crlf - 1);
  g_autofree char *p_good = write_file (f, "good.eml", good, sizeof good - 1);
  const char *paths[] = { p_lf, p_crlf, p_good, NULL };
  KzEmailImportReport report = { 0 };

  g_assert_true (kz_email_import (f->store, paths, KZ_MAIL_FORMAT_EML, FALSE, &report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.n_stored, ==, 1);
  g_assert_cmpuint (report.issues->len, ==, 2);
  for (guint i = 0; i < report.issues->len; i++)
    {
      KzImportIssue *issue = g_ptr_array_index (report.issues, i);

      g_assert_cmpstr (issue->reason, ==, "a NUL byte in the body");
    }
  g_assert_cmpint (kz_store_find_message_interaction (f->store, "lf@x", NULL), ==, 0);
  g_assert_cmpint (kz_store_find_message_interaction (f->store, "crlf@x", NULL), ==, 0);
  g_assert_cmpint (kz_store_find_message_interaction (f->store, "good@x", NULL), >, 0);
  kz_email_import_report_clear (&report);
}

/* Found by fuzzing: an attachment named in an unknown RFC 2231 charset came
 * back from GMime as raw bytes, stored as such in SQLite and refused by
 * PostgreSQL.  An attachment is only listed, so it is listed with U+FFFD. */
static void
test_attachment_name_charset (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  static const char text[] =
    "From: a@example.org\nSubject: attachment\nMessage-ID: <att@x>\nMIME-Version: 1.0\n"
    "Content-Type: multipart/mixed; boundary=b\n\n"
    "--b\nContent-Type: text/plain\n\nsee attached\n"
    "--b\nContent-Type: application/pdf; name*=x-klingon''%FF%FEbill.pdf\n"
    "Content-Transfer-Encoding: base64\n\nJVBERi0xLjQKJcfsj6IKJUVPRgo=\n--b--\n";
  g_autofree char *path = write_file (f, "att.eml", text, -1);
  g_autoptr(GPtrArray) messages = NULL;
  KzEmailImportReport report = { 0 };
  KzEmailMessage *m;
  KzAttachment *a;
  gint64 id;

  import (f, path, KZ_MAIL_FORMAT_EML, FALSE, &report, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report.issues->len, ==, 0);
  g_assert_cmpuint (report.n_stored, ==, 1);
  kz_email_import_report_clear (&report);

  id = kz_store_find_message_interaction (f->store, "att@x", &error);
  g_assert_cmpint (id, >, 0);
  messages = kz_store_list_messages (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 1);
  m = g_ptr_array_index (messages, 0);
  g_assert_cmpuint (m->attachments->len, ==, 1);
  a = g_ptr_array_index (m->attachments, 0);
  g_assert_true (g_utf8_validate (a->filename, -1, NULL));
  g_assert_true (g_str_has_suffix (a->filename, "bill.pdf"));
  g_assert_cmpint (a->size, ==, 20);
}

/* Found by fuzzing: a reason quoted the message's charset name as it was,
 * so an issue could hold invalid UTF-8 (and any length) for the CLI and
 * the GUI to print.  Quoted now as valid text, cut at 40 characters. */
static void
test_reason_quoting (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new ("From: a@example.org\nSubject: charset\nMessage-ID: <q@x>\n"
                                          "MIME-Version: 1.0\nContent-Type: text/plain; charset=\"a\xf6\xb9\x8d\x96");
  g_autofree char *path = NULL;
  KzEmailImportReport report = { 0 };
  KzImportIssue *issue;

  for (guint i = 0; i < 1000; i++)
    g_string_append_c (text, 'x');
  g_string_append (text, "\"\n\nbody\n");
  path = write_file (f, "charset.eml", text->str, text->len);

  import (f, path, KZ_MAIL_FORMAT_EML, FALSE, &report, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report.issues->len, ==, 1);
  issue = g_ptr_array_index (report.issues, 0);
  g_assert_true (g_utf8_validate (issue->reason, -1, NULL));
  /* GMime passes on the bytes F6 B9 8D 96 (UTF-8 has no lead byte F6);
   * each becomes U+FFFD, and 40 characters are "a", 4 × U+FFFD, 35 × "x". */
  g_assert_true (g_str_has_prefix (issue->reason, "unknown character set “a\xef\xbf\xbd\xef\xbf\xbd"
                                                  "\xef\xbf\xbd\xef\xbf\xbdxxx"));
  g_assert_true (g_str_has_suffix (issue->reason, "xxx…”"));
  g_assert_cmpuint (g_utf8_strlen (issue->reason, -1), ==, g_utf8_strlen ("unknown character set “", -1) + 40 + 2);
  kz_email_import_report_clear (&report);
}

/* Found writing the fuzz corpus: libxml2 stops at 256 nested elements, and
 * an HTML-only message nested deeper was stored with its text cut off (here
 * an empty body).  Refused with a reason now; 200 deep still reads. */
static void
test_html_too_deep (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) deep = g_string_new ("From: a@example.org\nSubject: deep\nMessage-ID: <deep-html@x>\n"
                                          "Content-Type: text/html; charset=utf-8\n\n<html><body>");
  g_autoptr(GString) fine = g_string_new ("From: a@example.org\nSubject: fine\nMessage-ID: <fine-html@x>\n"
                                          "Content-Type: text/html; charset=utf-8\n\n<html><body>");
  g_autofree char *p_deep = NULL, *p_fine = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  const char *paths[3];
  KzEmailImportReport report = { 0 };
  KzImportIssue *issue;
  gint64 id;

  for (guint i = 0; i < 300; i++)
    g_string_append (deep, "<div>");
  g_string_append (deep, "innermost words\n");
  for (guint i = 0; i < 200; i++)
    g_string_append (fine, "<div>");
  g_string_append (fine, "innermost words\n");
  p_deep = write_file (f, "deep.eml", deep->str, deep->len);
  p_fine = write_file (f, "fine.eml", fine->str, fine->len);
  paths[0] = p_deep, paths[1] = p_fine, paths[2] = NULL;

  g_assert_true (kz_email_import (f->store, paths, KZ_MAIL_FORMAT_EML, FALSE, &report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.n_stored, ==, 1);
  g_assert_cmpuint (report.issues->len, ==, 1);
  issue = g_ptr_array_index (report.issues, 0);
  g_assert_cmpstr (issue->source, ==, p_deep);
  g_assert_nonnull (strstr (issue->reason, "nested too deep"));
  kz_email_import_report_clear (&report);

  g_assert_cmpint (kz_store_find_message_interaction (f->store, "deep-html@x", NULL), ==, 0);
  id = kz_store_find_message_interaction (f->store, "fine-html@x", &error);
  g_assert_cmpint (id, >, 0);
  messages = kz_store_list_messages (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (((KzEmailMessage *) messages->pdata[0])->body, "innermost words"));
}

/* Found writing the fuzz target's checks: with --format mbox, a file not
 * starting with a "From " line lost its first line and the rest was stored
 * as a message; a "From " line with nothing after it vanished without a
 * word.  Both are reported now, and the messages between them are read. */
static void
test_mbox_edges (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  static const char text[] =
    "From: a@example.org\nSubject: an eml, not an mbox\nMessage-ID: <eml@x>\n\nbody\n"
    "From b Mon Mar  2 10:00:00 2026\nFrom: b@example.org\nSubject: real\nMessage-ID: <real@x>\n\nhi\n"
    "From c Mon Mar  2 11:00:00 2026\n";
  g_autofree char *path = write_file (f, "edges.mbox", text, -1);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_email_message_free);
  g_autoptr(GPtrArray) issues = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_import_issue_free);
  KzImportIssue *issue;

  g_assert_true (kz_email_read (path, KZ_MAIL_FORMAT_MBOX, messages, issues, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 1);
  g_assert_cmpstr (((KzEmailMessage *) messages->pdata[0])->message_id, ==, "real@x");
  g_assert_cmpuint (issues->len, ==, 2);
  issue = g_ptr_array_index (issues, 0);
  g_assert_cmpint (issue->position, ==, 0);
  g_assert_nonnull (strstr (issue->reason, "before the first"));
  issue = g_ptr_array_index (issues, 1);
  g_assert_cmpint (issue->position, ==, (gint64) (strstr (text, "From c") - text));
  g_assert_nonnull (strstr (issue->reason, "nothing follows"));

  /* The same bytes from memory go the same way. */
  {
    g_autoptr(GBytes) bytes = g_bytes_new_static (text, sizeof text - 1);
    g_autoptr(GPtrArray) again = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_email_message_free);
    g_autoptr(GPtrArray) again_issues = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_import_issue_free);

    g_assert_true (kz_email_read_bytes (bytes, "memory", KZ_MAIL_FORMAT_AUTO, again, again_issues, &error));
    g_assert_no_error (error);
    /* AUTO: no "From " line first, so one message (an .eml). */
    g_assert_cmpuint (again->len + again_issues->len, ==, 1);
    g_assert_false (kz_email_read_bytes (bytes, "memory", KZ_MAIL_FORMAT_MAILDIR, again, again_issues, &error));
    g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE);
  }
}

/* A large mbox is parsed on several threads at once: the messages, the
 * issues and their order must be exactly what parsing each message on its
 * own gives. */
static void
test_parallel_read (void)
{
  g_autoptr(GString) mbox = g_string_new (NULL);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_email_message_free);
  g_autoptr(GPtrArray) issues = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_import_issue_free);
  g_autoptr(GPtrArray) one_m = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_email_message_free);
  g_autoptr(GPtrArray) one_i = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_import_issue_free);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  const guint n = 1200;   /* well past the threshold for threads */
  guint n_bad = 0;

  for (guint i = 0; i < n; i++)
    {
      gsize start = mbox->len;

      g_array_append_val (starts, start);
      g_string_append_printf (mbox, "From x@example.org Mon Mar  2 10:00:00 2026\n");
      if (i % 97 == 5)
        {
          /* Broken: a NUL in the headers. */
          g_string_append (mbox, "From: broken@example.org\nSubject: bad");
          g_string_append_c (mbox, '\0');
          g_string_append (mbox, "\n\nbody\n");
          n_bad++;
          continue;
        }
      g_string_append_printf (mbox, "From: Customer %u <c%u@example.org>\nSubject: Case %u\n"
                                    "Message-ID: <p%u@example.org>\nDate: Mon, 2 Mar 2026 10:%02u:00 +0000\n",
                              i, i, i, i, i % 60);
      if (i % 11 == 0)
        g_string_append_printf (mbox, "Content-Type: text/html; charset=iso-8859-1\n\n"
                                      "<html><body><p>Caf\xe9 %u</p><script>x()</script></body></html>\n", i);
      else
        g_string_append_printf (mbox, "Content-Type: text/plain; charset=utf-8\n\nHello %u\n", i);
    }
  bytes = g_bytes_new (mbox->str, mbox->len);
  g_assert_true (kz_email_read_bytes (bytes, "big.mbox", KZ_MAIL_FORMAT_MBOX, messages, issues, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len + issues->len, ==, n);
  g_assert_cmpuint (issues->len, ==, n_bad);

  /* The same, one message at a time through the .eml path. */
  for (guint i = 0; i < n; i++)
    {
      gsize start = g_array_index (starts, gsize, i);
      gsize end = i + 1 < n ? g_array_index (starts, gsize, i + 1) : mbox->len;
      const char *body = (const char *) memchr (mbox->str + start, '\n', end - start) + 1;
      g_autoptr(GBytes) one = g_bytes_new (body, mbox->str + end - body);

      g_assert_true (kz_email_read_bytes (one, "big.mbox", KZ_MAIL_FORMAT_EML, one_m, one_i, &error));
    }
  g_assert_cmpuint (one_m->len, ==, messages->len);
  for (guint i = 0; i < messages->len; i++)
    {
      KzEmailMessage *a = g_ptr_array_index (messages, i), *b = g_ptr_array_index (one_m, i);

      g_assert_cmpstr (a->message_id, ==, b->message_id);
      g_assert_cmpstr (a->subject, ==, b->subject);
      g_assert_cmpstr (a->body, ==, b->body);
    }
  /* In file order, each issue at its own "From " line. */
  for (guint i = 0; i < issues->len; i++)
    {
      KzImportIssue *issue = g_ptr_array_index (issues, i);
      KzImportIssue *alone = g_ptr_array_index (one_i, i);

      g_assert_cmpint (issue->position, ==, (gint64) g_array_index (starts, gsize, 5 + 97 * i));
      g_assert_cmpstr (issue->reason, ==, alone->reason);
    }
  /* The HTML one: text, script gone, Latin-1 decoded. */
  g_assert_true (g_str_has_prefix (((KzEmailMessage *) g_ptr_array_index (messages, 0))->body, "Café 0"));
  g_assert_null (strstr (((KzEmailMessage *) g_ptr_array_index (messages, 0))->body, "x()"));
}

/* ---- Half of a large mbox in kaizen-mail-parser --------------------------- */

/* An mbox with a bit of everything, broken messages spread over both halves. */
static GString *
varied_mbox (guint n)
{
  /* Text before the first "From " line: every position is past it. */
  GString *mbox = g_string_new ("This text is not a message.\n");

  for (guint i = 0; i < n; i++)
    {
      g_string_append (mbox, "From x@example.org Mon Mar  2 10:00:00 2026\n");
      switch (i % 13)
        {
        case 3:   /* broken: a NUL in the headers */
          g_string_append (mbox, "From: broken@example.org\nSubject: bad");
          g_string_append_c (mbox, '\0');
          g_string_append (mbox, "\n\nbody\n");
          continue;
        case 7:   /* broken: no From, Subject or Message-ID */
          g_string_append (mbox, "X-Nothing: here\n\njust text\n");
          continue;
        case 9:   /* no Message-ID, no Date: the id is made from the content */
          g_string_append_printf (mbox, "From: Anon <anon%u@example.org>\nSubject: No id %u\n\nPlain %u\n", i, i, i);
          continue;
        default:
          break;
        }
      g_string_append_printf (mbox, "From: =?utf-8?q?Jos=C3=A9_Customer?= %u <c%u@Example.org>\n"
                                    "To: help@support.example.com\nCc: boss%u@example.org\n"
                                    "Subject: =?utf-8?q?R=C3=A9sum=C3=A9?= case %u\n"
                                    "Message-ID: <v%u@example.org>\nDate: Mon, 2 Mar 2026 10:%02u:%02u +0130\n",
                              i, i, i, i, i, i % 60, i % 59);
      if (i % 5 == 1 && i > 1)
        g_string_append_printf (mbox, "In-Reply-To: <v%u@example.org>\nReferences: <v%u@example.org> <v%u@example.org>\n",
                                i - 1, i - 1, i > 2 ? i - 2 : 0);
      if (i % 11 == 0)
        g_string_append_printf (mbox, "Content-Type: text/html; charset=iso-8859-1\n\n"
                                      "<html><body><p>Caf\xe9 %u</p><script>x()</script></body></html>\n", i);
      else if (i % 4 == 2)
        g_string_append_printf (mbox, "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b%u\"\n\n"
                                      "--b%u\nContent-Type: text/plain; charset=utf-8\n\nSee the photo %u\n"
                                      "--b%u\nContent-Type: image/jpeg; name=\"meter %u.jpg\"\n"
                                      "Content-Disposition: attachment; filename=\"meter %u.jpg\"\n"
                                      "Content-Transfer-Encoding: base64\n\nAAECAwQFBgc=\n--b%u--\n",
                                i, i, i, i, i, i, i);
      else
        g_string_append_printf (mbox, "Content-Type: text/plain; charset=utf-8\n\nHello %u\n> quoted\n", i);
    }
  return mbox;
}

static void
read_with_parser (const char *path,
                  const char *parser,
                  GPtrArray **messages,
                  GPtrArray **issues)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = g_strdup (g_getenv ("KAIZEN_MAIL_PARSER"));

  g_setenv ("KAIZEN_MAIL_PARSER", parser, TRUE);
  *messages = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_email_message_free);
  *issues = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_import_issue_free);
  g_assert_true (kz_email_read (path, KZ_MAIL_FORMAT_MBOX, *messages, *issues, &error));
  g_assert_no_error (error);
  if (before != NULL)
    g_setenv ("KAIZEN_MAIL_PARSER", before, TRUE);
  else
    g_unsetenv ("KAIZEN_MAIL_PARSER");
}

/* Everything a message holds, field by field. */
static void
assert_same_messages (GPtrArray *expected,
                      GPtrArray *got)
{
  g_assert_cmpuint (got->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      KzEmailMessage *a = g_ptr_array_index (expected, i), *b = g_ptr_array_index (got, i);

      g_assert_cmpstr (b->message_id, ==, a->message_id);
      g_assert_cmpstr (b->in_reply_to, ==, a->in_reply_to);
      g_assert_cmpstrv (b->references, a->references);
      g_assert_cmpstr (b->from, ==, a->from);
      g_assert_cmpstrv (b->addresses, a->addresses);
      g_assert_cmpstr (b->from_address, ==, a->from_address);
      g_assert_cmpstr (b->to, ==, a->to);
      g_assert_cmpstr (b->cc, ==, a->cc);
      g_assert_true ((a->date == NULL) == (b->date == NULL));
      if (a->date != NULL)
        g_assert_true (g_date_time_equal (a->date, b->date));
      g_assert_cmpstr (b->subject, ==, a->subject);
      g_assert_cmpstr (b->body, ==, a->body);
      g_assert_cmpstr (b->source, ==, a->source);
      g_assert_cmpint (b->position, ==, a->position);
      g_assert_cmpuint (b->attachments->len, ==, a->attachments->len);
      for (guint k = 0; k < a->attachments->len; k++)
        {
          KzAttachment *x = g_ptr_array_index (a->attachments, k), *y = g_ptr_array_index (b->attachments, k);

          g_assert_cmpstr (y->filename, ==, x->filename);
          g_assert_cmpstr (y->mime_type, ==, x->mime_type);
          g_assert_cmpint (y->size, ==, x->size);
        }
    }
}

static void
assert_same_issues (GPtrArray *expected,
                    GPtrArray *got)
{
  g_assert_cmpuint (got->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      KzImportIssue *a = g_ptr_array_index (expected, i), *b = g_ptr_array_index (got, i);

      g_assert_cmpstr (b->source, ==, a->source);
      g_assert_cmpint (b->position, ==, a->position);
      g_assert_cmpstr (b->reason, ==, a->reason);
    }
}

/* A shell script standing in for the helper. */
static char *
write_script (const char *dir,
              const char *name,
              const char *body)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *text = g_strconcat ("#!/bin/sh\n", body, "\n", NULL);

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, 0755), ==, 0);
  return path;
}

/* The second half parsed by kaizen-mail-parser gives exactly what parsing
 * it all here gives; and when the helper is missing, fails, or writes
 * something cut short or not its own, its half is parsed here instead,
 * with the same result. */
static void
test_helper_read (void)
{
  const char *real = g_getenv ("KAIZEN_TEST_MAIL_PARSER");
  g_autofree char *dir = kz_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "varied.mbox", NULL);
  g_autofree char *ran = g_build_filename (dir, "helper-ran", NULL);
  g_autoptr(GString) mbox = varied_mbox (2600);   /* past HELPER_MIN_MESSAGES */
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) here_m = NULL, here_i = NULL;
  g_autoptr(GPtrArray) bytes_m = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_email_message_free);
  g_autoptr(GPtrArray) bytes_i = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_import_issue_free);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *wrapper = NULL, *truncating = NULL, *foreign = NULL, *usage = NULL;
  const char *parsers[4];
  guint n_attachments = 0, n_no_date = 0;

  g_assert_nonnull (real);
  g_assert_true (g_file_set_contents (path, mbox->str, (gssize) mbox->len, &error));
  g_assert_no_error (error);

  /* All of it in this process, from memory (no file: never the helper):
   * what the others must equal.  2600 messages, every 13th from 3 and from
   * 7 refused, and the text before the first "From " line reported. */
  bytes = g_bytes_new (mbox->str, mbox->len);
  g_assert_true (kz_email_read_bytes (bytes, path, KZ_MAIL_FORMAT_MBOX, bytes_m, bytes_i, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bytes_i->len, ==, 1 + 2 * 200);
  g_assert_cmpuint (bytes_m->len, ==, 2600 - 400);
  g_assert_cmpint (((KzImportIssue *) g_ptr_array_index (bytes_i, 0))->position, ==, 0);
  g_assert_cmpint (((KzEmailMessage *) g_ptr_array_index (bytes_m, 0))->position, ==, strlen ("This text is not a message.\n"));

  /* KAIZEN_MAIL_PARSER="" turns the helper off: the same, from the file. */
  read_with_parser (path, "", &here_m, &here_i);
  assert_same_messages (bytes_m, here_m);
  assert_same_issues (bytes_i, here_i);
  for (guint i = 0; i < here_m->len; i++)
    {
      KzEmailMessage *m = g_ptr_array_index (here_m, i);

      n_attachments += m->attachments->len;
      n_no_date += m->date == NULL;
    }
  g_assert_cmpuint (n_no_date, ==, 200);
  g_assert_cmpuint (n_attachments, >, 400);

  {
    g_autofree char *body = g_strdup_printf ("touch '%s'\nexec '%s' \"$@\"", ran, real);
    wrapper = write_script (dir, "wrapper", body);
  }
  {
    g_autofree char *body = g_strdup_printf ("touch '%s'\n'%s' \"$@\" | head -c 100000", ran, real);
    truncating = write_script (dir, "truncating", body);
  }
  foreign = write_script (dir, "foreign", "printf 'KZMP1\\nnot what it should be'");
  usage = write_script (dir, "usage", "exec /bin/false");

  parsers[0] = wrapper;
  parsers[1] = truncating;
  parsers[2] = foreign;
  parsers[3] = usage;
  for (guint p = 0; p < G_N_ELEMENTS (parsers); p++)
    {
      g_autoptr(GPtrArray) m = NULL, i = NULL;

      g_remove (ran);
      read_with_parser (path, parsers[p], &m, &i);
      assert_same_messages (here_m, m);
      assert_same_issues (here_i, i);
      /* The helper did run where it was a real one. */
      if (p < 2)
        g_assert_true (g_file_test (ran, G_FILE_TEST_EXISTS));
    }

  /* And its results are the ones used: handed a copy of the file with the
   * same layout but "Hello" made "Jello", the helper's part says "Jello",
   * this process's part "Hello". */
  {
    g_autofree char *altered = g_build_filename (dir, "altered.mbox", NULL);
    g_autofree char *body = NULL, *swapping = NULL;
    g_autoptr(GString) copy = g_string_new_len (mbox->str, (gssize) mbox->len);
    g_autoptr(GPtrArray) m = NULL, i = NULL;
    guint n_hello = 0, n_jello = 0;

    /* (The file holds NUL bytes: no strstr.) */
    for (gsize k = 0; k + 7 <= copy->len; k++)
      if (memcmp (copy->str + k, "\nHello ", 7) == 0)
        copy->str[k + 1] = 'J';
    g_assert_true (g_file_set_contents (altered, copy->str, (gssize) copy->len, &error));
    g_assert_no_error (error);
    body = g_strdup_printf ("exec '%s' 3 \"$2\" \"$3\" 3<'%s'", real, altered);
    swapping = write_script (dir, "swapping", body);
    read_with_parser (path, swapping, &m, &i);
    assert_same_issues (here_i, i);
    g_assert_cmpuint (m->len, ==, here_m->len);
    for (guint k = 0; k < m->len; k++)
      {
        const char *text = ((KzEmailMessage *) g_ptr_array_index (m, k))->body;

        if (g_str_has_prefix (text, "Jello "))
          n_jello++;
        else if (g_str_has_prefix (text, "Hello "))
          {
            g_assert_cmpuint (n_jello, ==, 0);   /* all of this process's come first */
            n_hello++;
          }
      }
    g_assert_cmpuint (n_hello, >, 0);
    g_assert_cmpuint (n_jello, >, 0);
    /* The helper takes the last 47% of the messages. */
    g_assert_cmpfloat_with_epsilon ((double) n_jello / (n_hello + n_jello), 0.47, 0.03);
  }

  /* The helper refuses what is not its call. */
  {
    const char *bad[][4] = {
      { real, NULL },
      { real, "3", "x", "1" },
      { real, "0", "99999999999", "1" },   /* stdin, not a file that long */
    };

    for (guint k = 0; k < G_N_ELEMENTS (bad); k++)
      {
        const char *argv[] = { bad[k][0], bad[k][1], bad[k][2], bad[k][3], NULL };
        int status = 0;

        g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                     NULL, NULL, NULL, NULL, &status, &error));
        g_assert_no_error (error);
        g_assert_false (g_spawn_check_wait_status (status, NULL));
      }
  }
  kz_test_tmpdir_free (g_steal_pointer (&dir));
}

/* UTF-8 and ASCII bodies are kept as they are when they are what they say;
 * one that is not (an invalid byte, an 8-bit byte in ASCII) still goes
 * through the conversion and comes out as valid text with the rest kept. */
static void
test_declared_charsets (void)
{
  static const struct {
    const char *charset, *body, *prefix, *contains;
  } cases[] = {
    { "UTF-8", "Caf\xc3\xa9 \xe2\x98\x95 ok\n", "Caf\xc3\xa9 \xe2\x98\x95 ok", NULL },
    { "utf-8", "plain words\n", "plain words", NULL },
    { "us-ascii", "plain words\n", "plain words", NULL },
    { "utf-8", "caf\xe9 au lait\n", "caf", "au lait" },
    { "us-ascii", "na\xefve text\n", "na", "ve text" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_email_message_free);
      g_autoptr(GPtrArray) issues = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_import_issue_free);
      g_autofree char *text = g_strdup_printf ("From: a@example.org\nSubject: charset %u\nMessage-ID: <cs%u@example.org>\n"
                                               "MIME-Version: 1.0\nContent-Type: text/plain; charset=%s\n"
                                               "Content-Transfer-Encoding: 8bit\n\n%s",
                                               i, i, cases[i].charset, cases[i].body);
      g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
      const char *body;

      g_assert_true (kz_email_read_bytes (bytes, "charset.eml", KZ_MAIL_FORMAT_EML, messages, issues, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (issues->len, ==, 0);
      g_assert_cmpuint (messages->len, ==, 1);
      body = ((KzEmailMessage *) g_ptr_array_index (messages, 0))->body;
      g_assert_true (g_utf8_validate (body, -1, NULL));
      g_assert_true (g_str_has_prefix (body, cases[i].prefix));
      if (cases[i].contains != NULL)
        g_assert_nonnull (strstr (body, cases[i].contains));
      else
        g_assert_cmpstr (body, ==, cases[i].body);
    }
}

static KzEmailMessage *
simple_message (const char *id, const char *body, guint day, gboolean attachment)
{
  KzEmailMessage *m = g_new0 (KzEmailMessage, 1);

  m->message_id = g_strdup (id);
  m->references = g_new0 (char *, 1);
  m->addresses = g_new0 (char *, 1);
  m->from = g_strdup ("Customer <c@example.org>");
  m->date = g_date_time_new_utc (2026, 3, day, 10, 0, 0);
  m->subject = g_strdup ("Meter");
  m->body = g_strdup (body);
  m->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_attachment_free);
  if (attachment)
    {
      KzAttachment *a = g_new0 (KzAttachment, 1);

      a->filename = g_strdup ("photo.jpg");
      a->mime_type = g_strdup ("image/jpeg");
      a->size = 1234;
      g_ptr_array_add (m->attachments, a);
    }
  return m;
}

static gint64
count_found (Fixture *f, const char *words)
{
  g_autoptr(GError) error = NULL;
  KzInteractionQuery q = { .text = words, .any_channel = TRUE };
  gint64 n = kz_store_count_interactions (f->store, &q, &error);

  g_assert_no_error (error);
  return n;
}

/* add_messages stores runs of messages in one statement: a message the
 * database refuses in the middle of a run still leaves nothing of the call
 * behind, and says which message; what is stored keeps the order, bodies,
 * attachments and search text of storing them one by one. */
static void
test_add_messages_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) first = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_email_message_free);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_email_message_free);
  g_autoptr(GPtrArray) again = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_email_message_free);
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GDateTime) start = g_date_time_new_utc (2026, 3, 1, 9, 0, 0);
  KzInteraction it = { 0 };
  gint64 id;

  it.channel = KZ_CHANNEL_EMAIL;
  it.started_at = start;
  it.subject = (char *) "Meter";
  it.external_ref = (char *) "a@example.org";
  id = kz_store_add_interaction (f->store, &it, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  g_ptr_array_add (first, simple_message ("a@example.org", "alpha", 1, FALSE));
  g_assert_true (kz_store_add_messages (f->store, id, (KzEmailMessage * const *) first->pdata, first->len, &error));
  g_assert_no_error (error);

  /* b, c and d have no attachments (one statement); c is already stored. */
  g_ptr_array_add (batch, simple_message ("b@example.org", "bravo", 2, FALSE));
  g_ptr_array_add (batch, simple_message ("a@example.org", "charlie", 3, FALSE));
  g_ptr_array_add (batch, simple_message ("d@example.org", "delta", 4, FALSE));
  g_assert_false (kz_store_add_messages (f->store, id, (KzEmailMessage * const *) batch->pdata, batch->len, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "<a@example.org>"));
  g_clear_error (&error);
  g_assert_cmpint (kz_store_count (f->store, KZ_RECORD_MESSAGES, NULL), ==, 1);
  g_assert_cmpint (count_found (f, "bravo"), ==, 0);
  g_assert_cmpint (count_found (f, "delta"), ==, 0);

  /* Two with the same Message-ID in one run: the second is refused. */
  g_ptr_array_add (again, simple_message ("e@example.org", "echo", 5, FALSE));
  g_ptr_array_add (again, simple_message ("e@example.org", "foxtrot", 6, FALSE));
  g_assert_false (kz_store_add_messages (f->store, id, (KzEmailMessage * const *) again->pdata, again->len, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "<e@example.org>"));
  g_clear_error (&error);
  g_assert_cmpint (kz_store_count (f->store, KZ_RECORD_MESSAGES, NULL), ==, 1);

  /* Runs around a message with an attachment: g (day 7), h with a photo
   * (day 8), then i, j, k (days 9-11). */
  g_ptr_array_set_size (again, 0);
  g_ptr_array_add (again, simple_message ("g@example.org", "golf", 7, FALSE));
  g_ptr_array_add (again, simple_message ("h@example.org", "hotel", 8, TRUE));
  g_ptr_array_add (again, simple_message ("i@example.org", "india", 9, FALSE));
  g_ptr_array_add (again, simple_message ("j@example.org", "juliett", 10, FALSE));
  g_ptr_array_add (again, simple_message ("k@example.org", "kilo", 11, FALSE));
  g_assert_true (kz_store_add_messages (f->store, id, (KzEmailMessage * const *) again->pdata, again->len, &error));
  g_assert_no_error (error);

  stored = kz_store_list_messages (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 6);
  {
    const char *bodies[] = { "alpha", "golf", "hotel", "india", "juliett", "kilo" };

    for (guint i = 0; i < stored->len; i++)
      {
        KzEmailMessage *m = g_ptr_array_index (stored, i);

        g_assert_cmpstr (m->body, ==, bodies[i]);
        g_assert_cmpstr (m->from, ==, "Customer <c@example.org>");
        g_assert_cmpuint (m->attachments->len, ==, i == 2 ? 1 : 0);
      }
    g_assert_cmpstr (((KzAttachment *) g_ptr_array_index (((KzEmailMessage *) g_ptr_array_index (stored, 2))->attachments, 0))->filename,
                     ==, "photo.jpg");
  }
  g_assert_cmpint (count_found (f, "juliett"), ==, 1);
  g_assert_cmpint (count_found (f, "hotel"), ==, 1);
  g_assert_cmpint (count_found (f, "bravo"), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint b = 0; b < 2; b++)
    {
      const char *backend = b == 0 ? "sqlite" : "pg";

      if (b == 1 && !kz_test_pg_available ())
        break;
#define ADD(name, fn) G_STMT_START { g_autofree char *path_ = g_strconcat ("/", backend, name, NULL); \
        g_test_add (path_, Fixture, backend, fixture_setup, fn, fixture_teardown); } G_STMT_END
      ADD ("/email/python-corpus", test_python_corpus);
      if (b == 0)
        g_test_add_func ("/email/parallel-read", test_parallel_read);
      if (b == 0)
        g_test_add_func ("/email/helper-read", test_helper_read);
      if (b == 0)
        g_test_add_func ("/email/declared-charsets", test_declared_charsets);
      ADD ("/email/threads", test_threads);
      ADD ("/email/hostile", test_hostile);
      ADD ("/email/nul-in-body", test_nul_in_body);
      ADD ("/email/attachment-name-charset", test_attachment_name_charset);
      ADD ("/email/mbox-edges", test_mbox_edges);
      ADD ("/email/reason-quoting", test_reason_quoting);
      ADD ("/email/html-too-deep", test_html_too_deep);
      ADD ("/email/add-messages-refused", test_add_messages_refused);
#undef ADD
    }
  return g_test_run ();
}
