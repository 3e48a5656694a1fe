/* test-call.c — call import: manifest rows, audio sniffing, transcripts
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kz-call.h"
#include "kz-feedback-import.h"
#include "kz-error.h"
#include "kz-pg-store-private.h"
#include "kz-test-db.h"

typedef struct {
  char    *dir;
  gboolean pg;
  char    *location;
  KzStore *store;
  gint64   agent_id;
} Fixture;

static char *
put (Fixture *f, const char *name, const void *contents, gssize len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
  return path;
}

/* A real, playable 0.1 s silent WAV: 44-byte header + 800 samples. */
static void
put_wav (Fixture *f, const char *name)
{
  guint8 wav[44 + 1600] = { 0 };
  guint32 data_len = 1600, riff_len = 36 + 1600, rate = 8000, byte_rate = 16000, fmt_len = 16;
  guint16 pcm = 1, channels = 1, align = 2, bits = 16;
  g_autofree char *path = NULL;

  memcpy (wav, "RIFF", 4); memcpy (wav + 4, &riff_len, 4); memcpy (wav + 8, "WAVEfmt ", 8);
  memcpy (wav + 16, &fmt_len, 4); memcpy (wav + 20, &pcm, 2); memcpy (wav + 22, &channels, 2);
  memcpy (wav + 24, &rate, 4); memcpy (wav + 28, &byte_rate, 4); memcpy (wav + 32, &align, 2);
  memcpy (wav + 34, &bits, 2); memcpy (wav + 36, "data", 4); memcpy (wav + 40, &data_len, 4);
  path = put (f, name, wav, sizeof wav);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzPerson) agent = kz_person_new ("Ana Silva", KZ_ROLE_AGENT);
  g_autoptr(KzPerson) manager = kz_person_new ("Claire Whitfield", KZ_ROLE_MANAGER);
  g_autofree char *p1 = NULL, *p2 = NULL, *p3 = NULL, *p4 = NULL;

  f->dir = kz_test_tmpdir_new ();
  f->pg = g_strcmp0 (data, "pg") == 0;
  f->location = f->pg ? kz_test_pg_create_db () : g_build_filename (f->dir, "kaizen.db", NULL);
  f->store = f->pg ? kz_pg_store_open (f->location, NULL, TRUE, KZ_PG_SCHEMA_VERSION, &error)
                   : kz_store_open (f->location, &error);
  g_assert_no_error (error);
  g_strfreev (agent->emails);
  agent->emails = g_strsplit ("ana@example.com", ",", -1);
  f->agent_id = kz_store_add_person (f->store, agent, &error);
  g_strfreev (manager->emails);
  manager->emails = g_strsplit ("claire@example.com", ",", -1);
  kz_store_add_person (f->store, manager, &error);
  g_assert_no_error (error);

  put_wav (f, "call1.wav");
  p1 = put (f, "call2.ogg", "OggS\0\x02rest-of-an-ogg-page", 24);
  p2 = put (f, "call3.mp3", "ID3\x04\0\0\0\0\0\0mp3", 13);
  p3 = put (f, "fake.mp3", "<html>not audio</html>", -1);
  p4 = put (f, "call1.vtt",
            "WEBVTT\n\nNOTE recorded on line 4\n\n"
            "1\n00:00:00.500 --> 00:00:03.000\n<v Agent>Thanks for calling Northwind, this is Ana.\n\n"
            "00:00:03.000 --> 00:00:07.250 align:start\n<v Customer>Hi, my bill <i>doubled</i>.\n"
            "Can you check?\n", -1);
  g_free (p1);
  p1 = put (f, "call3.txt", "[00:02] Agent: Good morning.\n[00:05] Customer: Hello, I am moving house.\n"
                            "[01:10] Agent: Done, anything else?\n", -1);
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

static const char manifest[] =
  "id,agent_email,start,duration,direction,customer_ref,audio,transcript\n"      /* 1 */
  "C-1,ana@example.com,2026-03-02T09:15:00+01:00,7,inbound,ACC-1,call1.wav,call1.vtt\n"  /* 2 */
  "C-2,ANA@example.com,2026-03-02T10:00:00Z,02:30,outbound,\"Lopes, Maria\",call2.ogg,\n"  /* 3 */
  "C-3,ana@example.com,2026-03-02T11:00:00-05:00,1:02:03,inbound,,call3.mp3,call3.txt\n"   /* 4 */
  "C-4,ana@example.com,2026-03-02 12:00,60,inbound,,call1.wav,\n"               /* 5: no zone */
  "C-5,nobody@example.com,2026-03-02T12:00:00Z,60,inbound,,call1.wav,\n"        /* 6: unknown agent */
  "C-6,claire@example.com,2026-03-02T12:00:00Z,60,inbound,,call1.wav,\n"        /* 7: not an agent */
  "C-7,ana@example.com,2026-03-02T12:00:00Z,60,sideways,,call1.wav,\n"          /* 8: direction */
  "C-8,ana@example.com,2026-03-02T12:00:00Z,60,inbound,,missing.wav,\n"         /* 9: missing audio */
  "C-9,ana@example.com,2026-03-02T12:00:00Z,60,inbound,,fake.mp3,\n"            /* 10: not audio */
  "\n"
  "C-10,ana@example.com,2026-03-02T12:00:00Z,soon,inbound,,call1.wav,\n";      /* 12: duration */

static void
test_manifest (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = put (f, "calls.csv", manifest, -1);
  g_autoptr(GPtrArray) interactions = NULL;
  KzCallImportReport report = { 0 };
  static const struct { gint64 line; const char *words; } expected[] = {
    { 5, "time zone" }, { 6, "nobody@example.com" }, { 7, "not an agent" }, { 8, "sideways" },
    { 9, "does not exist" }, { 10, "not WAV, OGG or MP3" }, { 12, "not a duration" },
  };

  /* --strict: one bad row refuses all, nothing written. */
  g_assert_false (kz_call_import (f->store, path, TRUE, &report, NULL, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE);
  g_assert_nonnull (strstr (error->message, "calls.csv:5:"));
  g_assert_cmpint (kz_store_count (f->store, KZ_RECORD_INTERACTIONS, NULL), ==, 0);
  g_clear_error (&error);
  kz_call_import_report_clear (&report);

  g_assert_true (kz_call_import (f->store, path, FALSE, &report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.n_rows, ==, 10);
  g_assert_cmpuint (report.n_stored, ==, 3);
  g_assert_cmpuint (report.issues->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      KzImportIssue *issue = g_ptr_array_index (report.issues, i);
      g_test_message ("line %lld: %s", (long long) issue->position, issue->reason);
      g_assert_cmpint (issue->position, ==, expected[i].line);
      g_assert_nonnull (strstr (issue->reason, expected[i].words));
    }
  kz_call_import_report_clear (&report);

  interactions = kz_store_list_interactions (f->store, &error);
  g_assert_cmpuint (interactions->len, ==, 3);
  for (guint i = 0; i < interactions->len; i++)
    {
      KzInteraction *it = g_ptr_array_index (interactions, i);
      g_autoptr(KzCall) call = kz_store_get_call (f->store, it->id, &error);

      g_assert_no_error (error);
      g_assert_cmpint (it->channel, ==, KZ_CHANNEL_CALL);
      g_assert_cmpint (it->agent_id, ==, f->agent_id);
      g_assert_true (g_path_is_absolute (call->audio_path));
      if (g_str_equal (it->external_ref, "C-1"))
        {
          KzTranscriptSegment *s0, *s1;

          /* 09:15 at +01:00 is 08:15 UTC. */
          g_assert_cmpint (g_date_time_get_hour (it->started_at), ==, 8);
          g_assert_cmpint (call->duration_s, ==, 7);
          g_assert_cmpstr (call->audio_type, ==, "audio/x-wav");
          g_assert_cmpstr (it->subject, ==, "Inbound call from ACC-1");
          g_assert_cmpuint (call->transcript->len, ==, 2);
          s0 = g_ptr_array_index (call->transcript, 0);
          s1 = g_ptr_array_index (call->transcript, 1);
          g_assert_cmpint (s0->start_ms, ==, 500);
          g_assert_cmpint (s0->end_ms, ==, 3000);
          g_assert_cmpstr (s0->speaker, ==, "Agent");
          g_assert_cmpstr (s0->text, ==, "Thanks for calling Northwind, this is Ana.");
          g_assert_cmpint (s1->end_ms, ==, 7250);
          g_assert_cmpstr (s1->speaker, ==, "Customer");
          g_assert_cmpstr (s1->text, ==, "Hi, my bill doubled. Can you check?");
        }
      else if (g_str_equal (it->external_ref, "C-2"))
        {
          g_assert_cmpint (call->duration_s, ==, 150);
          g_assert_cmpint (call->direction, ==, KZ_DIRECTION_OUTBOUND);
          g_assert_cmpstr (call->customer_ref, ==, "Lopes, Maria");
          g_assert_cmpstr (call->audio_type, ==, "audio/ogg");
          g_assert_cmpuint (call->transcript->len, ==, 0);
        }
      else
        {
          KzTranscriptSegment *last;

          g_assert_cmpstr (it->external_ref, ==, "C-3");
          g_assert_cmpint (call->duration_s, ==, 3723);
          g_assert_cmpstr (call->audio_type, ==, "audio/mpeg");
          g_assert_cmpint (g_date_time_get_hour (it->started_at), ==, 16);
          g_assert_cmpuint (call->transcript->len, ==, 3);
          /* Plain lines end where the next begins; the last has no end. */
          g_assert_cmpint (((KzTranscriptSegment *) call->transcript->pdata[0])->end_ms, ==, 5000);
          last = g_ptr_array_index (call->transcript, 2);
          g_assert_cmpint (last->start_ms, ==, 70000);
          g_assert_cmpint (last->end_ms, ==, -1);
          g_assert_cmpstr (last->text, ==, "Done, anything else?");
        }
    }

  /* Importing again adds nothing. */
  g_assert_true (kz_call_import (f->store, path, FALSE, &report, NULL, &error));
  g_assert_cmpuint (report.n_stored, ==, 0);
  g_assert_cmpuint (report.n_already, ==, 3);
  g_assert_cmpint (kz_store_count (f->store, KZ_RECORD_INTERACTIONS, NULL), ==, 3);
  kz_call_import_report_clear (&report);
}

static void
test_bad_transcripts (Fixture *f, gconstpointer data)
{
  static const struct { const char *name; const char *text; const char *where; } cases[] = {
    { "a.vtt", "WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nbackwards\n", "a.vtt:3:" },
    { "b.vtt", "Not a header\n\n00:00:01.000 --> 00:00:02.000\nx\n", "b.vtt:1:" },
    { "c.txt", "[00:02] Agent: hi\nno time here\n", "c.txt:2:" },
    { "d.txt", "[00:09] Agent: hi\n[00:03] Customer: earlier?\n", "d.txt:2:" },
    /* Found by UBSan replaying the fuzz corpus: times past G_MAXINT ms were an undefined cast. */
    { "e.txt", "[00:01] Agent: hi\n[99999999999999999999] Agent: far too late\n", "e.txt:2:" },
    { "f.vtt", "WEBVTT\n\n00:00:01.000 --> 9999999999:00:00.000\nx\n", "f.vtt:3:" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = put (f, cases[i].name, cases[i].text, -1);
      g_autoptr(GPtrArray) segs = kz_transcript_load (path, &error);

      g_assert_null (segs);
      g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE);
      g_assert_nonnull (strstr (error->message, cases[i].where));
    }
}

/* The customer's rating, from the call manifest and from a survey CSV. */
static void
test_feedback (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *manifest_path = put (f, "rated.csv",
    "id,agent_email,start,duration,direction,customer_ref,audio,rating,rating_scale,rating_comment\n"
    "R-1,ana@example.com,2026-03-02T09:00:00Z,60,inbound,,call1.wav,4,csat,\"Quick, friendly\"\n"
    "R-2,ana@example.com,2026-03-02T10:00:00Z,60,inbound,,call1.wav,,,\n"
    "R-3,ana@example.com,2026-03-02T11:00:00Z,60,inbound,,call1.wav,6,csat,\n", -1);   /* line 4: 6 > 5 */
  g_autofree char *survey_path = put (f, "survey.csv",
    "interaction,rating,scale,comment,time\n"
    "R-2,9,nps,Would recommend,2026-03-03T08:00:00Z\n"
    "R-1,2,csat,Changed my mind,\n"
    "R-99,5,csat,,\n"                     /* line 4: no such interaction */
    "R-2,11,nps,,\n", -1);                /* line 5: NPS is 0–10 */
  KzCallImportReport calls = { 0 };
  KzEvaluationImportReport survey = { 0 };
  g_autoptr(KzFeedback) r1 = NULL, r2 = NULL;
  gint64 id1, id2;

  g_assert_true (kz_call_import (f->store, manifest_path, FALSE, &calls, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (calls.n_stored, ==, 2);
  g_assert_cmpuint (calls.issues->len, ==, 1);
  g_assert_cmpint (((KzImportIssue *) calls.issues->pdata[0])->position, ==, 4);
  kz_call_import_report_clear (&calls);

  id1 = kz_store_find_interaction (f->store, "R-1", &error);
  id2 = kz_store_find_interaction (f->store, "R-2", &error);
  g_assert_cmpint (id1, >, 0);
  r1 = kz_store_get_feedback (f->store, id1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (r1->scale, ==, KZ_FEEDBACK_CSAT);
  g_assert_cmpint (r1->rating, ==, 4);
  g_assert_cmpstr (r1->comment, ==, "Quick, friendly");
  g_assert_null (kz_store_get_feedback (f->store, id2, &error));
  g_assert_no_error (error);
  g_clear_pointer (&r1, kz_feedback_free);

  g_assert_true (kz_feedback_import (f->store, survey_path, FALSE, &survey, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (survey.n_rows, ==, 4);
  g_assert_cmpuint (survey.n_stored, ==, 2);
  g_assert_cmpuint (survey.issues->len, ==, 2);
  g_assert_cmpint (((KzImportIssue *) survey.issues->pdata[0])->position, ==, 4);
  g_assert_cmpint (((KzImportIssue *) survey.issues->pdata[1])->position, ==, 5);
  kz_evaluation_import_report_clear (&survey);

  r1 = kz_store_get_feedback (f->store, id1, &error);
  r2 = kz_store_get_feedback (f->store, id2, &error);
  g_assert_cmpint (r1->rating, ==, 2);                /* replaced */
  g_assert_cmpstr (r1->comment, ==, "Changed my mind");
  g_assert_cmpint (r2->scale, ==, KZ_FEEDBACK_NPS);
  g_assert_cmpint (r2->rating, ==, 9);
  g_assert_cmpint (g_date_time_get_day_of_month (r2->given_at), ==, 3);
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
      ADD ("/call/manifest", test_manifest);
      ADD ("/call/bad-transcripts", test_bad_transcripts);
      ADD ("/call/feedback", test_feedback);
#undef ADD
    }
  return g_test_run ();
}
