/* test-completions.c — LMS completion files, written by hand
 *
 * Every expected state below is read off coaching.md's rules and the
 * mapping table in kz-completions.h, not off the program's output.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "kz-completions.h"
#include "kz-error.h"

static char *tmpdir;

static char *
write_file (const char *name,
            const char *text)
{
  char *path = g_build_filename (tmpdir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static KzLmsRecord *
nth (KzCompletionFile *f,
     guint             i)
{
  g_assert_cmpuint (i, <, f->completions->len);
  return g_ptr_array_index (f->completions, i);
}

static KzImportIssue *
issue (KzCompletionFile *f,
       guint             i)
{
  g_assert_cmpuint (i, <, f->issues->len);
  return g_ptr_array_index (f->issues, i);
}

static void
test_scorm_mapping (void)
{
  static const struct { const char *status; gboolean ok; KzCompletionState state; } v12[] = {
    { "passed", TRUE, KZ_COMPLETION_DONE },
    { "completed", TRUE, KZ_COMPLETION_DONE },
    { "failed", TRUE, KZ_COMPLETION_MISSED },
    { "incomplete", TRUE, KZ_COMPLETION_IN_PROGRESS },
    { "browsed", TRUE, KZ_COMPLETION_IN_PROGRESS },
    { "not attempted", TRUE, KZ_COMPLETION_IN_PROGRESS },
    { "Not_Attempted", TRUE, KZ_COMPLETION_IN_PROGRESS },
    { "finished", FALSE, 0 },
    { "", FALSE, 0 },
  };
  static const struct { const char *completion, *success; gboolean ok; KzCompletionState state; } v2004[] = {
    { "completed", "passed", TRUE, KZ_COMPLETION_DONE },
    { "completed", "unknown", TRUE, KZ_COMPLETION_DONE },
    { "completed", NULL, TRUE, KZ_COMPLETION_DONE },
    { "completed", "failed", TRUE, KZ_COMPLETION_MISSED },     /* went through it, did not pass */
    { "incomplete", "passed", TRUE, KZ_COMPLETION_DONE },      /* passed the test: done */
    { "incomplete", "unknown", TRUE, KZ_COMPLETION_IN_PROGRESS },
    { "not attempted", "unknown", TRUE, KZ_COMPLETION_IN_PROGRESS },
    { "unknown", "failed", TRUE, KZ_COMPLETION_MISSED },
    { "unknown", "unknown", TRUE, KZ_COMPLETION_IN_PROGRESS },
    { "passed", "unknown", FALSE, 0 },                          /* not a completion_status */
    { "completed", "ok", FALSE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (v12); i++)
    {
      KzCompletionState s = 99;

      g_assert_cmpint (kz_completion_state_from_scorm12 (v12[i].status, &s), ==, v12[i].ok);
      if (v12[i].ok)
        g_assert_cmpint (s, ==, v12[i].state);
    }
  for (guint i = 0; i < G_N_ELEMENTS (v2004); i++)
    {
      KzCompletionState s = 99;

      g_assert_cmpint (kz_completion_state_from_scorm2004 (v2004[i].completion, v2004[i].success, &s), ==,
                       v2004[i].ok);
      if (v2004[i].ok)
        g_assert_cmpint (s, ==, v2004[i].state);
    }
  g_assert_cmpstr (kz_completion_state_to_string (KZ_COMPLETION_IN_PROGRESS), ==, "in-progress");
}

static void
test_csv (void)
{
  g_autofree char *path = write_file ("lms.csv",
    "learner_id,email,course_id,status,completed_at,score_raw,score_max,score_scaled,passed\n"  /* 1 */
    "u1,ana@example.org,DEESC-101,passed,2026-03-02,18,20,0.9,true\n"                      /* 2 */
    ",ben@example.org,DEESC-101,completed,2026-03-03T14:05:00+01:00,,,,false\n"             /* 3: done but not passed → missed */
    "u3,,DEESC-102,incomplete,,,,,\n"                                                       /* 4 */
    "\n"                                                                                     /* 5: blank */
    ",,DEESC-101,passed,2026-03-02,,,,\n"                                                   /* 6: no learner */
    "u4,,DEESC-101,finished,2026-03-02,,,,\n"                                               /* 7: status */
    "u5,,DEESC-101,passed,,,,,\n"                                                           /* 8: no date */
    "u6,,DEESC-101,passed,2026-02-30,,,,\n"                                                 /* 9: no such day */
    "u7,,DEESC-101,passed,2026-03-02,25,20,,\n"                                             /* 10: raw > max */
    "u8,,DEESC-101,passed,2026-03-02,,,1.5,\n"                                              /* 11: scaled > 1 */
    "u9,,DEESC-101,passed,2026-03-02,ten,,,\n"                                              /* 12: not a number */
    "u10,,,passed,2026-03-02,,,,\n"                                                         /* 13: no course */
    "u11,,DEESC-101,passed,2026-03-02,,,,maybe\n"                                           /* 14: passed value */
    "u12,,DEESC-101,failed,2026-03-04,,,,\n"                                                /* 15: missed */
    "u13,not-an-email,DEESC-101,done,2026-03-04,,,,\n");                                    /* 16: email */
  static const guint bad_lines[] = { 6, 7, 8, 9, 10, 11, 12, 13, 14, 16 };
  g_autoptr(GError) error = NULL;
  KzCompletionFile f;
  KzLmsRecord *c;

  kz_completion_file_init (&f);
  g_assert_true (kz_completions_read_csv (path, &f, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f.n_records, ==, 14);
  g_assert_cmpuint (f.completions->len, ==, 4);
  g_assert_cmpuint (f.issues->len, ==, G_N_ELEMENTS (bad_lines));
  for (guint i = 0; i < G_N_ELEMENTS (bad_lines); i++)
    {
      g_assert_cmpint (issue (&f, i)->position, ==, bad_lines[i]);
      g_assert_cmpstr (issue (&f, i)->source, ==, path);
      g_assert_nonnull (issue (&f, i)->reason);
    }
  g_assert_nonnull (strstr (issue (&f, 1)->reason, "finished"));
  g_assert_nonnull (strstr (issue (&f, 4)->reason, "25"));

  c = nth (&f, 0);
  g_assert_cmpint (c->position, ==, 2);
  g_assert_cmpstr (c->learner_id, ==, "u1");
  g_assert_cmpstr (c->learner_email, ==, "ana@example.org");
  g_assert_cmpstr (c->course_id, ==, "DEESC-101");
  g_assert_cmpint (c->state, ==, KZ_COMPLETION_DONE);
  g_assert_cmpint (c->passed, ==, KZ_LMS_PASSED);
  g_assert_true (c->has_score_raw && c->has_score_max && c->has_score_scaled);
  g_assert_cmpfloat (c->score_raw, ==, 18);
  g_assert_cmpfloat (c->score_max, ==, 20);
  g_assert_cmpfloat_with_epsilon (c->score_scaled, 0.9, 1e-12);
  g_assert_cmpint (g_date_time_to_unix (c->completed_at), ==, 1772409600);  /* 2026-03-02T00:00Z */
  g_assert_null (c->statement_id);

  c = nth (&f, 1);
  g_assert_null (c->learner_id);
  g_assert_cmpint (c->state, ==, KZ_COMPLETION_MISSED);
  g_assert_cmpint (c->passed, ==, KZ_LMS_NOT_PASSED);
  g_assert_cmpint (g_date_time_to_unix (c->completed_at), ==, 1772543100);  /* 13:05Z */
  g_assert_false (c->has_score_raw);

  c = nth (&f, 2);
  g_assert_cmpint (c->state, ==, KZ_COMPLETION_IN_PROGRESS);
  g_assert_null (c->completed_at);
  g_assert_cmpint (c->passed, ==, KZ_LMS_PASSED_UNKNOWN);

  c = nth (&f, 3);
  g_assert_cmpint (c->position, ==, 15);
  g_assert_cmpint (c->state, ==, KZ_COMPLETION_MISSED);
  g_assert_cmpint (c->passed, ==, KZ_LMS_NOT_PASSED);
  kz_completion_file_clear (&f);
}

static void
test_csv_scorm2004_columns (void)
{
  g_autofree char *path = write_file ("lms2004.csv",
    "Email,Course_ID,completion_status,success_status,completed_at\n"
    "ana@example.org,C1,completed,failed,2026-03-02\n"
    "ana@example.org,C2,incomplete,unknown,\n"
    "ana@example.org,C3,completed,passed,2026-03-02\n"
    "ana@example.org,C4,done,passed,2026-03-02\n");   /* line 5: not a SCORM 2004 value */
  g_autoptr(GError) error = NULL;
  KzCompletionFile f;

  kz_completion_file_init (&f);
  g_assert_true (kz_completions_read (path, &f, &error));
  g_assert_cmpuint (f.completions->len, ==, 3);
  g_assert_cmpint (nth (&f, 0)->state, ==, KZ_COMPLETION_MISSED);
  g_assert_cmpint (nth (&f, 0)->passed, ==, KZ_LMS_NOT_PASSED);
  g_assert_cmpint (nth (&f, 1)->state, ==, KZ_COMPLETION_IN_PROGRESS);
  g_assert_cmpint (nth (&f, 2)->state, ==, KZ_COMPLETION_DONE);
  g_assert_cmpuint (f.issues->len, ==, 1);
  g_assert_cmpint (issue (&f, 0)->position, ==, 5);
  kz_completion_file_clear (&f);
}

static void
test_csv_only_bad_rows_and_bad_files (void)
{
  g_autofree char *bad = write_file ("bad.csv",
    "learner_id,course_id,status,completed_at\n"
    "u1,,passed,2026-03-02\n"
    "u2,C1,passed,yesterday\n"
    "u3,C1,\"pass\"ed,2026-03-02\n");
  g_autofree char *header = write_file ("header.csv", "name,when\nAna,2026-03-02\n");
  g_autofree char *empty = write_file ("empty.csv", "");
  g_autoptr(GError) error = NULL;
  KzCompletionFile f;

  kz_completion_file_init (&f);
  /* Broken quoting is the whole file's problem, with its line. */
  g_assert_false (kz_completions_read_csv (bad, &f, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE);
  g_assert_nonnull (strstr (error->message, "bad.csv:4"));
  g_assert_cmpuint (f.completions->len, ==, 0);
  g_clear_error (&error);
  kz_completion_file_clear (&f);

  {
    g_autofree char *only_bad = write_file ("only-bad.csv",
      "learner_id,course_id,status,completed_at\n"
      "u1,,passed,2026-03-02\n"
      "u2,C1,passed,yesterday\n");

    kz_completion_file_init (&f);
    g_assert_true (kz_completions_read_csv (only_bad, &f, &error));
    g_assert_cmpuint (f.n_records, ==, 2);
    g_assert_cmpuint (f.completions->len, ==, 0);
    g_assert_cmpuint (f.issues->len, ==, 2);
    g_assert_cmpint (issue (&f, 0)->position, ==, 2);
    g_assert_cmpint (issue (&f, 1)->position, ==, 3);
    g_assert_nonnull (strstr (issue (&f, 1)->reason, "yesterday"));
    kz_completion_file_clear (&f);
  }

  kz_completion_file_init (&f);
  g_assert_false (kz_completions_read_csv (header, &f, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE);
  g_assert_nonnull (strstr (error->message, "course_id"));
  g_clear_error (&error);
  g_assert_false (kz_completions_read_csv (empty, &f, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE);
  kz_completion_file_clear (&f);
}

static const char statements_json[] =
  "{\"statements\": [\n"
  /* 0: completed, by mbox, with a score */
  "  {\"id\": \"6690E6C9-3EF0-4ED3-8B37-7F3964730BEE\",\n"
  "   \"actor\": {\"mbox\": \"mailto:ana@example.org\", \"name\": \"Ana\"},\n"
  "   \"verb\": {\"id\": \"http://adlnet.gov/expapi/verbs/completed\"},\n"
  "   \"object\": {\"id\": \"https://lms.example.org/course/deesc-101\"},\n"
  "   \"result\": {\"score\": {\"scaled\": 0.85, \"raw\": 17, \"min\": 0, \"max\": 20},\n"
  "              \"success\": true, \"completion\": true},\n"
  "   \"timestamp\": \"2026-03-02T09:30:00Z\"},\n"
  /* 1: failed, by account */
  "  {\"id\": \"b1c7a6f2-0000-4000-8000-000000000001\",\n"
  "   \"actor\": {\"account\": {\"homePage\": \"https://lms.example.org\", \"name\": \"u42\"}},\n"
  "   \"verb\": {\"id\": \"http://adlnet.gov/expapi/verbs/failed\"},\n"
  "   \"object\": {\"id\": \"https://lms.example.org/course/deesc-101\"},\n"
  "   \"result\": {\"success\": false},\n"
  "   \"timestamp\": \"2026-03-03T10:00:00+02:00\"},\n"
  /* 2: the first again, id in lower case: a duplicate */
  "  {\"id\": \"6690e6c9-3ef0-4ed3-8b37-7f3964730bee\",\n"
  "   \"actor\": {\"mbox\": \"mailto:ana@example.org\"},\n"
  "   \"verb\": {\"id\": \"http://adlnet.gov/expapi/verbs/completed\"},\n"
  "   \"object\": {\"id\": \"https://lms.example.org/course/deesc-101\"},\n"
  "   \"timestamp\": \"2026-03-02T09:30:00Z\"},\n"
  /* 3: not a completion verb */
  "  {\"id\": \"b1c7a6f2-0000-4000-8000-000000000003\",\n"
  "   \"actor\": {\"mbox\": \"mailto:ana@example.org\"},\n"
  "   \"verb\": {\"id\": \"http://adlnet.gov/expapi/verbs/experienced\"},\n"
  "   \"object\": {\"id\": \"https://lms.example.org/course/deesc-101\"},\n"
  "   \"timestamp\": \"2026-03-02T09:00:00Z\"},\n"
  /* 4: an actor Kaizen cannot match */
  "  {\"actor\": {\"mbox_sha1sum\": \"ebd31e95054c018b10727ccffd2ef2ec3a016ee9\"},\n"
  "   \"verb\": {\"id\": \"http://adlnet.gov/expapi/verbs/passed\"},\n"
  "   \"object\": {\"id\": \"https://lms.example.org/course/deesc-101\"},\n"
  "   \"timestamp\": \"2026-03-02T09:00:00Z\"},\n"
  /* 5: attended a group course, no id, the LRS's stored time */
  "  {\"actor\": {\"mbox\": \"mailto:ben@example.org\"},\n"
  "   \"verb\": {\"id\": \"http://adlnet.gov/expapi/verbs/attended\"},\n"
  "   \"object\": {\"id\": \"https://lms.example.org/event/coaching-day\"},\n"
  "   \"stored\": \"2026-03-05T16:00:00Z\"},\n"
  /* 6: completed but did not pass → missed */
  "  {\"actor\": {\"mbox\": \"mailto:ben@example.org\"},\n"
  "   \"verb\": {\"id\": \"http://adlnet.gov/expapi/verbs/completed\"},\n"
  "   \"object\": {\"id\": \"https://lms.example.org/course/deesc-102\"},\n"
  "   \"result\": {\"success\": false, \"score\": {\"scaled\": 0.4}},\n"
  "   \"timestamp\": \"2026-03-06T08:00:00Z\"},\n"
  /* 7: bad pieces: scaled out of range */
  "  {\"actor\": {\"mbox\": \"mailto:ben@example.org\"},\n"
  "   \"verb\": {\"id\": \"http://adlnet.gov/expapi/verbs/passed\"},\n"
  "   \"object\": {\"id\": \"x\"}, \"result\": {\"score\": {\"scaled\": 2}},\n"
  "   \"timestamp\": \"2026-03-06T08:00:00Z\"},\n"
  /* 8: no timestamp */
  "  {\"actor\": {\"mbox\": \"mailto:ben@example.org\"},\n"
  "   \"verb\": {\"id\": \"http://adlnet.gov/expapi/verbs/passed\"}, \"object\": {\"id\": \"x\"}},\n"
  /* 9: not an object */
  "  \"completed\",\n"
  /* 10: mbox without mailto: */
  "  {\"actor\": {\"mbox\": \"ben@example.org\"},\n"
  "   \"verb\": {\"id\": \"http://adlnet.gov/expapi/verbs/passed\"}, \"object\": {\"id\": \"x\"},\n"
  "   \"timestamp\": \"2026-03-06T08:00:00Z\"},\n"
  /* 11: success not a boolean */
  "  {\"actor\": {\"mbox\": \"mailto:ben@example.org\"},\n"
  "   \"verb\": {\"id\": \"http://adlnet.gov/expapi/verbs/completed\"}, \"object\": {\"id\": \"x\"},\n"
  "   \"result\": {\"success\": \"yes\"}, \"timestamp\": \"2026-03-06T08:00:00Z\"},\n"
  /* 12: passed verb with success false: a contradiction */
  "  {\"actor\": {\"mbox\": \"mailto:ben@example.org\"},\n"
  "   \"verb\": {\"id\": \"http://adlnet.gov/expapi/verbs/passed\"}, \"object\": {\"id\": \"x\"},\n"
  "   \"result\": {\"success\": false}, \"timestamp\": \"2026-03-06T08:00:00Z\"}\n"
  "]}\n";

static void
test_xapi (void)
{
  g_autofree char *path = write_file ("statements.json", statements_json);
  static const gint64 bad[] = { 3, 4, 7, 8, 9, 10, 11, 12 };
  g_autoptr(GError) error = NULL;
  KzCompletionFile f;
  KzLmsRecord *c;

  kz_completion_file_init (&f);
  g_assert_true (kz_completions_read (path, &f, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f.n_records, ==, 13);
  g_assert_cmpuint (f.completions->len, ==, 5);
  g_assert_cmpuint (f.n_duplicates, ==, 1);
  g_assert_cmpuint (f.issues->len, ==, G_N_ELEMENTS (bad));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_cmpint (issue (&f, i)->position, ==, bad[i]);
  g_assert_nonnull (strstr (issue (&f, 0)->reason, "experienced"));

  c = nth (&f, 0);
  g_assert_cmpint (c->position, ==, 0);
  g_assert_cmpstr (c->learner_email, ==, "ana@example.org");
  g_assert_null (c->learner_id);
  g_assert_cmpstr (c->course_id, ==, "https://lms.example.org/course/deesc-101");
  g_assert_cmpint (c->state, ==, KZ_COMPLETION_DONE);
  g_assert_cmpint (c->passed, ==, KZ_LMS_PASSED);
  g_assert_true (c->has_score_scaled && c->has_score_raw && c->has_score_max);
  g_assert_cmpfloat_with_epsilon (c->score_scaled, 0.85, 1e-12);
  g_assert_cmpfloat (c->score_raw, ==, 17);
  g_assert_cmpfloat (c->score_max, ==, 20);
  g_assert_cmpint (g_date_time_to_unix (c->completed_at), ==, 1772443800);   /* 2026-03-02T09:30Z */
  g_assert_cmpstr (c->statement_id, ==, "6690e6c9-3ef0-4ed3-8b37-7f3964730bee");
  g_assert_false (c->duplicate);

  c = nth (&f, 1);
  g_assert_null (c->learner_email);
  g_assert_cmpstr (c->learner_id, ==, "u42");
  g_assert_cmpstr (c->account_home_page, ==, "https://lms.example.org");
  g_assert_cmpint (c->state, ==, KZ_COMPLETION_MISSED);
  g_assert_cmpint (c->passed, ==, KZ_LMS_NOT_PASSED);
  g_assert_cmpint (g_date_time_to_unix (c->completed_at), ==, 1772524800);   /* 08:00Z */

  c = nth (&f, 2);
  g_assert_cmpint (c->position, ==, 2);
  g_assert_true (c->duplicate);

  c = nth (&f, 3);
  g_assert_cmpint (c->position, ==, 5);
  g_assert_cmpint (c->state, ==, KZ_COMPLETION_DONE);
  g_assert_null (c->statement_id);
  g_assert_false (c->duplicate);
  g_assert_cmpint (g_date_time_to_unix (c->completed_at), ==, 1772726400);   /* 2026-03-05T16:00Z */

  c = nth (&f, 4);
  g_assert_cmpint (c->state, ==, KZ_COMPLETION_MISSED);
  g_assert_cmpint (c->passed, ==, KZ_LMS_NOT_PASSED);
  kz_completion_file_clear (&f);
}

static void
test_xapi_array_only_bad_and_not_json (void)
{
  g_autofree char *array = write_file ("array.json",
    "[{\"actor\": {\"mbox\": \"mailto:a@b.org\"}, \"verb\": {\"id\": \"urn:x:verbs#passed\"},"
    "  \"object\": {\"id\": \"c\"}, \"timestamp\": \"2026-01-01T00:00:00Z\"}]");
  g_autofree char *only_bad = write_file ("only-bad.json",
    "[{\"actor\": {}}, 42, {\"actor\": {\"mbox\": \"mailto:a@b.org\"}, \"verb\": {\"id\": \"urn:x:verbs#passed\"},"
    "  \"object\": {\"id\": \"c\"}, \"timestamp\": \"soon\"}]");
  g_autofree char *not_json = write_file ("not.json", "{\"statements\": [");
  g_autofree char *wrong = write_file ("wrong.json", "{\"more\": \"\"}");
  g_autoptr(GError) error = NULL;
  KzCompletionFile f;

  kz_completion_file_init (&f);
  g_assert_true (kz_completions_read_xapi (array, &f, &error));
  g_assert_cmpuint (f.completions->len, ==, 1);
  g_assert_cmpint (nth (&f, 0)->state, ==, KZ_COMPLETION_DONE);   /* "#passed" ends in passed */
  kz_completion_file_clear (&f);

  kz_completion_file_init (&f);
  g_assert_true (kz_completions_read_xapi (only_bad, &f, &error));
  g_assert_cmpuint (f.n_records, ==, 3);
  g_assert_cmpuint (f.completions->len, ==, 0);
  g_assert_cmpuint (f.issues->len, ==, 3);
  g_assert_cmpint (issue (&f, 2)->position, ==, 2);
  g_assert_nonnull (strstr (issue (&f, 2)->reason, "soon"));
  kz_completion_file_clear (&f);

  kz_completion_file_init (&f);
  g_assert_false (kz_completions_read_xapi (not_json, &f, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE);
  g_clear_error (&error);
  g_assert_false (kz_completions_read_xapi (wrong, &f, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE);
  g_assert_cmpuint (f.completions->len, ==, 0);
  kz_completion_file_clear (&f);
}

int
main (int argc, char **argv)
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("kaizen-completions-XXXXXX", NULL);
  g_test_add_func ("/completions/scorm-mapping", test_scorm_mapping);
  g_test_add_func ("/completions/csv", test_csv);
  g_test_add_func ("/completions/csv-scorm2004", test_csv_scorm2004_columns);
  g_test_add_func ("/completions/csv-only-bad", test_csv_only_bad_rows_and_bad_files);
  g_test_add_func ("/completions/xapi", test_xapi);
  g_test_add_func ("/completions/xapi-array-only-bad", test_xapi_array_only_bad_and_not_json);
  rc = g_test_run ();
  {
    g_autoptr(GDir) dir = g_dir_open (tmpdir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *p = g_build_filename (tmpdir, name, NULL);
        g_unlink (p);
      }
    g_rmdir (tmpdir);
  }
  return rc;
}
