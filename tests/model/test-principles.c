/* test-principles.c — CX principles and personas: the library on both
 * backends (a single file, and the team server of tests/pg/with-pg-server
 * as its owner), rubric links in the XML (loader, writer, draft), scores
 * per principle worked out by hand, and schema 14 → 15.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kz-cx.h"
#include "kz-error.h"
#include "kz-pg-admin.h"
#include "kz-pg-store-private.h"
#include "kz-rubric-draft.h"
#include "kz-rubric-writer.h"
#include "kz-sqlite-store-private.h"
#include "kz-store.h"
#include "kz-test-db.h"

#define NS "https://kaizen-qa.org/ns/rubric/1"
#define EPS 1e-9

/* Section A (W 50, principles p-own): a1 binary w 1 (p-easy), a2 1–5 w 2.
 * Section B (W 50): b1 1–3 w 1 N/A excluded (p-easy), b2 binary w 3 N/A
 * pass (p-easy, p-ghost; persona sam).  So a1 → p-easy, p-own; a2 →
 * p-own; b1 → p-easy; b2 → p-easy, p-ghost. */
static const char cx_rubric[] =
  "<rubric xmlns='" NS "' id='cx' version='1'><title>CX</title>"
  "<section id='A' weight='50' principles='p-own'><title>A</title>"
  " <criterion id='a1' principles='p-easy'><title>A one</title><guidance>g</guidance>"
  "  <scale kind='binary'><point value='0' label='No'/><point value='1' label='Yes'/></scale></criterion>"
  " <criterion id='a2' weight='2'><title>A two</title><guidance>g</guidance>"
  "  <scale kind='ordinal'><point value='1'/><point value='2'/><point value='3'/><point value='4'/>"
  "   <point value='5'/></scale></criterion></section>"
  "<section id='B' weight='50'><title>B</title>"
  " <criterion id='b1' na='exclude' principles='p-easy'><title>B one</title><guidance>g</guidance>"
  "  <scale kind='ordinal'><point value='1'/><point value='2'/><point value='3'/></scale></criterion>"
  " <criterion id='b2' weight='3' na='pass' principles='p-easy p-ghost' personas='sam'><title>B two</title>"
  "  <guidance>g</guidance>"
  "  <scale kind='binary'><point value='0' label='No'/><point value='1' label='Yes'/></scale></criterion>"
  "</section></rubric>";

typedef struct {
  char    *dir;
  gboolean pg;
  char    *location;
  KzStore *store;
  gint64   team_1, team_2, ana, bo, rui;
} Fixture;

static KzRubric *
load_text (const char *xml)
{
  g_autoptr(GError) error = NULL;
  KzRubric *r = kz_rubric_load_data (xml, strlen (xml), "test.xml", &error);

  g_assert_no_error (error);
  return r;
}

static gint64
person (KzStore *store, const char *name, KzRoles roles, gint64 team, const char *email)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzPerson) p = kz_person_new (name, roles);
  gint64 id;

  p->team_id = team;
  g_strfreev (p->emails);
  p->emails = g_new0 (char *, 2);
  p->emails[0] = g_strdup (email);
  id = kz_store_add_person (store, p, &error);
  g_assert_no_error (error);
  return id;
}

static void
add_people (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  gint64 org = kz_store_add_unit (f->store, KZ_UNIT_ORGANISATION, "Org", 0, &error);
  gint64 site = kz_store_add_unit (f->store, KZ_UNIT_SITE, "Leeds", org, &error);

  f->team_1 = kz_store_add_unit (f->store, KZ_UNIT_TEAM, "Billing", site, &error);
  f->team_2 = kz_store_add_unit (f->store, KZ_UNIT_TEAM, "Moving", site, &error);
  g_assert_no_error (error);
  f->ana = person (f->store, "Ana Agent", KZ_ROLE_AGENT, f->team_1, "ana@example.org");
  f->bo = person (f->store, "Bo Agent", KZ_ROLE_AGENT, f->team_2, "bo@example.org");
  f->rui = person (f->store, "Rui Reviewer", KZ_ROLE_REVIEWER, 0, "rui@example.org");
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->pg = g_strcmp0 (data, "pg") == 0;
  f->dir = kz_test_tmpdir_new ();
  f->location = f->pg ? kz_test_pg_create_db () : g_build_filename (f->dir, "kaizen.db", NULL);
  f->store = f->pg ? kz_pg_store_open (f->location, NULL, TRUE, KZ_PG_SCHEMA_VERSION, &error)
                   : kz_store_open (f->location, &error);
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

/* A: answer value, or -1 for N/A. */
static gint64
evaluate (KzStore *store, gint64 agent, gint64 reviewer, int day, gboolean submit, int a1, int a2, int b1, int b2)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzEvaluation) ev = kz_evaluation_new ();
  const char *ids[4] = { "a1", "a2", "b1", "b2" };
  int values[4] = { a1, a2, b1, b2 };
  gint64 id;

  ev->rubric_id = g_strdup ("cx");
  ev->agent_id = agent;
  ev->reviewer_id = reviewer;
  ev->state = submit ? KZ_EVALUATION_SUBMITTED : KZ_EVALUATION_DRAFT;
  ev->created_at = g_date_time_new_utc (2026, 3, day, 12, 0, 0);
  ev->updated_at = g_date_time_ref (ev->created_at);
  for (guint i = 0; i < 4; i++)
    kz_answer_set_put (ev->answers, values[i] < 0 ? kz_answer_new (ids[i], KZ_ANSWER_NA, 0, NULL)
                                                  : kz_answer_new (ids[i], KZ_ANSWER_VALUE, values[i], NULL));
  id = kz_store_save_evaluation (store, ev, &error);
  g_assert_no_error (error);
  return id;
}

static GPtrArray *
principles_of (const char *const *rows)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_principle_free);

  for (guint i = 0; rows[i] != NULL; i += 2)
    g_ptr_array_add (out, kz_principle_new (rows[i], rows[i + 1], NULL));
  return out;
}

static char *
principle_list (KzStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = kz_store_list_principles (store, &error);
  GString *s = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    {
      KzPrinciple *p = g_ptr_array_index (list, i);

      g_string_append_printf (s, "%s%s=%s", i ? "," : "", p->id, p->title);
    }
  return g_string_free (s, FALSE);
}

/* ---- the library ------------------------------------------------------------------ */

static void
test_library (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) first = principles_of ((const char *[]) { "own", "Own the problem", "easy",
                                                                  "Make it effortless", NULL });
  g_autofree char *listed = NULL;

  g_assert_true (kz_store_save_principles (f->store, first, FALSE, &error));
  g_assert_no_error (error);
  listed = principle_list (f->store);
  g_assert_cmpstr (listed, ==, "own=Own the problem,easy=Make it effortless");
  g_assert_cmpint (kz_store_count (f->store, KZ_RECORD_PRINCIPLES, NULL), ==, 2);

  /* A batch with an id already there, without replace: nothing of it is
   * written, not even the new one before it. */
  {
    g_autoptr(GPtrArray) batch = principles_of ((const char *[]) { "safe", "Keep me safe", "own", "Mine", NULL });
    g_autofree char *after = NULL;

    g_assert_false (kz_store_save_principles (f->store, batch, FALSE, &error));
    g_assert_error (error, KZ_ERROR, KZ_ERROR_EXISTS);
    g_assert_nonnull (strstr (error->message, "own"));
    g_clear_error (&error);
    after = principle_list (f->store);
    g_assert_cmpstr (after, ==, "own=Own the problem,easy=Make it effortless");

    /* With replace: "own" keeps its place with the new title, "safe" goes last. */
    g_assert_true (kz_store_save_principles (f->store, batch, TRUE, &error));
    g_assert_no_error (error);
    g_free (after);
    after = principle_list (f->store);
    g_assert_cmpstr (after, ==, "own=Mine,easy=Make it effortless,safe=Keep me safe");
  }

  /* Bad records are refused before anything is written. */
  {
    const struct { const char *id, *title; } bad[] = {
      { "1st", "Starts with a digit" }, { "has space", "Space" }, { "ok", "" }, { "ok2", "two\nlines" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(KzPrinciple) p = kz_principle_new (bad[i].id, bad[i].title, NULL);
        g_autofree char *after = NULL;

        g_assert_false (kz_store_save_principle (f->store, p, TRUE, &error));
        g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
        g_clear_error (&error);
        after = principle_list (f->store);
        g_assert_cmpstr (after, ==, "own=Mine,easy=Make it effortless,safe=Keep me safe");
      }
  }

  /* Personas. */
  {
    g_autoptr(KzPersona) sam = kz_persona_new ("sam", "Sam, the busy parent");
    g_autoptr(KzPersona) ivy = kz_persona_new ("ivy", "Ivy");
    g_autoptr(GPtrArray) list = NULL;
    KzPersona *back;

    sam->situation = g_strdup ("Calls on a lunch break");
    sam->goals = g_strdup ("One call");
    g_free (sam->channel);
    sam->channel = g_strdup ("call");
    sam->tech_comfort = 2;
    g_assert_true (kz_store_save_persona (f->store, sam, FALSE, &error));
    g_assert_no_error (error);
    g_assert_true (kz_store_save_persona (f->store, ivy, FALSE, &error));
    g_assert_no_error (error);
    g_assert_false (kz_store_save_persona (f->store, sam, FALSE, &error));
    g_assert_error (error, KZ_ERROR, KZ_ERROR_EXISTS);
    g_clear_error (&error);

    ivy->tech_comfort = 6;
    g_assert_false (kz_store_save_persona (f->store, ivy, TRUE, &error));
    g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
    g_clear_error (&error);
    ivy->tech_comfort = 1;
    g_free (ivy->channel);
    ivy->channel = g_strdup ("pigeon");
    g_assert_false (kz_store_save_persona (f->store, ivy, TRUE, &error));
    g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
    g_assert_nonnull (strstr (error->message, "pigeon"));
    g_clear_error (&error);
    g_free (ivy->channel);
    ivy->channel = g_strdup ("self-service");
    g_assert_true (kz_store_save_persona (f->store, ivy, TRUE, &error));
    g_assert_no_error (error);

    list = kz_store_list_personas (f->store, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, 2);
    back = g_ptr_array_index (list, 0);
    g_assert_cmpstr (back->id, ==, "sam");
    g_assert_cmpstr (back->name, ==, "Sam, the busy parent");
    g_assert_cmpstr (back->situation, ==, "Calls on a lunch break");
    g_assert_cmpstr (back->goals, ==, "One call");
    g_assert_cmpstr (back->channel, ==, "call");
    g_assert_cmpint (back->tech_comfort, ==, 2);
    back = g_ptr_array_index (list, 1);
    g_assert_cmpstr (back->id, ==, "ivy");
    g_assert_null (back->situation);
    g_assert_cmpstr (back->channel, ==, "self-service");
    g_assert_cmpint (back->tech_comfort, ==, 1);
    g_assert_cmpint (kz_store_count (f->store, KZ_RECORD_PERSONAS, NULL), ==, 2);
  }
}

/* ---- scores per principle ------------------------------------------------------------ */

static const KzPrincipleScore *
find_score (GPtrArray *scores, const char *id)
{
  for (guint i = 0; i < scores->len; i++)
    if (g_str_equal (((KzPrincipleScore *) g_ptr_array_index (scores, i))->principle_id, id))
      return g_ptr_array_index (scores, i);
  g_assert_not_reached ();
}

static GPtrArray *
scores (Fixture *f, gint64 agent, gint64 team, int from_day, int to_day)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) from = from_day ? g_date_time_new_utc (2026, 3, from_day, 0, 0, 0) : NULL;
  g_autoptr(GDateTime) to = to_day ? g_date_time_new_utc (2026, 3, to_day, 0, 0, 0) : NULL;
  KzPrincipleFilter filter = { .agent_id = agent, .team_id = team, .from = from, .to = to };
  GPtrArray *ret = kz_store_principle_scores (f->store, &filter, &error);

  g_assert_no_error (error);
  return ret;
}

/* Normalised values: binary No 0 / Yes 1; 1–5: (x − 1) ÷ 4; 1–3: (x − 1) ÷ 2.
 *
 *   E1 Ana, 3 March: a1 Yes 1, a2 4 → .75, b1 2 → .5, b2 No 0
 *   E2 Ana, 10 March: a1 No 0, a2 5 → 1, b1 N/A (excluded), b2 N/A (pass → 1)
 *   E3 Bo, 5 March: a1 Yes 1, a2 1 → 0, b1 3 → 1, b2 Yes 1
 *   E4 Ana, 4 March, a draft (never counts): all lowest
 *
 * p-own (a1 w 1, a2 w 2): E1 1 + 1.5 = 2.5 of 3; E2 0 + 2 = 2 of 3; E3 1 + 0
 *   = 1 of 3 → 5.5 ÷ 9 = 61.111 %, 6 answers in 3 evaluations.
 * p-easy (a1 w 1, b1 w 1, b2 w 3): E1 1 + .5 + 0 = 1.5 of 5; E2 0 + 3 = 3 of
 *   4 (b1 left out); E3 1 + 1 + 3 = 5 of 5 → 9.5 ÷ 14 = 67.857 %, 8 answers.
 * p-ghost (b2 w 3, not in the library): 0 + 3 + 3 = 6 ÷ 9 = 66.667 %.
 * p-safe: no criterion → no score.
 * Ana: p-own 4.5 ÷ 6 = 75 %, p-easy 4.5 ÷ 9 = 50 %, p-ghost 3 ÷ 6 = 50 %.
 * Team Moving (Bo): p-own 1 ÷ 3 = 33.333 %, p-easy 5 ÷ 5 = 100 %.
 * 4–11 March (E2, E3): p-own 3 ÷ 6 = 50 %, p-easy 8 ÷ 9 = 88.889 %. */
static void
test_scores (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzRubric) rubric = load_text (cx_rubric);
  g_autoptr(GPtrArray) library = principles_of ((const char *[]) { "p-own", "Own it", "p-easy", "Make it easy",
                                                                    "p-safe", "Keep me safe", NULL });
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) ana = NULL;
  g_autoptr(GPtrArray) moving = NULL;
  g_autoptr(GPtrArray) period = NULL;
  const KzPrincipleScore *s;

  add_people (f);
  g_assert_true (kz_store_add_rubric (f->store, rubric, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (kz_store_save_principles (f->store, library, FALSE, &error));
  g_assert_no_error (error);
  evaluate (f->store, f->ana, f->rui, 3, TRUE, 1, 4, 2, 0);
  evaluate (f->store, f->ana, f->rui, 10, TRUE, 0, 5, -1, -1);
  evaluate (f->store, f->bo, f->rui, 5, TRUE, 1, 1, 3, 1);
  evaluate (f->store, f->ana, f->rui, 4, FALSE, 0, 1, 1, 0);

  all = scores (f, 0, 0, 0, 0);
  g_assert_cmpuint (all->len, ==, 4);
  /* The library's order, then what it lacks. */
  g_assert_cmpstr (((KzPrincipleScore *) all->pdata[0])->principle_id, ==, "p-own");
  g_assert_cmpstr (((KzPrincipleScore *) all->pdata[1])->principle_id, ==, "p-easy");
  g_assert_cmpstr (((KzPrincipleScore *) all->pdata[2])->principle_id, ==, "p-safe");
  g_assert_cmpstr (((KzPrincipleScore *) all->pdata[3])->principle_id, ==, "p-ghost");
  s = find_score (all, "p-own");
  g_assert_cmpstr (s->title, ==, "Own it");
  g_assert_true (s->in_library && s->has_score);
  g_assert_cmpfloat_with_epsilon (s->score, 100.0 * 5.5 / 9.0, EPS);
  g_assert_cmpuint (s->n_answers, ==, 6);
  g_assert_cmpuint (s->n_evaluations, ==, 3);
  s = find_score (all, "p-easy");
  g_assert_cmpfloat_with_epsilon (s->score, 100.0 * 9.5 / 14.0, EPS);
  g_assert_cmpfloat_with_epsilon (s->denominator, 14.0, EPS);
  g_assert_cmpuint (s->n_answers, ==, 8);
  g_assert_cmpuint (s->n_evaluations, ==, 3);
  s = find_score (all, "p-ghost");
  g_assert_false (s->in_library);
  g_assert_cmpstr (s->title, ==, "p-ghost");
  g_assert_cmpfloat_with_epsilon (s->score, 100.0 * 6.0 / 9.0, EPS);
  s = find_score (all, "p-safe");
  g_assert_false (s->has_score);
  g_assert_cmpuint (s->n_answers, ==, 0);

  ana = scores (f, f->ana, 0, 0, 0);
  g_assert_cmpfloat_with_epsilon (find_score (ana, "p-own")->score, 75.0, EPS);
  g_assert_cmpfloat_with_epsilon (find_score (ana, "p-easy")->score, 50.0, EPS);
  g_assert_cmpfloat_with_epsilon (find_score (ana, "p-ghost")->score, 50.0, EPS);
  g_assert_cmpuint (find_score (ana, "p-own")->n_evaluations, ==, 2);

  moving = scores (f, 0, f->team_2, 0, 0);
  g_assert_cmpfloat_with_epsilon (find_score (moving, "p-own")->score, 100.0 / 3.0, EPS);
  g_assert_cmpfloat_with_epsilon (find_score (moving, "p-easy")->score, 100.0, EPS);
  g_assert_cmpuint (find_score (moving, "p-easy")->n_evaluations, ==, 1);

  period = scores (f, 0, 0, 4, 11);
  g_assert_cmpfloat_with_epsilon (find_score (period, "p-own")->score, 50.0, EPS);
  g_assert_cmpfloat_with_epsilon (find_score (period, "p-easy")->score, 800.0 / 9.0, EPS);
}

/* ---- links in the rubric XML ------------------------------------------------------------ */

static void
test_links (void)
{
  g_autoptr(KzRubric) r = load_text (cx_rubric);
  KzCriterion *a1 = kz_rubric_find_criterion (r, "a1");
  KzCriterion *a2 = kz_rubric_find_criterion (r, "a2");
  KzCriterion *b2 = kz_rubric_find_criterion (r, "b2");
  g_auto(GStrv) a1_all = kz_criterion_dup_principles (a1);
  g_auto(GStrv) a2_all = kz_criterion_dup_principles (a2);
  g_auto(GStrv) b2_all = kz_criterion_dup_principles (b2);
  g_autofree char *xml = kz_rubric_to_xml (r, 0);
  g_autoptr(KzRubric) again = load_text (xml);
  g_autofree char *xml_again = kz_rubric_to_xml (again, 0);

  g_assert_cmpstr (a1->principles[0], ==, "p-easy");
  g_assert_null (a1->principles[1]);
  g_assert_cmpstr (a1_all[0], ==, "p-easy");
  g_assert_cmpstr (a1_all[1], ==, "p-own");
  g_assert_null (a1_all[2]);
  g_assert_cmpstr (a2_all[0], ==, "p-own");
  g_assert_null (a2_all[1]);
  g_assert_cmpuint (g_strv_length (a2->personas), ==, 0);
  g_assert_cmpstr (b2_all[0], ==, "p-easy");
  g_assert_cmpstr (b2_all[1], ==, "p-ghost");
  g_assert_cmpstr (b2->personas[0], ==, "sam");

  /* The writer keeps them, and reads back the same. */
  g_assert_nonnull (strstr (xml, "principles=\"p-easy p-ghost\" personas=\"sam\""));
  g_assert_nonnull (strstr (xml, "<section id=\"A\" weight=\"50\" principles=\"p-own\">"));
  g_assert_cmpstr (xml, ==, xml_again);
  g_assert_true (g_strv_equal ((const char * const *) kz_rubric_find_criterion (again, "b2")->principles,
                               (const char * const *) b2->principles));

  /* A draft keeps them too, and can change them. */
  {
    g_autoptr(KzRubricDraft) draft = kz_rubric_draft_new (r);
    KzDraftCriterion *dc = g_ptr_array_index (((KzDraftSection *) kz_rubric_draft_get_sections (draft)->pdata[0])->criteria, 1);
    g_autoptr(GError) error = NULL;
    g_autoptr(KzRubric) built = NULL;

    g_assert_false (kz_rubric_draft_is_modified (draft));
    kz_rubric_draft_set_criterion_links (draft, dc, (const char *[]) { "p-safe", NULL },
                                         (const char *[]) { "ivy", "sam", NULL });
    g_assert_true (kz_rubric_draft_is_modified (draft));
    built = kz_rubric_draft_build (draft, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (kz_rubric_find_criterion (built, "a2")->principles[0], ==, "p-safe");
    g_assert_cmpstr (kz_rubric_find_criterion (built, "a2")->personas[1], ==, "sam");
    g_assert_cmpstr (kz_rubric_find_criterion (built, "b2")->personas[0], ==, "sam");
    /* A bad id is the loader's problem, named. */
    kz_rubric_draft_set_criterion_links (draft, dc, (const char *[]) { "9lives", NULL }, NULL);
    g_assert_nonnull (kz_rubric_draft_check (draft));
  }

  /* Mistakes in a file: a line and a reason. */
  {
    const struct { const char *from, *to, *says; } bad[] = {
      { "principles='p-own'", "principles='p-own 9lives'", "9lives" },
      { "personas='sam'", "personas='sam sam'", "twice" },
      { "principles='p-easy p-ghost'", "principles='p-easy p-&#233;'", "p-é" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(GString) text = g_string_new (cx_rubric);
        g_autoptr(GError) error = NULL;
        g_autoptr(KzRubric) none = NULL;

        g_assert_cmpuint (g_string_replace (text, bad[i].from, bad[i].to, 1), ==, 1);
        none = kz_rubric_load_data (text->str, text->len, "bad.xml", &error);
        g_assert_null (none);
        g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE);
        g_assert_true (g_str_has_prefix (error->message, "bad.xml:1:"));
        g_assert_nonnull (strstr (error->message, bad[i].says));
      }
  }
}

/* ---- principles from CSV ---------------------------------------------------------------- */

static void
test_csv (void)
{
  g_autofree char *dir = kz_test_tmpdir_new ();
  g_autofree char *good = g_build_filename (dir, "good.csv", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.csv", NULL);
  g_autofree char *twice = g_build_filename (dir, "twice.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) read = NULL;

  g_assert_true (g_file_set_contents (good, "title,id,description\n"
                                            "Own the problem,own,\"Take it to the end, always\"\n"
                                            "\n"
                                            "Make it effortless,easy,\n", -1, NULL));
  g_assert_true (g_file_set_contents (bad, "id,title\nown,Own it\n,No id here\n", -1, NULL));
  g_assert_true (g_file_set_contents (twice, "id,title\nown,Own it\neasy,Easy\nown,Again\n", -1, NULL));

  read = kz_principles_read_csv (good, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read->len, ==, 2);
  g_assert_cmpstr (((KzPrinciple *) read->pdata[0])->id, ==, "own");
  g_assert_cmpstr (((KzPrinciple *) read->pdata[0])->description, ==, "Take it to the end, always");
  g_assert_cmpstr (((KzPrinciple *) read->pdata[1])->title, ==, "Make it effortless");
  g_assert_null (((KzPrinciple *) read->pdata[1])->description);
  g_clear_pointer (&read, g_ptr_array_unref);

  read = kz_principles_read_csv (bad, &error);
  g_assert_null (read);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE);
  g_assert_nonnull (strstr (error->message, "bad.csv:3:"));
  g_assert_nonnull (strstr (error->message, "id"));
  g_clear_error (&error);

  read = kz_principles_read_csv (twice, &error);
  g_assert_null (read);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE);
  g_assert_nonnull (strstr (error->message, "twice.csv:4:"));
  g_assert_nonnull (strstr (error->message, "twice"));
  kz_test_tmpdir_free (g_steal_pointer (&dir));
}

/* ---- schema 14 → 15 ------------------------------------------------------------------------ */

/* A database at schema 14 with people, a rubric and a submitted evaluation
 * (revision 1) upgrades with all of it as it was — the score, the revision,
 * the audit entry — and an empty library that then works. */
static void
test_upgrade_from_14 (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzRubric) rubric = load_text (cx_rubric);
  g_autoptr(KzEvaluation) ev = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GPtrArray) people = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GPtrArray) library = principles_of ((const char *[]) { "p-own", "Own it", NULL });
  g_autoptr(GPtrArray) after = NULL;
  g_autofree char *location = f->pg ? kz_test_pg_create_db () : g_build_filename (f->dir, "old.db", NULL);
  gint64 id;

  g_clear_object (&f->store);
  f->store = f->pg ? kz_pg_store_open (location, NULL, TRUE, 14, &error) : kz_sqlite_store_open (location, 14, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kz_store_get_schema_version (f->store), ==, 14);
  add_people (f);
  g_assert_true (kz_store_add_rubric (f->store, rubric, NULL, &error));
  g_assert_no_error (error);
  /* E1 of test_scores: A = (1 + 2 × .75) ÷ 3 = 2.5 ÷ 3, B = (.5 + 3 × 0) ÷ 4 =
   * .125, F = 100 × (50 × 2.5 ÷ 3 + 50 × .125) ÷ 100 = 41.667 + 6.25 = 47.917. */
  id = evaluate (f->store, f->ana, f->rui, 3, TRUE, 1, 4, 2, 0);
  g_clear_object (&f->store);

  f->store = f->pg ? kz_pg_store_open (location, NULL, TRUE, KZ_PG_SCHEMA_VERSION, &error)
                   : kz_store_open (location, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kz_store_get_schema_version (f->store), ==, f->pg ? KZ_PG_SCHEMA_VERSION : KZ_SQLITE_SCHEMA_VERSION);
  people = kz_store_list_people (f->store, KZ_ROLE_NONE, &error);
  g_assert_cmpuint (people->len, ==, 3);
  ev = kz_store_get_evaluation (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (ev->final, 50.0 * 2.5 / 3.0 + 50.0 * 0.125, 1e-6);
  g_assert_cmpint (ev->revision, ==, 1);
  g_assert_cmpfloat (kz_answer_set_get (ev->answers, "a2")->value, ==, 4);
  revisions = kz_store_list_revisions (f->store, id, &error);
  g_assert_cmpuint (revisions->len, ==, 1);
  audit = kz_store_list_audit (f->store, id, &error);
  g_assert_cmpuint (audit->len, ==, 1);
  g_assert_cmpstr (kz_rubric_get_checksum (kz_store_get_rubric (f->store, "cx", 1, &error)), ==,
                   kz_rubric_get_checksum (rubric));

  none = kz_store_list_principles (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_true (kz_store_save_principles (f->store, library, FALSE, &error));
  g_assert_no_error (error);
  /* p-own of E1 alone: 2.5 ÷ 3. */
  after = kz_store_principle_scores (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (find_score (after, "p-own")->score, 250.0 / 3.0, EPS);

  g_clear_object (&f->store);
  if (f->pg)
    kz_test_pg_drop_db (location);
}

/* ---- on the team server: who may change the library ------------------------------------ */

static KzStore *
login_as (Fixture *f, gint64 person, const char *role)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *login = g_strdup_printf ("cx%08x_%s", g_random_int (), role);
  g_autofree char *uri = kz_test_pg_uri_for (f->location, login, "secret-pass-1");
  KzStore *store;

  g_assert_true (kz_pg_admin_add_user (KZ_PG_STORE (f->store), login, "secret-pass-1", person, &error));
  g_assert_no_error (error);
  store = kz_store_open (uri, &error);
  g_assert_no_error (error);
  return store;
}

/* Everyone reads the library; an agent cannot change it, even through the
 * typed API's own statements; a manager can. */
static void
test_pg_who_may (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) library = principles_of ((const char *[]) { "p-own", "Own it", NULL });
  g_autoptr(KzStore) agent = NULL;
  g_autoptr(KzStore) manager = NULL;
  g_autoptr(KzPrinciple) mine = kz_principle_new ("p-mine", "Agent's own", NULL);
  g_autoptr(KzPersona) persona = kz_persona_new ("sam", "Sam");
  g_autoptr(GPtrArray) seen = NULL;
  g_autofree char *listed = NULL;
  gint64 mo;

  add_people (f);
  mo = person (f->store, "Mo Manager", KZ_ROLE_MANAGER, f->team_1, "mo@example.org");
  g_assert_true (kz_store_save_principles (f->store, library, FALSE, &error));
  g_assert_no_error (error);
  agent = login_as (f, f->ana, "agent");
  manager = login_as (f, mo, "manager");

  seen = kz_store_list_principles (agent, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_false (kz_store_save_principle (agent, mine, FALSE, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (kz_store_save_persona (agent, persona, FALSE, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  listed = principle_list (f->store);
  g_assert_cmpstr (listed, ==, "p-own=Own it");
  g_assert_cmpint (kz_store_count (f->store, KZ_RECORD_PERSONAS, NULL), ==, 0);

  g_assert_true (kz_store_save_principle (manager, mine, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (kz_store_save_persona (manager, persona, FALSE, &error));
  g_assert_no_error (error);
  g_free (listed);
  listed = principle_list (agent);
  g_assert_cmpstr (listed, ==, "p-own=Own it,p-mine=Agent's own");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cx/links", test_links);
  g_test_add_func ("/cx/csv", test_csv);
  for (guint b = 0; b < 2; b++)
    {
      const char *backend = b == 0 ? "sqlite" : "pg";

      if (b == 1 && !kz_test_pg_available ())
        {
          g_test_message ("KAIZEN_TEST_PG is not set: run under tests/pg/with-pg-server for the team server");
          break;
        }
#define ADD(name, fn) G_STMT_START { g_autofree char *path_ = g_strconcat ("/", backend, name, NULL); \
        g_test_add (path_, Fixture, backend, fixture_setup, fn, fixture_teardown); } G_STMT_END
      ADD ("/cx/library", test_library);
      ADD ("/cx/scores", test_scores);
      ADD ("/migrations/upgrade-from-14", test_upgrade_from_14);
      if (b == 1)
        ADD ("/cx/who-may", test_pg_who_may);
#undef ADD
    }
  return g_test_run ();
}
