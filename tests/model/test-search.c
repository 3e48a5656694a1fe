/* test-search.c — the interaction list: words and filters, on both backends
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kz-error.h"
#include "kz-pg-store-private.h"
#include "kz-test-db.h"

#define NS "https://kaizen-qa.org/ns/rubric/1"

typedef struct {
  char    *dir;
  gboolean pg;
  char    *location;
  KzStore *store;
  gint64   ana, bo, team1, team2;
  gint64   i1, i2, i3, i4;
} Fixture;

static gint64
person (Fixture *f, const char *name, const char *email, KzRoles roles, gint64 team)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzPerson) p = kz_person_new (name, roles);
  gint64 id;

  g_strfreev (p->emails);
  p->emails = g_strsplit (email, ",", -1);
  p->team_id = team;
  id = kz_store_add_person (f->store, p, &error);
  g_assert_no_error (error);
  return id;
}

static gint64
interaction (Fixture *f, KzChannel channel, gint64 agent, int day, const char *subject, const char *ref)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 3, day, 10, 0, 0);
  KzInteraction it = { 0, channel, agent, when, (char *) subject, (char *) ref };
  gint64 id = kz_store_add_interaction (f->store, &it, &error);

  g_assert_no_error (error);
  return id;
}

static void
email (Fixture *f, gint64 interaction_id, const char *id, const char *body)
{
  g_autoptr(GError) error = NULL;
  KzEmailMessage m = { 0 };

  m.message_id = (char *) id;
  m.body = (char *) body;
  g_assert_true (kz_store_add_message (f->store, interaction_id, &m, &error));
  g_assert_no_error (error);
}

static void
call (Fixture *f, gint64 interaction_id, const char * const *turns)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) segs = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_transcript_segment_free);
  KzCall c = { interaction_id, 60, KZ_DIRECTION_INBOUND, NULL, (char *) "/calls/x.wav", (char *) "audio/x-wav", segs };

  for (guint i = 0; turns[i] != NULL; i++)
    {
      KzTranscriptSegment *s = g_new0 (KzTranscriptSegment, 1);
      s->start_ms = i * 1000;
      s->end_ms = -1;
      s->text = g_strdup (turns[i]);
      g_ptr_array_add (segs, s);
    }
  g_assert_true (kz_store_add_call (f->store, &c, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  static const char rubric_xml[] =
    "<rubric xmlns='" NS "' id='r' version='1'><title>R</title><section id='s'><title>S</title>"
    "<criterion id='c'><title>C</title><guidance>g</guidance>"
    "<scale kind='binary'><point value='0' label='No'/><point value='1' label='Yes'/></scale></criterion>"
    "</section></rubric>";
  g_autoptr(KzRubric) rubric = kz_rubric_load_data (rubric_xml, strlen (rubric_xml), "r.xml", &error);
  g_autoptr(KzEvaluation) ev = kz_evaluation_new ();
  gint64 org, site;

  f->dir = kz_test_tmpdir_new ();
  f->pg = g_strcmp0 (data, "pg") == 0;
  f->location = f->pg ? kz_test_pg_create_db () : g_build_filename (f->dir, "kaizen.db", NULL);
  f->store = f->pg ? kz_pg_store_open (f->location, NULL, TRUE, KZ_PG_SCHEMA_VERSION, &error)
                   : kz_store_open (f->location, &error);
  g_assert_no_error (error);

  org = kz_store_add_unit (f->store, KZ_UNIT_ORGANISATION, "Org", 0, &error);
  site = kz_store_add_unit (f->store, KZ_UNIT_SITE, "Site", org, &error);
  f->team1 = kz_store_add_unit (f->store, KZ_UNIT_TEAM, "Billing", site, &error);
  f->team2 = kz_store_add_unit (f->store, KZ_UNIT_TEAM, "Meters", site, &error);
  f->ana = person (f, "Ana", "ana@example.com", KZ_ROLE_AGENT, f->team1);
  f->bo = person (f, "Bo", "bo@example.com", KZ_ROLE_AGENT, f->team2);

  /* I1 email Ana 2 March; I2 call Bo 5 March; I3 email Bo 10 March
   * (reviewed); I4 call Ana 12 March. */
  f->i1 = interaction (f, KZ_CHANNEL_EMAIL, f->ana, 2, "Bill higher than expected", "m1");
  email (f, f->i1, "m1", "My bill doubled this month.");
  f->i2 = interaction (f, KZ_CHANNEL_CALL, f->bo, 5, "Inbound call", "C-2");
  call (f, f->i2, (const char *[]) { "Customer: I am moving house next week", "Agent: thank you", NULL });
  f->i3 = interaction (f, KZ_CHANNEL_EMAIL, f->bo, 10, "Smart meter display", "m3");
  email (f, f->i3, "m3", "The display shows no signal since Monday. Bill is fine.");
  f->i4 = interaction (f, KZ_CHANNEL_CALL, f->ana, 12, "Outbound call", "C-4");
  call (f, f->i4, (const char *[]) { "Agent: your refund was paid", NULL });

  g_assert_true (kz_store_add_rubric (f->store, rubric, NULL, &error));
  ev->rubric_id = g_strdup ("r");
  ev->interaction_id = f->i3;
  ev->agent_id = f->bo;
  ev->reviewer_id = person (f, "Rui", "rui@example.com", KZ_ROLE_REVIEWER, 0);
  ev->state = KZ_EVALUATION_SUBMITTED;
  kz_answer_set_put (ev->answers, kz_answer_new ("c", KZ_ANSWER_VALUE, 1, NULL));
  kz_store_save_evaluation (f->store, ev, &error);
  g_assert_no_error (error);

  /* I1 has a draft only: being reviewed, not reviewed. */
  {
    g_autoptr(KzEvaluation) draft = kz_evaluation_new ();

    draft->rubric_id = g_strdup ("r");
    draft->interaction_id = f->i1;
    draft->agent_id = f->ana;
    draft->reviewer_id = ev->reviewer_id;
    kz_store_save_evaluation (f->store, draft, &error);
    g_assert_no_error (error);
  }
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

/* The ids found, newest first, as "i3,i1" — checked against lists worked
 * out by hand from the fixture. */
static char *
found (Fixture *f, const KzInteractionQuery *q, guint offset, guint limit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = kz_store_search_interactions (f->store, q, offset, limit, &error);
  g_autoptr(GString) s = g_string_new (NULL);
  gint64 count;

  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      KzInteractionSummary *r = g_ptr_array_index (rows, i);
      int n = r->id == f->i1 ? 1 : r->id == f->i2 ? 2 : r->id == f->i3 ? 3 : r->id == f->i4 ? 4 : 0;

      g_string_append_printf (s, "%si%d", s->len ? "," : "", n);
    }
  count = kz_store_count_interactions (f->store, q, &error);
  g_assert_no_error (error);
  if (offset == 0 && limit >= 100)
    g_assert_cmpint (count, ==, rows->len);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

#define ASSERT_FOUND(q, expected) G_STMT_START { g_autofree char *got_ = found (f, (q), 0, 100); \
    g_assert_cmpstr (got_, ==, (expected)); } G_STMT_END

static void
test_search (Fixture *f, gconstpointer data)
{
  KzInteractionQuery q = { .any_channel = TRUE };
  g_autoptr(GDateTime) from = g_date_time_new_utc (2026, 3, 5, 0, 0, 0);
  g_autoptr(GDateTime) to = g_date_time_new_utc (2026, 3, 11, 0, 0, 0);

  ASSERT_FOUND (&q, "i4,i3,i2,i1");

  q.text = "bill";                /* I1's subject and body, I3's body */
  ASSERT_FOUND (&q, "i3,i1");
  q.text = "Bill, DOUBLED!";      /* every word, in any piece of the interaction */
  ASSERT_FOUND (&q, "i1");
  q.text = "mov";                 /* the last word is also a prefix: "moving" */
  ASSERT_FOUND (&q, "i2");
  q.text = "refund";
  q.any_channel = FALSE;
  q.channel = KZ_CHANNEL_CALL;
  ASSERT_FOUND (&q, "i4");
  q.channel = KZ_CHANNEL_EMAIL;
  ASSERT_FOUND (&q, "");
  q.any_channel = TRUE;

  /* Search syntax in the box is just words, never an error. */
  q.text = "bill\" OR * NEAR(";
  ASSERT_FOUND (&q, "");
  q.text = "\"signal\"";
  ASSERT_FOUND (&q, "i3");

  q.text = NULL;
  q.agent_id = f->ana;
  ASSERT_FOUND (&q, "i4,i1");
  q.agent_id = 0;
  q.team_id = f->team2;
  ASSERT_FOUND (&q, "i3,i2");
  q.team_id = 0;
  q.from = from;
  q.to = to;
  ASSERT_FOUND (&q, "i3,i2");
  q.from = q.to = NULL;
  q.reviewed = KZ_REVIEWED_YES;
  ASSERT_FOUND (&q, "i3");
  q.reviewed = KZ_REVIEWED_NO;          /* I1's draft is not a review */
  ASSERT_FOUND (&q, "i4,i2,i1");
  q.reviewed = KZ_REVIEWED_ANY;

  /* What each row says: evaluations of any state, and submitted ones. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) rows = kz_store_search_interactions (f->store, &q, 0, 10, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (rows->len, ==, 4);
    for (guint i = 0; i < rows->len; i++)
      {
        KzInteractionSummary *r = g_ptr_array_index (rows, i);

        g_assert_cmpuint (r->n_evaluations, ==, r->id == f->i3 || r->id == f->i1 ? 1 : 0);
        g_assert_cmpuint (r->n_submitted, ==, r->id == f->i3 ? 1 : 0);
      }
  }

  /* Pages, as the lazy list fetches them. */
  {
    g_autofree char *page = found (f, &q, 1, 2);
    g_assert_cmpstr (page, ==, "i3,i2");
  }

  /* The next page after a row held: I3 started 10 March 10:00 UTC. */
  {
    g_autoptr(GDateTime) i3_start = g_date_time_new_utc (2026, 3, 10, 10, 0, 0);
    g_autofree char *after_i3 = NULL;
    g_autofree char *bills = NULL;
    KzInteractionQuery next = q;

    next.cursor_started_at = g_date_time_to_unix (i3_start);
    next.cursor_id = f->i3;
    after_i3 = found (f, &next, 0, 1);
    g_assert_cmpstr (after_i3, ==, "i2");
    next.text = "bill";             /* with words too: I3, I1 match; after I3 */
    bills = found (f, &next, 0, 100);
    g_assert_cmpstr (bills, ==, "i1");
  }
}

static void
test_words (void)
{
  g_auto(GStrv) a = kz_search_words ("  Bill, DOUBLED! été*\"x\" ");
  g_auto(GStrv) b = kz_search_words ("a b c d e f g h i j");
  g_auto(GStrv) c = kz_search_words (NULL);

  g_assert_cmpuint (g_strv_length (a), ==, 4);
  g_assert_cmpstr (a[0], ==, "bill");
  g_assert_cmpstr (a[1], ==, "doubled");
  g_assert_cmpstr (a[2], ==, "été");
  g_assert_cmpstr (a[3], ==, "x");
  g_assert_cmpuint (g_strv_length (b), ==, 8);
  g_assert_cmpuint (g_strv_length (c), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/search/words", test_words);
  for (guint b = 0; b < 2; b++)
    {
      const char *backend = b == 0 ? "sqlite" : "pg";
      g_autofree char *path = g_strconcat ("/", backend, "/search/interactions", NULL);

      if (b == 1 && !kz_test_pg_available ())
        break;
      g_test_add (path, Fixture, backend, fixture_setup, test_search, fixture_teardown);
    }
  return g_test_run ();
}
