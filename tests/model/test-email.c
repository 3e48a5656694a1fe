/* test-email.c — email import: real-world messages, threads, hostile mail
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
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
      ADD ("/email/threads", test_threads);
      ADD ("/email/hostile", test_hostile);
#undef ADD
    }
  return g_test_run ();
}
