/* bench-mbox.c — importing an mbox against GMime's bare parse and Python's
 *
 * Usage: bench-mbox N   (the test command runs a small N, `meson test
 * --benchmark` 100,000).  Writes an mbox of N messages (threads of three,
 * a support address, realistic headers and bodies), then times, on the same
 * file in the same run:
 *   1. GMime's bare parse: every message constructed, nothing else;
 *   2. Kaizen's import: parse, check, thread, store in a fresh SQLite file
 *      (half of the parsing in kaizen-mail-parser, as an installed Kaizen
 *      does: kz-email.c says why);
 * 1 and 2 three times in turn, their medians compared;
 *   3. Python's email parser (mailbox + email.message_from_bytes, policy
 *      default) over the same file.
 * Prints the rates and the ratios scale.md asks for: import ≥ 50% of the
 * bare parse rate, and ≥ 2× Python's.  With --check the targets must be met.
 * KAIZEN_BENCH_NO_PYTHON=1 skips step 3 (minutes at 100k) while tuning the
 * import; the Python ratio is then not measured and --check refuses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gmime/gmime.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "kz-email.h"
#include "kz-store.h"

static void
write_mbox (const char *path,
            guint       n)
{
  static const char *subjects[] = {
    "Bill higher than expected", "Moving house next month", "Smart meter shows no signal",
    "Refund for overpayment", "Direct debit changed", "Cannot log in to my account",
  };
  static const char *body =
    "Hello,\n\nI have a question about my account. The last bill was much higher than the one before,\n"
    "and I have not changed how much energy I use. Could you check whether the reading is right?\n\n"
    "The meter reading today is 04518, photo attached in my previous message.\n\nThanks,\n";
  FILE *f = fopen (path, "w");

  g_assert_nonnull (f);
  for (guint i = 0; i < n; i++)
    {
      guint thread = i / 3, pos = i % 3;
      gboolean from_agent = pos == 1;

      fprintf (f, "From sender@example.org Mon Mar  2 10:%02u:00 2026\n", pos);
      fprintf (f, "From: %s\n", from_agent ? "Ana Silva <ana.silva@support.example.com>"
                                          : "Customer <customer%u@example.org>");
      if (!from_agent)
        fprintf (f, "X-Customer: %u\n", thread);
      fprintf (f, "To: %s\n", from_agent ? "customer@example.org" : "help@support.example.com");
      fprintf (f, "Subject: %s%s\n", pos ? "Re: " : "", subjects[thread % G_N_ELEMENTS (subjects)]);
      fprintf (f, "Date: Mon, %02u Mar 2026 10:%02u:%02u +0000\n", 1 + thread % 28, pos, thread % 60);
      fprintf (f, "Message-ID: <t%u.m%u@bench.example>\n", thread, pos);
      if (pos > 0)
        {
          fprintf (f, "In-Reply-To: <t%u.m%u@bench.example>\n", thread, pos - 1);
          fprintf (f, "References: <t%u.m0@bench.example>%s\n", thread,
                   pos == 2 ? g_strdup_printf (" <t%u.m1@bench.example>", thread) : "");
        }
      fprintf (f, "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n%s%s\n", body,
               from_agent ? "Ana\n> quoted earlier text\n> more quoted text\n" : "A customer\n");
    }
  fclose (f);
}

/* This process's CPU time so far, every thread's: on a busy machine the
 * wall-clock figures swing with the load, the CPU seconds much less. */
static double
cpu_seconds (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

#define ROUNDS 3

static double
median3 (const double *v)
{
  double a = v[0], b = v[1], c = v[2];

  return MAX (MIN (a, b), MIN (MAX (a, b), c));
}

static double
bare_parse (const char *path,
            guint      *count)
{
  GMimeStream *stream = g_mime_stream_file_open (path, "r", NULL);
  GMimeParser *parser = g_mime_parser_new_with_stream (stream);
  gint64 t0 = g_get_monotonic_time ();

  g_mime_parser_set_format (parser, GMIME_FORMAT_MBOX);
  *count = 0;
  while (!g_mime_parser_eos (parser))
    {
      GMimeMessage *msg = g_mime_parser_construct_message (parser, NULL);
      if (msg == NULL)
        break;
      (*count)++;
      g_object_unref (msg);
    }
  g_object_unref (parser);
  g_object_unref (stream);
  return (g_get_monotonic_time () - t0) / 1e6;
}

static double
python_parse (const char *path,
              guint      *count)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *script =
    "import mailbox, email, email.policy, sys, time\n"
    "t0 = time.perf_counter(); n = 0\n"
    "for m in mailbox.mbox(sys.argv[1], factory=None):\n"
    "    msg = email.message_from_bytes(m.as_bytes(), policy=email.policy.default)\n"
    "    body = msg.get_body(preferencelist=('plain',)); body.get_content() if body else None\n"
    "    n += 1\n"
    "print(n, time.perf_counter() - t0)\n";
  const char *argv[] = { "/usr/bin/python3", "-c", script, path, NULL };
  int status;
  double seconds = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  sscanf (out, "%u %lf", count, &seconds);
  return seconds;
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kaizen-bench-XXXXXX", NULL);
  g_autofree char *mbox = g_build_filename (dir, "bench.mbox", NULL);
  guint n = argc > 1 ? (guint) atoi (argv[1]) : 3000;
  gboolean check = argc > 2 && g_str_equal (argv[2], "--check");
  const char *paths[] = { mbox, NULL };
  KzEmailImportReport report = { 0 };
  guint n_bare = 0, n_python = 0;
  double bare[ROUNDS], import[ROUNDS];
  double t_bare, t_import, t_python, ratio_bare, ratio_python, cpu_bare = 0, cpu_import = 0;

  g_mime_init ();
  write_mbox (mbox, n);

  /* Three rounds, the bare parse and the import in turn, each import into
   * a fresh file: the medians are compared, so a moment when the machine
   * slows down weighs on neither side alone. */
  for (guint round = 0; round < ROUNDS; round++)
    {
      g_autofree char *db = g_strdup_printf ("%s/bench-%u.db", dir, round);
      g_autoptr(KzStore) store = NULL;
      double c0;
      gint64 t0;

      c0 = cpu_seconds ();
      bare[round] = bare_parse (mbox, &n_bare);
      cpu_bare = cpu_seconds () - c0;

      store = kz_store_open (db, &error);
      g_assert_no_error (error);
      kz_email_import_report_clear (&report);
      c0 = cpu_seconds ();
      t0 = g_get_monotonic_time ();
      g_assert_true (kz_email_import (store, paths, KZ_MAIL_FORMAT_MBOX, FALSE, &report, NULL, &error));
      import[round] = (g_get_monotonic_time () - t0) / 1e6;
      cpu_import = cpu_seconds () - c0;
      g_assert_no_error (error);
      printf ("round %u: bare parse %.3f s, import %.3f s\n", round + 1, bare[round], import[round]);
    }
  t_bare = median3 (bare);
  t_import = median3 (import);

  if (g_getenv ("KAIZEN_BENCH_NO_PYTHON") == NULL)
    t_python = python_parse (mbox, &n_python);
  else
    {
      g_assert_false (check);
      t_python = 0;
      n_python = n;
    }

  ratio_bare = (n / t_import) / (n_bare / t_bare);
  ratio_python = t_python > 0 ? (n / t_import) / (n_python / t_python) : 0;
  printf ("messages: %u (threads %u stored, %u problems)\n", n, report.n_new_threads, report.issues->len);
  printf ("GMime bare parse: %.3f s, %.0f msg/s (median of %u)\n", t_bare, n_bare / t_bare, ROUNDS);
  printf ("Kaizen import:    %.3f s, %.0f msg/s (median of %u; parse, check, thread, store in SQLite)\n", t_import,
          n / t_import, ROUNDS);
  printf ("Python email:     %.3f s, %.0f msg/s\n", t_python, n_python / t_python);
  printf ("CPU seconds, last round: bare parse %.3f, import %.3f (this process's threads; the helper process's "
          "half is not counted)\n", cpu_bare, cpu_import);
  printf ("import / bare parse rate: %.2f (target >= 0.50)\n", ratio_bare);
  printf ("import / Python rate:     %.2f (target >= 2.00)\n", ratio_python);

  /* The figures are only as good as the work: everything was stored. */
  g_assert_cmpuint (n_bare, ==, n);
  g_assert_cmpuint (n_python, ==, n);
  g_assert_cmpuint (report.n_stored, ==, n);
  g_assert_cmpuint (report.n_new_threads, ==, (n + 2) / 3);
  kz_email_import_report_clear (&report);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
    g_assert_cmpint (system (cmd), ==, 0);
  }

  if (check && (ratio_bare < 0.5 || ratio_python < 2.0))
    {
      printf ("MISSED a target\n");
      return 1;
    }
  return 0;
}
