/* test-coaching.c — the training catalog, recommendation rules and their
 * proposals, plans and their states, LMS completions and the schema 16
 * upgrade, on both backends (a single file, and the team server of
 * tests/pg/with-pg-server as its owner)
 *
 * Every expected figure is worked out by hand in the comment next to it,
 * from coaching.md and scoring.md's normalisation (v − min) ÷ (max − min).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "kz-coaching.h"
#include "kz-completion-import.h"
#include "kz-error.h"
#include "kz-impact-query.h"
#include "kz-pg-admin.h"
#include "kz-pg-store-private.h"
#include "kz-sqlite-store-private.h"
#include "kz-store-copy.h"
#include "kz-store.h"
#include "kz-test-db.h"

#define NS "https://kaizen-qa.org/ns/rubric/1"

/* G1 binary {0, 1}; G2 ordinal 1–5, so G2 = v scores 100 × (v − 1) ÷ 4. */
static const char rubric_xml[] =
  "<rubric xmlns='" NS "' id='spec' version='1' pass-mark='80'><title>Spec</title>"
  "<section id='greeting' weight='100'><title>Greeting</title>"
  " <criterion id='G1'><title>Greets</title><guidance>g</guidance>"
  "  <scale kind='binary'><point value='0' label='No'/><point value='1' label='Yes'/></scale></criterion>"
  " <criterion id='G2'><title>Warmth</title><guidance>g</guidance>"
  "  <scale kind='ordinal'><point value='1'/><point value='2'/><point value='3'/><point value='4'/>"
  "   <point value='5'/></scale></criterion></section></rubric>";

typedef struct {
  char    *dir;
  gboolean pg;
  char    *location;
  KzStore *store;
  gint64   team, agent, agent_b, reviewer, manager;
  gint64   elearning, course;
  GDateTime *now;
} Fixture;

static KzStore *
open_at (Fixture *f, const char *location)
{
  g_autoptr(GError) error = NULL;
  KzStore *store = f->pg ? kz_pg_store_open (location, NULL, TRUE, KZ_PG_SCHEMA_VERSION, &error)
                         : kz_store_open (location, &error);

  g_assert_no_error (error);
  return store;
}

static gint64
person (Fixture *f, const char *name, KzRoles roles, const char *email)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzPerson) p = kz_person_new (name, roles);
  gint64 id;

  p->team_id = f->team;
  g_strfreev (p->emails);
  p->emails = g_new0 (char *, 2);
  p->emails[0] = g_strdup (email);
  id = kz_store_add_person (f->store, p, &error);
  g_assert_no_error (error);
  return id;
}

static gint64
catalog_item (Fixture *f, KzCatalogKind kind, const char *title, const char *criterion)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzCatalogItem) item = kz_catalog_item_new (kind, title);

  if (kind == KZ_CATALOG_ELEARNING)
    {
      item->link = g_strdup ("https://lms.example.org/greeting");
      item->minutes = 20;
    }
  else
    item->capacity = 3;
  g_ptr_array_add (item->criteria, kz_criterion_ref_new ("spec", criterion));
  g_assert_cmpint (kz_store_save_catalog_item (f->store, item, &error), >, 0);
  g_assert_no_error (error);
  return item->id;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzRubric) r = NULL;
  gint64 org, site;

  f->pg = g_strcmp0 (data, "pg") == 0;
  f->dir = kz_test_tmpdir_new ();
  f->location = f->pg ? kz_test_pg_create_db () : g_build_filename (f->dir, "kaizen.db", NULL);
  f->store = open_at (f, f->location);
  f->now = g_date_time_new_utc (2026, 3, 10, 12, 0, 0);

  org = kz_store_add_unit (f->store, KZ_UNIT_ORGANISATION, "Org", 0, &error);
  site = kz_store_add_unit (f->store, KZ_UNIT_SITE, "Leeds", org, &error);
  f->team = kz_store_add_unit (f->store, KZ_UNIT_TEAM, "Billing", site, &error);
  g_assert_no_error (error);
  f->agent = person (f, "Ana Agent", KZ_ROLE_AGENT, "ana@example.org");
  f->agent_b = person (f, "Bo Agent", KZ_ROLE_AGENT, "bo@example.org");
  f->reviewer = person (f, "Rui Reviewer", KZ_ROLE_REVIEWER, "rui@example.org");
  f->manager = person (f, "Mo Manager", KZ_ROLE_MANAGER, "mo@example.org");
  r = kz_rubric_load_data (rubric_xml, strlen (rubric_xml), "spec.xml", &error);
  g_assert_no_error (error);
  g_assert_true (kz_store_add_rubric (f->store, r, NULL, &error));
  f->elearning = catalog_item (f, KZ_CATALOG_ELEARNING, "Greeting basics", "G1");
  f->course = catalog_item (f, KZ_CATALOG_COURSE, "Warmth workshop", "G2");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  if (f->pg)
    kz_test_pg_drop_db (f->location);
  g_free (f->location);
  g_clear_pointer (&f->now, g_date_time_unref);
  kz_test_tmpdir_free (f->dir);
}

/* A submitted evaluation of @agent, @days_ago days before f->now. */
static gint64
submit (Fixture *f, gint64 agent, double days_ago, int g1, int g2)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzEvaluation) ev = kz_evaluation_new ();
  g_autofree char *ref = g_strdup_printf ("CALL-%u", g_random_int ());
  g_autoptr(GDateTime) when = g_date_time_add_seconds (f->now, -days_ago * 86400);
  KzInteraction it = { .channel = KZ_CHANNEL_CALL, .agent_id = agent, .started_at = when,
                       .subject = (char *) "Meter", .external_ref = ref };
  gint64 id;

  ev->interaction_id = kz_store_add_interaction (f->store, &it, &error);
  g_assert_no_error (error);
  ev->rubric_id = g_strdup ("spec");
  ev->agent_id = agent;
  ev->reviewer_id = f->reviewer;
  ev->state = KZ_EVALUATION_SUBMITTED;
  ev->created_at = g_date_time_ref (when);
  ev->updated_at = g_date_time_ref (when);
  kz_answer_set_put (ev->answers, kz_answer_new ("G1", KZ_ANSWER_VALUE, g1, NULL));
  kz_answer_set_put (ev->answers, g2 > 0 ? kz_answer_new ("G2", KZ_ANSWER_VALUE, g2, NULL)
                                         : kz_answer_new ("G2", KZ_ANSWER_NA, 0, NULL));
  id = kz_store_save_evaluation (f->store, ev, &error);
  g_assert_no_error (error);
  return id;
}

static gint64
rule_last_n (Fixture *f, int n, int cooldown_weeks)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzCoachingRule) rule = kz_coaching_rule_new ();

  rule->rubric_id = g_strdup ("spec");
  rule->criterion_id = g_strdup ("G1");
  rule->condition = KZ_RULE_LAST_N_FAILED;
  rule->n = n;
  rule->catalog_item_id = f->elearning;
  rule->cooldown_weeks = cooldown_weeks;
  rule->sla_days = 14;
  g_assert_cmpint (kz_store_save_rule (f->store, rule, &error), >, 0);
  g_assert_no_error (error);
  return rule->id;
}

static GPtrArray *
run (Fixture *f, GDateTime *at)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *made = kz_store_run_rules (f->store, 0, at, &error);

  g_assert_no_error (error);
  g_assert_nonnull (made);
  return made;
}

static GDate
day (int y, int m, int d)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  return date;
}

/* ---- catalog ---------------------------------------------------------------- */

static void
test_catalog (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = kz_store_list_catalog_items (f->store, &error);
  g_autoptr(KzCatalogItem) both = kz_catalog_item_new (KZ_CATALOG_ELEARNING, "Both");
  g_autoptr(KzCatalogItem) unknown = kz_catalog_item_new (KZ_CATALOG_COURSE, "Unknown criterion");
  g_autoptr(GPtrArray) after = NULL;
  const KzCatalogItem *e, *c;

  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 2);
  /* By title: "Greeting basics" < "Warmth workshop". */
  e = items->pdata[0];
  c = items->pdata[1];
  g_assert_cmpint (e->kind, ==, KZ_CATALOG_ELEARNING);
  g_assert_cmpstr (e->link, ==, "https://lms.example.org/greeting");
  g_assert_null (e->file);
  g_assert_cmpint (e->minutes, ==, 20);
  g_assert_cmpuint (e->criteria->len, ==, 1);
  g_assert_cmpstr (((KzCriterionRef *) e->criteria->pdata[0])->criterion_id, ==, "G1");
  g_assert_cmpint (c->kind, ==, KZ_CATALOG_COURSE);
  g_assert_cmpint (c->capacity, ==, 3);
  g_assert_null (c->external_id);

  /* An LMS id finds its item; two items never share one. */
  {
    g_autoptr(KzCatalogItem) copy = kz_store_get_catalog_item (f->store, e->id, &error);
    g_autoptr(KzCatalogItem) found = NULL;
    g_autoptr(KzCatalogItem) other = kz_catalog_item_new (KZ_CATALOG_COURSE, "Same LMS id");

    copy->external_id = g_strdup ("https://lms.example.org/xapi/activities/greeting");
    g_assert_cmpint (kz_store_save_catalog_item (f->store, copy, &error), ==, e->id);
    g_assert_no_error (error);
    found = kz_store_find_catalog_item (f->store, "https://lms.example.org/xapi/activities/greeting", &error);
    g_assert_no_error (error);
    g_assert_cmpint (found->id, ==, e->id);
    g_assert_null (kz_store_find_catalog_item (f->store, "nope", &error));
    g_assert_error (error, KZ_ERROR, KZ_ERROR_NOT_FOUND);
    g_clear_error (&error);
    other->capacity = 5;
    other->external_id = g_strdup (copy->external_id);
    g_ptr_array_add (other->criteria, kz_criterion_ref_new ("spec", "G2"));
    g_assert_cmpint (kz_store_save_catalog_item (f->store, other, &error), ==, 0);
    g_assert_error (error, KZ_ERROR, KZ_ERROR_EXISTS);
    g_clear_error (&error);
  }

  /* A link and a file: refused, nothing stored. */
  both->link = g_strdup ("https://x");
  both->file = g_strdup ("/srv/x.zip");
  both->minutes = 5;
  g_ptr_array_add (both->criteria, kz_criterion_ref_new ("spec", "G1"));
  g_assert_cmpint (kz_store_save_catalog_item (f->store, both, &error), ==, 0);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  /* A criterion the rubric does not have. */
  unknown->capacity = 4;
  g_ptr_array_add (unknown->criteria, kz_criterion_ref_new ("spec", "Z9"));
  g_assert_cmpint (kz_store_save_catalog_item (f->store, unknown, &error), ==, 0);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  after = kz_store_list_catalog_items (f->store, &error);
  g_assert_cmpuint (after->len, ==, 2);
}

/* ---- rules ------------------------------------------------------------------ */

/* Last 3 failed G1 (binary: 0 fails, the scale's minimum). */
static void
test_rule_last_n (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) made = NULL;
  g_autoptr(GPtrArray) again = NULL;
  gint64 rule = rule_last_n (f, 3, 2);
  gint64 e3, e2, e1;
  const KzProposal *p;

  /* Oldest first: 0, 1, 0, 0 → the newest three are 0, 0, 1: no. */
  submit (f, f->agent, 5, 0, 3);
  submit (f, f->agent, 4, 1, 3);
  submit (f, f->agent, 3, 0, 3);
  e2 = submit (f, f->agent, 2, 0, 3);
  made = run (f, f->now);
  g_assert_cmpuint (made->len, ==, 0);
  g_clear_pointer (&made, g_ptr_array_unref);

  /* An N/A-free fail a day ago: now 0, 0, 0 (days 1, 2, 3). */
  e1 = submit (f, f->agent, 1, 0, 3);
  e3 = 0;
  {
    g_autoptr(GPtrArray) evs = NULL;
    KzEvaluationFilter filter = { .agent_id = f->agent, .submitted_only = TRUE };
    evs = kz_store_list_evaluations (f->store, &filter, &error);
    /* The third newest is the one of 3 days ago. */
    e3 = ((KzEvaluationSummary *) evs->pdata[2])->id;
  }
  made = run (f, f->now);
  g_assert_cmpuint (made->len, ==, 1);
  p = made->pdata[0];
  g_assert_cmpint (p->rule_id, ==, rule);
  g_assert_cmpint (p->agent_id, ==, f->agent);
  g_assert_cmpint (p->state, ==, KZ_PROPOSAL_PENDING);
  g_assert_cmpuint (p->evidence->len, ==, 3);
  g_assert_cmpint (g_array_index (p->evidence, gint64, 0), ==, e1);
  g_assert_cmpint (g_array_index (p->evidence, gint64, 1), ==, e2);
  g_assert_cmpint (g_array_index (p->evidence, gint64, 2), ==, e3);

  /* Not duplicated while pending. */
  again = run (f, f->now);
  g_assert_cmpuint (again->len, ==, 0);
  g_clear_pointer (&again, g_ptr_array_unref);
  {
    g_autoptr(GPtrArray) all = kz_store_list_proposals (f->store, FALSE, &error);
    g_assert_cmpuint (all->len, ==, 1);
    g_assert_cmpuint (((KzProposal *) all->pdata[0])->evidence->len, ==, 3);
  }

  /* Dismissed now; cooldown 2 weeks: none 13 days later, one 14 days later. */
  g_assert_true (kz_store_dismiss_proposal (f->store, p->id, f->manager, f->now, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GDateTime) d13 = g_date_time_add_days (f->now, 13);
    g_autoptr(GDateTime) d14 = g_date_time_add_days (f->now, 14);
    again = run (f, d13);
    g_assert_cmpuint (again->len, ==, 0);
    g_clear_pointer (&again, g_ptr_array_unref);
    again = run (f, d14);
    g_assert_cmpuint (again->len, ==, 1);
  }
  /* Deciding twice: refused. */
  g_assert_false (kz_store_dismiss_proposal (f->store, p->id, f->manager, f->now, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  /* The other agent has no evaluations: no proposal. */
  {
    g_autoptr(GPtrArray) pending = kz_store_list_proposals (f->store, TRUE, &error);
    g_assert_cmpuint (pending->len, ==, 1);
    g_assert_cmpint (((KzProposal *) pending->pdata[0])->agent_id, ==, f->agent);
  }
}

/* Mean of G2 below 50 over the last 7 days. */
static void
test_rule_mean_below (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzCoachingRule) rule = kz_coaching_rule_new ();
  g_autoptr(GPtrArray) made = NULL;
  const KzProposal *p;

  rule->rubric_id = g_strdup ("spec");
  rule->criterion_id = g_strdup ("G2");
  rule->condition = KZ_RULE_MEAN_BELOW;
  rule->threshold = 50;
  rule->days = 7;
  rule->catalog_item_id = f->course;
  rule->sla_days = 10;
  g_assert_cmpint (kz_store_save_rule (f->store, rule, &error), >, 0);

  /* Ana: G2 = 5 ten days ago (100, outside the window), 2 (25) and 3 (50)
   * within it, and an N/A (not counted): mean (25 + 50) ÷ 2 = 37.5 < 50.
   * Were the old one counted: (100 + 25 + 50) ÷ 3 = 58.3, not below. */
  submit (f, f->agent, 10, 1, 5);
  submit (f, f->agent, 3, 1, 2);
  submit (f, f->agent, 2, 1, 3);
  submit (f, f->agent, 1, 1, 0);
  /* Bo: 3 (50) and 4 (75): mean 62.5, not below.  */
  submit (f, f->agent_b, 3, 1, 3);
  submit (f, f->agent_b, 2, 1, 4);
  /* Exactly at the threshold is not below: Bo's 50 alone would be 50. */
  made = run (f, f->now);
  g_assert_cmpuint (made->len, ==, 1);
  p = made->pdata[0];
  g_assert_cmpint (p->agent_id, ==, f->agent);
  g_assert_cmpuint (p->evidence->len, ==, 2);
  g_assert_nonnull (strstr (p->reason, "37.5"));

  /* A course cannot become an eLearning assignment; a coaching session it can. */
  g_assert_cmpint (kz_store_accept_proposal (f->store, p->id, f->manager, KZ_PLAN_ELEARNING, 0, f->now, &error), ==, 0);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  {
    gint64 plan_id = kz_store_accept_proposal (f->store, p->id, f->manager, KZ_PLAN_COACHING, f->reviewer, f->now,
                                               &error);
    g_autoptr(KzPlan) plan = NULL;
    g_autoptr(GPtrArray) all = NULL;
    GDate due = day (2026, 3, 20);   /* 10 March + 10 days */

    g_assert_no_error (error);
    plan = kz_store_get_plan (f->store, plan_id, &error);
    g_assert_cmpint (plan->kind, ==, KZ_PLAN_COACHING);
    g_assert_cmpint (plan->agent_id, ==, f->agent);
    g_assert_cmpint (plan->coach_id, ==, f->reviewer);
    g_assert_cmpint (plan->proposal_id, ==, p->id);
    g_assert_cmpuint (plan->evidence->len, ==, 2);
    g_assert_cmpint (g_array_index (plan->evidence, gint64, 0), ==, g_array_index (p->evidence, gint64, 0));
    g_assert_cmpint (g_date_compare (&plan->due, &due), ==, 0);
    g_assert_cmpstr (((KzCriterionRef *) plan->criteria->pdata[0])->criterion_id, ==, "G2");
    all = kz_store_list_proposals (f->store, FALSE, &error);
    g_assert_cmpint (((KzProposal *) all->pdata[0])->state, ==, KZ_PROPOSAL_ACCEPTED);
    g_assert_cmpint (((KzProposal *) all->pdata[0])->plan_id, ==, plan_id);
    g_assert_cmpint (((KzProposal *) all->pdata[0])->decided_by, ==, f->manager);
  }
}

static void
test_accept_elearning (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) made = NULL;
  g_autoptr(KzPlan) plan = NULL;
  gint64 plan_id;
  GDate due = day (2026, 3, 24);   /* 10 March + 14 days */

  rule_last_n (f, 1, 0);
  submit (f, f->agent, 1, 0, 3);
  made = run (f, f->now);
  g_assert_cmpuint (made->len, ==, 1);

  /* An agent decides nothing (a single file checks the roles it is given). */
  g_assert_cmpint (kz_store_accept_proposal (f->store, ((KzProposal *) made->pdata[0])->id, f->agent,
                                             KZ_PLAN_ELEARNING, 0, f->now, &error), ==, 0);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_PERMISSION);
  g_clear_error (&error);

  plan_id = kz_store_accept_proposal (f->store, ((KzProposal *) made->pdata[0])->id, f->manager, KZ_PLAN_ELEARNING,
                                      0, f->now, &error);
  g_assert_no_error (error);
  plan = kz_store_get_plan (f->store, plan_id, &error);
  g_assert_cmpint (plan->kind, ==, KZ_PLAN_ELEARNING);
  g_assert_cmpint (plan->catalog_item_id, ==, f->elearning);
  g_assert_cmpint (plan->state, ==, KZ_PLAN_PLANNED);
  g_assert_cmpint (g_date_compare (&plan->due, &due), ==, 0);
  g_assert_cmpint (plan->sequence, ==, 0);

  /* Cooldown 0: a new proposal right away, as the fail still stands. */
  g_clear_pointer (&made, g_ptr_array_unref);
  made = run (f, f->now);
  g_assert_cmpuint (made->len, ==, 1);
  /* Accepting an accepted one: refused. */
  {
    g_autoptr(GPtrArray) all = kz_store_list_proposals (f->store, FALSE, &error);
    const KzProposal *accepted = all->pdata[all->len - 1];
    g_assert_cmpint (accepted->state, ==, KZ_PROPOSAL_ACCEPTED);
    g_assert_cmpint (kz_store_accept_proposal (f->store, accepted->id, f->manager, KZ_PLAN_ELEARNING, 0, f->now,
                                               &error), ==, 0);
    g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  }
}

/* The rules after a submit: run for that agent. */
static void
test_after_submit (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 ev;

  rule_last_n (f, 2, 0);
  ev = submit (f, f->agent, 0.5, 0, 3);
  g_assert_cmpint (kz_store_run_rules_after_submit (f->store, ev, &error), ==, 0);
  ev = submit (f, f->agent, 0.25, 0, 3);
  g_assert_cmpint (kz_store_run_rules_after_submit (f->store, ev, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (kz_store_run_rules_after_submit (f->store, ev, &error), ==, 0);
  /* Bo's draft with a fail proposes nothing, though the rule needs only two. */
  {
    g_autoptr(KzEvaluation) draft = kz_evaluation_new ();
    g_autoptr(GPtrArray) pending = NULL;
    gint64 id;

    submit (f, f->agent_b, 0.5, 0, 3);
    draft->rubric_id = g_strdup ("spec");
    draft->agent_id = f->agent_b;
    draft->reviewer_id = f->reviewer;
    draft->state = KZ_EVALUATION_DRAFT;
    draft->created_at = g_date_time_ref (f->now);
    draft->updated_at = g_date_time_ref (f->now);
    kz_answer_set_put (draft->answers, kz_answer_new ("G1", KZ_ANSWER_VALUE, 0, NULL));
    id = kz_store_save_evaluation (f->store, draft, &error);
    g_assert_no_error (error);
    g_assert_cmpint (kz_store_run_rules_after_submit (f->store, id, &error), ==, 0);
    pending = kz_store_list_proposals (f->store, TRUE, &error);
    g_assert_cmpuint (pending->len, ==, 1);   /* Ana's only */
  }
}

/* ---- plans ------------------------------------------------------------------ */

static KzPlan *
coaching_plan (Fixture *f, gint64 evidence)
{
  KzPlan *plan = kz_plan_new (KZ_PLAN_COACHING, "Greeting 1:1");
  KzActionItem *a = kz_action_item_new ("Listen to two calls of Rita's", f->agent);

  plan->agent_id = f->agent;
  plan->coach_id = f->reviewer;
  g_ptr_array_add (plan->criteria, kz_criterion_ref_new ("spec", "G1"));
  g_array_append_val (plan->evidence, evidence);
  plan->agenda = g_strdup ("The opening line");
  plan->shared_notes = g_strdup ("Shared with Ana");
  plan->private_notes = g_strdup ("Ana seemed tired");
  a->due = day (2026, 3, 17);
  g_ptr_array_add (plan->action_items, a);
  plan->starts_at = g_date_time_new_utc (2026, 3, 12, 9, 30, 0);
  plan->tzid = g_strdup ("Europe/London");
  plan->duration_minutes = 30;
  plan->follow_up = day (2026, 4, 1);
  return plan;
}

static void
test_plan_sequence (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzPlan) plan = coaching_plan (f, submit (f, f->agent, 2, 0, 3));
  g_autoptr(KzPlan) back = NULL;
  g_autoptr(KzPlan) stale = NULL;
  g_autofree char *uid = NULL;

  g_assert_cmpint (kz_store_save_plan (f->store, plan, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (plan->sequence, ==, 0);
  g_assert_nonnull (plan->uid);
  uid = g_strdup (plan->uid);
  back = kz_store_get_plan (f->store, plan->id, &error);
  g_assert_no_error (error);
  g_assert_true (kz_plan_equal (plan, back));
  g_assert_cmpstr (back->private_notes, ==, "Ana seemed tired");
  g_assert_false (back->private_notes_hidden);
  g_assert_cmpstr (back->tzid, ==, "Europe/London");
  g_assert_cmpint (g_date_time_to_unix (back->starts_at), ==, g_date_time_to_unix (plan->starts_at));
  g_assert_cmpuint (back->action_items->len, ==, 1);
  g_assert_cmpint (((KzActionItem *) back->action_items->pdata[0])->owner_id, ==, f->agent);
  stale = kz_plan_copy (back);

  /* Saving it unchanged keeps the sequence. */
  g_assert_cmpint (kz_store_save_plan (f->store, back, &error), ==, plan->id);
  g_assert_cmpint (back->sequence, ==, 0);

  /* Each change raises it by one; the uid stays. */
  g_free (back->agenda);
  back->agenda = g_strdup ("The opening line, and the name");
  g_assert_cmpint (kz_store_save_plan (f->store, back, &error), ==, plan->id);
  g_assert_cmpint (back->sequence, ==, 1);
  ((KzActionItem *) back->action_items->pdata[0])->done = TRUE;
  back->acknowledged_at = g_date_time_new_utc (2026, 3, 12, 10, 5, 0);
  back->commitment = g_strdup ("I will use the name twice");
  g_assert_cmpint (kz_store_save_plan (f->store, back, &error), ==, plan->id);
  g_assert_cmpint (back->sequence, ==, 2);
  g_assert_cmpstr (back->uid, ==, uid);
  {
    g_autoptr(KzPlan) again = kz_store_get_plan (f->store, plan->id, &error);
    g_assert_cmpint (again->sequence, ==, 2);
    g_assert_cmpstr (again->uid, ==, uid);
    g_assert_true (((KzActionItem *) again->action_items->pdata[0])->done);
    g_assert_cmpstr (again->commitment, ==, "I will use the name twice");
  }

  /* Someone saving what they read before those changes: a conflict. */
  g_free (stale->title);
  stale->title = g_strdup ("Other");
  g_assert_cmpint (kz_store_save_plan (f->store, stale, &error), ==, 0);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_CONFLICT);
  g_clear_error (&error);

  /* Marking it done raises it again. */
  g_assert_true (kz_store_set_plan_state (f->store, plan->id, KZ_PLAN_DONE, f->now, &error));
  {
    g_autoptr(KzPlan) done = kz_store_get_plan (f->store, plan->id, &error);
    g_assert_cmpint (done->sequence, ==, 3);
    g_assert_cmpint (done->state, ==, KZ_PLAN_DONE);
    g_assert_cmpint (g_date_time_to_unix (done->completed_at), ==, g_date_time_to_unix (f->now));
  }
}

static void
test_plan_states (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzPlan) a = coaching_plan (f, submit (f, f->agent, 2, 0, 3));
  g_autoptr(KzPlan) b = kz_plan_new (KZ_PLAN_ELEARNING, "Greeting basics");
  g_autoptr(KzPlan) bad = kz_plan_new (KZ_PLAN_ELEARNING, "No due date");

  g_assert_cmpint (kz_store_save_plan (f->store, a, &error), >, 0);
  b->agent_id = f->agent;
  b->catalog_item_id = f->elearning;
  b->due = day (2026, 3, 10);
  g_assert_cmpint (kz_store_save_plan (f->store, b, &error), >, 0);
  g_assert_no_error (error);

  /* Missing the due date: refused. */
  bad->agent_id = f->agent;
  bad->catalog_item_id = f->elearning;
  g_assert_cmpint (kz_store_save_plan (f->store, bad, &error), ==, 0);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  /* A course is not eLearning. */
  bad->due = day (2026, 3, 10);
  bad->catalog_item_id = f->course;
  g_assert_cmpint (kz_store_save_plan (f->store, bad, &error), ==, 0);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* Only its agent acknowledges a session, once; a change like any other. */
  {
    g_autoptr(GDateTime) at = g_date_time_new_utc (2026, 3, 12, 10, 0, 0);
    g_autoptr(KzPlan) acked = NULL;

    g_assert_false (kz_store_acknowledge_plan (f->store, a->id, f->agent_b, "Not mine", at, &error));
    g_assert_error (error, KZ_ERROR, KZ_ERROR_PERMISSION);
    g_clear_error (&error);
    g_assert_false (kz_store_acknowledge_plan (f->store, b->id, f->agent, NULL, at, &error));
    g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);   /* eLearning is not acknowledged */
    g_clear_error (&error);
    g_assert_true (kz_store_acknowledge_plan (f->store, a->id, f->agent, "  I will say my name  ", at, &error));
    g_assert_no_error (error);
    g_assert_false (kz_store_acknowledge_plan (f->store, a->id, f->agent, NULL, at, &error));
    g_assert_error (error, KZ_ERROR, KZ_ERROR_EXISTS);
    g_clear_error (&error);
    acked = kz_store_get_plan (f->store, a->id, &error);
    g_assert_cmpint (g_date_time_to_unix (acked->acknowledged_at), ==, g_date_time_to_unix (at));
    g_assert_cmpstr (acked->commitment, ==, "I will say my name");
    g_assert_cmpint (acked->sequence, ==, a->sequence + 1);
  }

  /* Overdue after the due date's day, not on it. */
  {
    g_autoptr(GDateTime) late_on_day = g_date_time_new_utc (2026, 3, 10, 23, 59, 0);
    g_autoptr(GDateTime) next_day = g_date_time_new_utc (2026, 3, 11, 0, 1, 0);
    g_assert_false (kz_plan_is_overdue (b, late_on_day));
    g_assert_true (kz_plan_is_overdue (b, next_day));
    g_assert_false (kz_plan_is_overdue (a, next_day));   /* no due date */

    /* planned → missed; missed is final. */
    g_assert_true (kz_store_set_plan_state (f->store, a->id, KZ_PLAN_MISSED, next_day, &error));
    g_assert_no_error (error);
    g_assert_false (kz_store_set_plan_state (f->store, a->id, KZ_PLAN_DONE, next_day, &error));
    g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
    g_clear_error (&error);
    /* planned → cancelled: not overdue any more, no completion time. */
    g_assert_true (kz_store_set_plan_state (f->store, b->id, KZ_PLAN_CANCELLED, NULL, &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(GPtrArray) ana = kz_store_list_plans (f->store, f->agent, &error);
    g_autoptr(GPtrArray) bo = kz_store_list_plans (f->store, f->agent_b, &error);
    g_autoptr(GPtrArray) rui = kz_store_list_plans (f->store, f->reviewer, &error);
    g_assert_cmpuint (ana->len, ==, 2);
    g_assert_cmpuint (bo->len, ==, 0);
    g_assert_cmpuint (rui->len, ==, 1);   /* the coach of one */
    /* Soonest first: the eLearning due 10 March before the session of 12 March. */
    g_assert_cmpint (((KzPlan *) ana->pdata[0])->kind, ==, KZ_PLAN_ELEARNING);
    g_assert_cmpint (((KzPlan *) ana->pdata[0])->state, ==, KZ_PLAN_CANCELLED);
    g_assert_null (((KzPlan *) ana->pdata[0])->completed_at);
    g_assert_cmpint (((KzPlan *) ana->pdata[1])->state, ==, KZ_PLAN_MISSED);
  }
}

static void
test_training (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzPlan) t = kz_plan_new (KZ_PLAN_TRAINING, "Warmth workshop");
  g_autoptr(KzPlan) back = NULL;
  gint64 people[] = { f->agent, f->agent_b, f->reviewer, f->manager };

  t->catalog_item_id = f->course;
  t->coach_id = f->manager;
  t->starts_at = g_date_time_new_utc (2026, 3, 16, 14, 0, 0);
  t->tzid = g_strdup ("Europe/Paris");
  t->duration_minutes = 90;
  t->link = g_strdup ("https://meet.example.org/warmth");
  t->recurrence.freq = KZ_FREQ_WEEKLY;
  t->recurrence.interval = 2;
  t->recurrence.count = 4;
  t->recurrence.byday = g_strdup ("MO,WE");
  for (guint i = 0; i < 4; i++)
    {
      KzAttendee *a = g_new0 (KzAttendee, 1);
      a->person_id = people[i];
      g_ptr_array_add (t->attendees, a);
    }
  /* Four attendees, three places (the course's capacity): refused. */
  g_assert_cmpint (kz_store_save_plan (f->store, t, &error), ==, 0);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_ptr_array_remove_index (t->attendees, 3);
  /* UNTIL and COUNT together: refused. */
  t->recurrence.until = g_date_time_new_utc (2026, 6, 1, 0, 0, 0);
  g_assert_cmpint (kz_store_save_plan (f->store, t, &error), ==, 0);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_clear_pointer (&t->recurrence.until, g_date_time_unref);
  g_assert_cmpint (kz_store_save_plan (f->store, t, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (t->sequence, ==, 0);

  back = kz_store_get_plan (f->store, t->id, &error);
  g_assert_true (kz_plan_equal (t, back));
  g_assert_cmpint (back->recurrence.freq, ==, KZ_FREQ_WEEKLY);
  g_assert_cmpint (back->recurrence.interval, ==, 2);
  g_assert_cmpint (back->recurrence.count, ==, 4);
  g_assert_cmpstr (back->recurrence.byday, ==, "MO,WE");
  g_assert_cmpuint (back->attendees->len, ==, 3);

  /* Dropping an occurrence is a change: sequence 1.  Attendance too: 2. */
  g_ptr_array_add (back->recurrence.exdates, g_date_time_new_utc (2026, 3, 30, 14, 0, 0));
  g_assert_cmpint (kz_store_save_plan (f->store, back, &error), >, 0);
  g_assert_cmpint (back->sequence, ==, 1);
  ((KzAttendee *) back->attendees->pdata[1])->attendance = KZ_ATTENDANCE_ATTENDED;
  g_assert_cmpint (kz_store_save_plan (f->store, back, &error), >, 0);
  g_assert_cmpint (back->sequence, ==, 2);
  {
    g_autoptr(KzPlan) again = kz_store_get_plan (f->store, t->id, &error);
    g_assert_cmpuint (again->recurrence.exdates->len, ==, 1);
    g_assert_cmpint (g_date_time_to_unix (again->recurrence.exdates->pdata[0]), ==,
                     g_date_time_to_unix (back->recurrence.exdates->pdata[0]));
    g_assert_cmpint (((KzAttendee *) again->attendees->pdata[1])->attendance, ==, KZ_ATTENDANCE_ATTENDED);
    g_assert_cmpstr (again->uid, ==, t->uid);
  }
  /* Cancelled: one more. */
  g_assert_true (kz_store_set_plan_state (f->store, t->id, KZ_PLAN_CANCELLED, NULL, &error));
  {
    g_autoptr(KzPlan) again = kz_store_get_plan (f->store, t->id, &error);
    g_assert_cmpint (again->sequence, ==, 3);
    g_assert_cmpstr (again->uid, ==, t->uid);
  }
  /* An attendee sees it in their plan. */
  {
    g_autoptr(GPtrArray) bo = kz_store_list_plans (f->store, f->agent_b, &error);
    g_assert_cmpuint (bo->len, ==, 1);
  }
}

/* ---- completions ---------------------------------------------------------------- */

static KzCompletion *
completion (gint64 person_id, gint64 item, KzCompletionStatus status, const char *statement, GDateTime *at)
{
  KzCompletion *c = kz_completion_new ();

  c->person_id = person_id;
  c->catalog_item_id = item;
  c->status = status;
  c->statement_id = g_strdup (statement);
  c->completed_at = g_date_time_ref (at);
  c->has_score = TRUE;
  c->score = 0.85;
  c->has_passed = TRUE;
  c->passed = status != KZ_COMPLETION_FAILED;
  return c;
}

static void
test_completions (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzPlan) plan = kz_plan_new (KZ_PLAN_ELEARNING, "Greeting basics");
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_completion_free);
  g_autoptr(GPtrArray) bad = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_completion_free);
  g_autoptr(GDateTime) at = g_date_time_new_utc (2026, 3, 9, 16, 0, 0);
  g_autoptr(GPtrArray) stored = NULL;
  guint n = 99;

  plan->agent_id = f->agent;
  plan->catalog_item_id = f->elearning;
  plan->due = day (2026, 3, 20);
  g_assert_cmpint (kz_store_save_plan (f->store, plan, &error), >, 0);

  /* Bo failed (no plan of his changes); Ana passed, reported twice under one
   * statement id, and once with no id. */
  g_ptr_array_add (rows, completion (f->agent_b, f->elearning, KZ_COMPLETION_FAILED, "stmt-1", at));
  g_ptr_array_add (rows, completion (f->agent, f->elearning, KZ_COMPLETION_PASSED, "stmt-2", at));
  g_ptr_array_add (rows, completion (f->agent, f->elearning, KZ_COMPLETION_PASSED, "stmt-2", at));
  g_ptr_array_add (rows, completion (f->agent, f->course, KZ_COMPLETION_ATTENDED, NULL, at));
  g_assert_true (kz_store_record_completions (f->store, rows, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpint (((KzCompletion *) rows->pdata[1])->plan_id, ==, plan->id);
  g_assert_cmpint (((KzCompletion *) rows->pdata[2])->id, ==, 0);   /* the repeat */
  g_assert_cmpint (((KzCompletion *) rows->pdata[0])->plan_id, ==, 0);
  {
    g_autoptr(KzPlan) done = kz_store_get_plan (f->store, plan->id, &error);
    g_assert_cmpint (done->state, ==, KZ_PLAN_DONE);
    g_assert_cmpint (g_date_time_to_unix (done->completed_at), ==, g_date_time_to_unix (at));
    g_assert_cmpint (done->sequence, ==, 1);
  }

  /* The same file again: nothing new but the row with no statement id. */
  g_assert_true (kz_store_record_completions (f->store, rows, &n, &error));
  g_assert_cmpuint (n, ==, 1);
  stored = kz_store_list_completions (f->store, &error);
  g_assert_cmpuint (stored->len, ==, 4);
  g_assert_true (fabs (((KzCompletion *) stored->pdata[0])->score - 0.85) < 1e-12);
  g_clear_pointer (&stored, g_ptr_array_unref);

  /* A good row and one naming a learner who is not there: nothing written. */
  g_ptr_array_add (bad, completion (f->agent_b, f->elearning, KZ_COMPLETION_PASSED, "stmt-3", at));
  g_ptr_array_add (bad, completion (424242, f->elearning, KZ_COMPLETION_PASSED, "stmt-4", at));
  g_assert_false (kz_store_record_completions (f->store, bad, &n, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  stored = kz_store_list_completions (f->store, &error);
  g_assert_cmpuint (stored->len, ==, 4);
}

/* kz_completions_import(): files matched to people and items, counted once, on both backends. */
static void
test_completions_import (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzCatalogItem) item = kz_store_get_catalog_item (f->store, f->elearning, &error);
  g_autoptr(KzPlan) plan = kz_plan_new (KZ_PLAN_ELEARNING, "Greeting basics");
  g_autoptr(GPtrArray) stored = NULL;
  g_autofree char *csv = g_build_filename (f->dir, "lms.csv", NULL);
  g_autofree char *json = g_build_filename (f->dir, "lms.json", NULL);
  g_autofree char *mixed = g_build_filename (f->dir, "mixed.csv", NULL);
  g_autofree char *csv_text = g_strdup_printf (
    "email,learner_id,course_id,status,completed_at,score_scaled\n"
    "ana@example.org,,LMS-7,passed,2026-03-02,0.9\n"                     /* 2 */
    ",%" G_GINT64_FORMAT ",LMS-7,completed,2026-03-03T10:00:00Z,\n"      /* 3: Bo by Kaizen id */
    "ghost@example.org,,LMS-7,passed,2026-03-02,\n"                       /* 4: nobody */
    "ana@example.org,,LMS-7,passed,2026-03-02,0.9\n"                      /* 5: line 2 again */
    "ana@example.org,%" G_GINT64_FORMAT ",LMS-7,passed,2026-03-02,\n",    /* 6: two people */
    f->agent_b, f->agent_b);
  KzCompletionImportReport report;

  item->external_id = g_strdup ("LMS-7");
  g_assert_cmpint (kz_store_save_catalog_item (f->store, item, &error), ==, f->elearning);
  plan->agent_id = f->agent;
  plan->catalog_item_id = f->elearning;
  plan->due = day (2026, 3, 20);
  g_assert_cmpint (kz_store_save_plan (f->store, plan, &error), >, 0);
  g_assert_no_error (error);

  g_assert_true (g_file_set_contents (csv, csv_text, -1, NULL));
  kz_completion_import_report_init (&report);
  g_assert_true (kz_completions_import (f->store, csv, FALSE, NULL, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.n_read, ==, 5);
  g_assert_cmpuint (report.n_stored, ==, 2);
  g_assert_cmpuint (report.n_duplicates, ==, 1);
  g_assert_cmpuint (report.n_plans_done, ==, 1);
  g_assert_cmpuint (report.issues->len, ==, 2);
  g_assert_cmpint (((KzImportIssue *) report.issues->pdata[0])->position, ==, 4);
  g_assert_cmpint (((KzImportIssue *) report.issues->pdata[1])->position, ==, 6);
  kz_completion_import_report_clear (&report);
  {
    g_autoptr(KzPlan) done = kz_store_get_plan (f->store, plan->id, &error);
    g_autoptr(GDateTime) at = g_date_time_new_utc (2026, 3, 2, 0, 0, 0);
    g_assert_cmpint (done->state, ==, KZ_PLAN_DONE);
    g_assert_cmpint (g_date_time_to_unix (done->completed_at), ==, g_date_time_to_unix (at));
  }

  /* Again: both good rows (and the repeat) were seen before. */
  kz_completion_import_report_init (&report);
  g_assert_true (kz_completions_import (f->store, csv, FALSE, NULL, &report, &error));
  g_assert_cmpuint (report.n_stored, ==, 0);
  g_assert_cmpuint (report.n_duplicates, ==, 3);
  kz_completion_import_report_clear (&report);

  /* xAPI: one statement twice in the file, then once more in another import. */
  g_assert_true (g_file_set_contents (json,
    "[{\"id\":\"5D2B7C1E-0000-4000-8000-000000000001\",\"actor\":{\"mbox\":\"mailto:bo@example.org\"},"
    "  \"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/failed\"},\"object\":{\"id\":\"LMS-7\"},"
    "  \"result\":{\"score\":{\"raw\":2,\"max\":8}},\"timestamp\":\"2026-03-04T09:00:00Z\"},"
    " {\"id\":\"5d2b7c1e-0000-4000-8000-000000000001\",\"actor\":{\"mbox\":\"mailto:bo@example.org\"},"
    "  \"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/failed\"},\"object\":{\"id\":\"LMS-7\"},"
    "  \"timestamp\":\"2026-03-04T09:00:00Z\"}]", -1, NULL));
  for (guint round = 0; round < 2; round++)
    {
      kz_completion_import_report_init (&report);
      g_assert_true (kz_completions_import (f->store, json, FALSE, NULL, &report, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (report.n_read, ==, 2);
      g_assert_cmpuint (report.n_stored, ==, round == 0 ? 1 : 0);
      g_assert_cmpuint (report.n_duplicates, ==, round == 0 ? 1 : 2);
      kz_completion_import_report_clear (&report);
    }
  stored = kz_store_list_completions (f->store, &error);
  g_assert_cmpuint (stored->len, ==, 3);
  /* Oldest first: Ana passed 2 March (0.9), Bo completed 3 March, Bo failed 4 March (2 ÷ 8 = 0.25). */
  g_assert_cmpint (((KzCompletion *) stored->pdata[0])->status, ==, KZ_COMPLETION_PASSED);
  g_assert_true (fabs (((KzCompletion *) stored->pdata[0])->score - 0.9) < 1e-12);
  g_assert_cmpint (((KzCompletion *) stored->pdata[1])->person_id, ==, f->agent_b);
  g_assert_cmpint (((KzCompletion *) stored->pdata[1])->status, ==, KZ_COMPLETION_COMPLETED);
  g_assert_cmpint (((KzCompletion *) stored->pdata[2])->status, ==, KZ_COMPLETION_FAILED);
  g_assert_true (fabs (((KzCompletion *) stored->pdata[2])->score - 0.25) < 1e-12);
  g_assert_cmpstr (((KzCompletion *) stored->pdata[2])->statement_id, ==, "5d2b7c1e-0000-4000-8000-000000000001");
  g_clear_pointer (&stored, g_ptr_array_unref);

  /* --strict: a bad row refuses the good one too. */
  g_assert_true (g_file_set_contents (mixed, "email,course_id,status,completed_at\n"
                                             "bo@example.org,LMS-7,passed,2026-03-09\n"
                                             "bo@example.org,LMS-8,passed,2026-03-09\n", -1, NULL));
  kz_completion_import_report_init (&report);
  g_assert_false (kz_completions_import (f->store, mixed, TRUE, NULL, &report, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE);
  g_clear_error (&error);
  g_assert_cmpuint (report.issues->len, ==, 1);
  kz_completion_import_report_clear (&report);
  stored = kz_store_list_completions (f->store, &error);
  g_assert_cmpuint (stored->len, ==, 3);
}

/* ---- who was coached on a criterion, from the plans (report impact) ---------------- */

/* A plan for @agent addressing spec:@criterion, marked done (or @state) at
 * local @y-@m-@d @hour:00 (local, so the day is the same whatever TZ). */
static gint64
plan_done_at (Fixture *f, KzPlanKind kind, gint64 agent, const char *criterion, KzPlanState state,
              int y, int m, int d, int hour)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzPlan) plan = kz_plan_new (kind, "On the criterion");
  g_autoptr(GDateTime) at = g_date_time_new_local (y, m, d, hour, 0, 0);

  if (kind == KZ_PLAN_TRAINING)
    {
      KzAttendee *a = g_new0 (KzAttendee, 1);

      a->person_id = agent;
      a->attendance = KZ_ATTENDANCE_ATTENDED;
      g_ptr_array_add (plan->attendees, a);
      plan->catalog_item_id = f->course;
      plan->starts_at = g_date_time_ref (at);
      plan->tzid = g_strdup ("Europe/London");
      plan->duration_minutes = 60;
    }
  else
    plan->agent_id = agent;
  if (kind == KZ_PLAN_COACHING)
    plan->coach_id = f->reviewer;
  if (kind == KZ_PLAN_ELEARNING)
    {
      plan->catalog_item_id = f->elearning;
      plan->due = day (y, m, d);
    }
  g_ptr_array_add (plan->criteria, kz_criterion_ref_new ("spec", criterion));
  g_assert_cmpint (kz_store_save_plan (f->store, plan, &error), >, 0);
  g_assert_no_error (error);
  if (state != KZ_PLAN_PLANNED)
    {
      g_assert_true (kz_store_set_plan_state (f->store, plan->id, state, state == KZ_PLAN_CANCELLED ? NULL : at,
                                              &error));
      g_assert_no_error (error);
    }
  return plan->id;
}

static int
compare_i64 (const void *a, const void *b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

/* @got (sorted agent ids) holds exactly @want's, in any order given. */
static void
assert_same_agents (GArray *got, gint64 *want, guint n)
{
  qsort (want, n, sizeof want[0], compare_i64);
  g_assert_cmpuint (got->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (g_array_index (got, gint64, i), ==, want[i]);
}

static void
test_coached_from_plans (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) coached = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) excluded = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 cy = person (f, "Cy Agent", KZ_ROLE_AGENT, "cy@example.org");
  gint64 di = person (f, "Di Agent", KZ_ROLE_AGENT, "di@example.org");
  gint64 ed = person (f, "Ed Agent", KZ_ROLE_AGENT, "ed@example.org");
  gint64 fa = person (f, "Fa Agent", KZ_ROLE_AGENT, "fa@example.org");
  gint64 gu = person (f, "Gu Agent", KZ_ROLE_AGENT, "gu@example.org");
  KzImpactPlan plan;
  GDate date = day (2026, 3, 10);

  /* The coaching date is 10 March, W = 30, G = 7: the pre window is 8 Feb –
   * 9 March, the gap 10–16 March, the post window 17 March – 15 April. */
  plan_done_at (f, KZ_PLAN_COACHING, gu, "G1", KZ_PLAN_DONE, 2026, 1, 29, 12);      /* D − 40 */
  plan_done_at (f, KZ_PLAN_COACHING, f->agent, "G1", KZ_PLAN_DONE, 2026, 3, 5, 12);  /* D − 5 */
  plan_done_at (f, KZ_PLAN_COACHING, di, "G1", KZ_PLAN_DONE, 2026, 3, 9, 23);          /* D − 1, late */
  plan_done_at (f, KZ_PLAN_COACHING, f->agent, "G1", KZ_PLAN_DONE, 2026, 3, 10, 0);  /* D, first hour */
  plan_done_at (f, KZ_PLAN_ELEARNING, f->agent_b, "G1", KZ_PLAN_DONE, 2026, 3, 16, 23); /* D + 6 */
  plan_done_at (f, KZ_PLAN_COACHING, cy, "G1", KZ_PLAN_DONE, 2026, 3, 17, 9);       /* D + 7 */
  /* Another criterion, not done, cancelled, missed; then group training Ed attended. */
  plan_done_at (f, KZ_PLAN_COACHING, ed, "G2", KZ_PLAN_DONE, 2026, 3, 10, 12);
  plan_done_at (f, KZ_PLAN_COACHING, fa, "G1", KZ_PLAN_PLANNED, 2026, 3, 10, 12);
  plan_done_at (f, KZ_PLAN_COACHING, fa, "G1", KZ_PLAN_CANCELLED, 2026, 3, 11, 12);
  plan_done_at (f, KZ_PLAN_ELEARNING, fa, "G1", KZ_PLAN_MISSED, 2026, 3, 12, 12);
  plan_done_at (f, KZ_PLAN_TRAINING, ed, "G1", KZ_PLAN_DONE, 2026, 3, 11, 12);

  /* The coached group (report impact and the Did It Work? page): coached
   * from D to D + G − 1 = 16 March → Ana (on the day; her earlier session
   * does not make her excluded), Bo (eLearning, 16th) and Ed (attended the
   * group training on the 11th).  Coached on G1 at other times within
   * 8 Feb – 15 April: Di (D − 1) and Cy (D + 7) are neither coached nor
   * compared; Gu (D − 40) is outside the windows and compared as usual;
   * Fa's plans were not done. */
  kz_impact_plan_init (&plan, 0);
  g_assert_true (kz_impact_coached_from_plans (f->store, "spec", "G1", &date, &plan, coached, excluded, &error));
  g_assert_no_error (error);
  {
    gint64 want[] = { f->agent, f->agent_b, ed };

    assert_same_agents (coached, want, G_N_ELEMENTS (want));
  }
  g_assert_cmpuint (excluded->len, ==, 2);
  g_assert_cmpint (g_array_index (excluded, gint64, 0), ==, MIN (cy, di));
  g_assert_cmpint (g_array_index (excluded, gint64, 1), ==, MAX (cy, di));

  /* G = 0: the coaching date alone (Ana); Bo (16 March) and Ed (11 March)
   * are then in the post window's span and left out of the comparison; so
   * are Di and Cy. */
  g_array_set_size (coached, 0);
  g_array_set_size (excluded, 0);
  plan.gap_days = 0;
  g_assert_true (kz_impact_coached_from_plans (f->store, "spec", "G1", &date, &plan, coached, excluded, &error));
  g_assert_cmpuint (coached->len, ==, 1);
  g_assert_cmpint (g_array_index (coached, gint64, 0), ==, f->agent);
  g_assert_cmpuint (excluded->len, ==, 4);
}

/* The one rule on a mixed dataset where the two old rules disagreed
 * (D = 10 March 2026, W = 30, G = 7):
 *   Ana: a 1:1 held 10 March 14:00 (its start) but marked done 30 March —
 *        the old report-impact rule (completed_at) left her out of both
 *        groups, the old page rule (start) counted her: coached;
 *   Bo:  an eLearning assignment completed 12 March — the old page rule
 *        ignored eLearning: coached;
 *   Cy:  attended a group training on 10 March — the old report-impact
 *        rule ignored training: coached;
 *   Di:  marked absent from that training: compared as usual;
 *   Ed:  a 1:1 held 25 March (post window): left out.
 * The page (kz-impact-page.c compute_job) and report impact both call
 * kz_impact_coached_from_plans(), so this set is what both use. */
static void
test_coached_one_rule (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) coached = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) excluded = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 cy = person (f, "Cy Agent", KZ_ROLE_AGENT, "cy@example.org");
  gint64 di = person (f, "Di Agent", KZ_ROLE_AGENT, "di@example.org");
  gint64 ed = person (f, "Ed Agent", KZ_ROLE_AGENT, "ed@example.org");
  KzImpactPlan plan;
  GDate date = day (2026, 3, 10);

  {
    g_autoptr(KzPlan) s = kz_plan_new (KZ_PLAN_COACHING, "Held on the day, recorded late");
    g_autoptr(GDateTime) late = g_date_time_new_local (2026, 3, 30, 9, 0, 0);

    s->agent_id = f->agent;
    s->coach_id = f->reviewer;
    s->tzid = g_strdup ("UTC");
    s->starts_at = g_date_time_new_local (2026, 3, 10, 14, 0, 0);
    s->duration_minutes = 30;
    g_ptr_array_add (s->criteria, kz_criterion_ref_new ("spec", "G1"));
    g_assert_cmpint (kz_store_save_plan (f->store, s, &error), >, 0);
    g_assert_true (kz_store_set_plan_state (f->store, s->id, KZ_PLAN_DONE, late, &error));
    g_assert_no_error (error);
  }
  plan_done_at (f, KZ_PLAN_ELEARNING, f->agent_b, "G1", KZ_PLAN_DONE, 2026, 3, 12, 12);
  plan_done_at (f, KZ_PLAN_COACHING, ed, "G1", KZ_PLAN_DONE, 2026, 3, 25, 12);
  {
    g_autoptr(KzPlan) t = kz_plan_new (KZ_PLAN_TRAINING, "Workshop");
    gint64 who[] = { cy, di };
    KzAttendance att[] = { KZ_ATTENDANCE_ATTENDED, KZ_ATTENDANCE_ABSENT };

    for (guint i = 0; i < 2; i++)
      {
        KzAttendee *a = g_new0 (KzAttendee, 1);
        a->person_id = who[i];
        a->attendance = att[i];
        g_ptr_array_add (t->attendees, a);
      }
    t->catalog_item_id = f->course;
    t->starts_at = g_date_time_new_local (2026, 3, 10, 9, 0, 0);
    t->tzid = g_strdup ("UTC");
    t->duration_minutes = 60;
    g_ptr_array_add (t->criteria, kz_criterion_ref_new ("spec", "G1"));
    g_assert_cmpint (kz_store_save_plan (f->store, t, &error), >, 0);
    g_assert_true (kz_store_set_plan_state (f->store, t->id, KZ_PLAN_DONE, NULL, &error));
    g_assert_no_error (error);
  }

  kz_impact_plan_init (&plan, 0);
  g_assert_true (kz_impact_coached_from_plans (f->store, "spec", "G1", &date, &plan, coached, excluded, &error));
  g_assert_no_error (error);
  {
    gint64 want[] = { f->agent, f->agent_b, cy };

    assert_same_agents (coached, want, G_N_ELEMENTS (want));
  }
  g_assert_cmpuint (excluded->len, ==, 1);
  g_assert_cmpint (g_array_index (excluded, gint64, 0), ==, ed);

  /* The effect on that set.  Three G1 answers (binary: 0 or 100) per agent
   * 20, 15 and 10 days before D (pre window) and 10, 15, 20 days after
   * (post window, from D + 7):
   *   coached     Ana 0 0 1 → 1 1 1 (Δ 66.67), Bo 0 1 1 → 1 1 1 (Δ 33.33),
   *               Cy 0 0 0 → 0 1 1 (Δ 66.67);
   *   comparison  Di 0 1 1 → 0 1 1 (Δ 0), Fa 0 0 1 → 0 1 1 (Δ 33.33),
   *               Gu 1 1 1 → 0 1 1 (Δ −33.33);
   *   left out    Ed 1 1 1 → 0 0 0 (Δ −100; counted, he would move it).
   * Effect 55.56 − 0 = 55.556; Welch (scipy, by the formula): df 3.2,
   * 95% interval −12.730 to 123.841. */
  {
    gint64 fa = person (f, "Fa Agent", KZ_ROLE_AGENT, "fa@example.org");
    gint64 gu = person (f, "Gu Agent", KZ_ROLE_AGENT, "gu@example.org");
    struct { gint64 who; int pre[3], post[3]; } rows[] = {
      { f->agent,   { 0, 0, 1 }, { 1, 1, 1 } },
      { f->agent_b, { 0, 1, 1 }, { 1, 1, 1 } },
      { cy,         { 0, 0, 0 }, { 0, 1, 1 } },
      { di,         { 0, 1, 1 }, { 0, 1, 1 } },
      { fa,         { 0, 0, 1 }, { 0, 1, 1 } },
      { gu,         { 1, 1, 1 }, { 0, 1, 1 } },
      { ed,         { 1, 1, 1 }, { 0, 0, 0 } },
    };
    KzImpact out = { 0 };

    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      for (guint k = 0; k < 3; k++)
        {
          submit (f, rows[i].who, 20 - 5.0 * k, rows[i].pre[k], 0);
          submit (f, rows[i].who, -10 - 5.0 * k, rows[i].post[k], 0);
        }
    g_assert_true (kz_impact_for_criterion_excluding (f->store, "spec", "G1", &date, &plan,
                                                      coached, excluded, &out, &error));
    g_assert_no_error (error);
    g_assert_cmpint (out.kind, ==, KZ_IMPACT_EFFECT);
    g_assert_cmpuint (out.n_coached, ==, 3);
    g_assert_cmpuint (out.n_comparison, ==, 3);
    g_assert_cmpfloat_with_epsilon (out.effect, 55.556, 1e-3);
    g_assert_cmpfloat_with_epsilon (out.df, 3.2, 1e-6);
    g_assert_cmpfloat_with_epsilon (out.low, -12.730, 1e-3);
    g_assert_cmpfloat_with_epsilon (out.high, 123.841, 1e-3);
  }
}

/* ---- the team server: private notes and who reads plans --------------------------- */

typedef struct {
  char    *login;
  KzStore *store;
  PGconn  *conn;
} As;

static As *
login_as (Fixture *f, const char *tag, const char *what, gint64 person_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *password = g_strdup_printf ("pw-%s-%u", what, g_random_int ());
  g_autofree char *uri = NULL;
  As *as = g_new0 (As, 1);

  as->login = g_strdup_printf ("%s_%s", tag, what);
  g_assert_true (kz_pg_admin_add_user (KZ_PG_STORE (f->store), as->login, password, person_id, &error));
  g_assert_no_error (error);
  uri = kz_test_pg_uri_for (f->location, as->login, password);
  as->store = kz_pg_store_open (uri, NULL, FALSE, KZ_PG_SCHEMA_VERSION, &error);
  g_assert_no_error (error);
  as->conn = kz_test_pg_connect (uri);
  return as;
}

static void
as_free (As *as)
{
  g_clear_object (&as->store);
  PQfinish (as->conn);
  g_free (as->login);
  g_free (as);
}

/* The SQLSTATE of @sql run as that login ("" when it worked), and its rows. */
static char *
raw (As *as, const char *sql, int *n_rows)
{
  PGresult *r = PQexec (as->conn, sql);
  const char *state = PQresultErrorField (r, PG_DIAG_SQLSTATE);
  char *out = g_strdup (state != NULL ? state : "");

  if (n_rows != NULL)
    *n_rows = PQresultStatus (r) == PGRES_TUPLES_OK ? PQntuples (r) : -1;
  PQclear (r);
  return out;
}

static void
test_pg_private_notes (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tag = g_strdup_printf ("c%08x", g_random_int ());
  g_autoptr(KzPlan) mine = coaching_plan (f, submit (f, f->agent, 2, 0, 3));
  g_autoptr(KzPlan) theirs = kz_plan_new (KZ_PLAN_COACHING, "Bo's 1:1");
  gint64 rita = person (f, "Rita Reviewer", KZ_ROLE_REVIEWER, "rita@example.org");
  As *agent, *coach, *other, *manager;
  int n = -1;

  g_assert_cmpint (kz_store_save_plan (f->store, mine, &error), >, 0);
  theirs->agent_id = f->agent_b;
  theirs->coach_id = rita;
  theirs->private_notes = g_strdup ("About Bo");
  g_assert_cmpint (kz_store_save_plan (f->store, theirs, &error), >, 0);
  g_assert_no_error (error);

  agent = login_as (f, tag, "agent", f->agent);
  coach = login_as (f, tag, "coach", f->reviewer);
  other = login_as (f, tag, "rita", rita);
  manager = login_as (f, tag, "manager", f->manager);

  /* The agent: their own plan only, its shared notes but not the private ones. */
  {
    g_autoptr(GPtrArray) plans = kz_store_list_plans (agent->store, 0, &error);
    g_autofree char *state = NULL;
    KzPlan *p;

    g_assert_no_error (error);
    g_assert_cmpuint (plans->len, ==, 1);
    p = plans->pdata[0];
    g_assert_cmpint (p->id, ==, mine->id);
    g_assert_cmpstr (p->shared_notes, ==, "Shared with Ana");
    g_assert_true (p->private_notes_hidden);
    g_assert_null (p->private_notes);
    g_assert_cmpuint (p->action_items->len, ==, 1);
    state = raw (agent, "SELECT notes FROM plan_private_notes", NULL);
    g_assert_cmpstr (state, ==, "42501");   /* insufficient_privilege */
    g_free (state);
    state = raw (agent, "SELECT text FROM action_items", &n);
    g_assert_cmpstr (state, ==, "");
    g_assert_cmpint (n, ==, 1);             /* not Bo's plan's */
    /* Nor may they change it. */
    g_free (p->agenda);
    p->agenda = g_strdup ("Mine now");
    g_assert_cmpint (kz_store_save_plan (agent->store, p, &error), ==, 0);
    g_assert_error (error, KZ_ERROR, KZ_ERROR_PERMISSION);
    g_clear_error (&error);
  }
  /* The agent acknowledges it (the server knows who they are); not Bo's. */
  g_assert_false (kz_store_acknowledge_plan (agent->store, theirs->id, 0, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (kz_store_acknowledge_plan (agent->store, mine->id, 0, "Will do", NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(KzPlan) p = kz_store_get_plan (f->store, mine->id, &error);
    g_assert_cmpstr (p->commitment, ==, "Will do");
    g_assert_nonnull (p->acknowledged_at);
    g_assert_cmpint (p->sequence, ==, 1);
    mine->sequence = p->sequence;
  }

  /* The coach and a manager read them. */
  {
    g_autoptr(KzPlan) p = kz_store_get_plan (coach->store, mine->id, &error);
    g_autoptr(KzPlan) q = kz_store_get_plan (manager->store, mine->id, &error);
    g_assert_no_error (error);
    g_assert_false (p->private_notes_hidden);
    g_assert_cmpstr (p->private_notes, ==, "Ana seemed tired");
    g_assert_cmpstr (q->private_notes, ==, "Ana seemed tired");
  }
  /* Another reviewer plans too, but reads neither Ana's coach's notes nor,
   * with plain SQL, their rows; saving the plan leaves them as they were. */
  {
    g_autoptr(KzPlan) p = kz_store_get_plan (other->store, mine->id, &error);
    g_autoptr(KzPlan) back = NULL;
    g_autofree char *state = raw (other, "SELECT notes FROM plan_private_notes", &n);

    g_assert_no_error (error);
    g_assert_true (p->private_notes_hidden);
    g_assert_cmpstr (state, ==, "");
    g_assert_cmpint (n, ==, 1);   /* only her own session's */
    g_free (p->agenda);
    p->agenda = g_strdup ("Rescheduled by Rita");
    g_assert_cmpint (kz_store_save_plan (other->store, p, &error), ==, mine->id);
    g_assert_no_error (error);
    g_assert_cmpint (p->sequence, ==, 2);
    back = kz_store_get_plan (f->store, mine->id, &error);
    g_assert_cmpstr (back->agenda, ==, "Rescheduled by Rita");
    g_assert_cmpstr (back->private_notes, ==, "Ana seemed tired");
  }

  as_free (agent);
  as_free (coach);
  as_free (other);
  as_free (manager);
}

/* ---- a copy (kaizenctl migrate) keeps every coaching record ----------------------- */

static char *
email_of (KzStore *store, gint64 id)
{
  g_autoptr(KzPerson) p = id > 0 ? kz_store_get_person (store, id, NULL) : NULL;

  return p != NULL ? g_strdup (p->emails[0]) : g_strdup ("-");
}

/* A plan as text, people by email, evaluations by their final score. */
static char *
describe_plan (KzStore *store, const KzPlan *p)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autofree char *agent = email_of (store, p->agent_id);
  g_autofree char *coach = email_of (store, p->coach_id);

  g_string_append_printf (s, "%s %s %s %s %s seq=%d uid=%s notes=%s/%s/%s ack=%s due=%u fu=%u start=%" G_GINT64_FORMAT
                          " tz=%s dur=%d done=%" G_GINT64_FORMAT,
                          kz_plan_kind_to_string (p->kind), kz_plan_state_to_string (p->state), p->title, agent, coach,
                          p->sequence, p->uid, p->agenda, p->shared_notes, p->private_notes, p->commitment,
                          g_date_valid (&p->due) ? g_date_get_julian (&p->due) : 0,
                          g_date_valid (&p->follow_up) ? g_date_get_julian (&p->follow_up) : 0,
                          p->starts_at ? g_date_time_to_unix (p->starts_at) : 0, p->tzid, p->duration_minutes,
                          p->completed_at ? g_date_time_to_unix (p->completed_at) : 0);
  for (guint i = 0; i < p->criteria->len; i++)
    g_string_append_printf (s, " c=%s", ((KzCriterionRef *) p->criteria->pdata[i])->criterion_id);
  for (guint i = 0; i < p->evidence->len; i++)
    {
      g_autoptr(KzEvaluation) ev = kz_store_get_evaluation (store, g_array_index (p->evidence, gint64, i), NULL);
      g_string_append_printf (s, " ev=%g@%" G_GINT64_FORMAT, ev->final, g_date_time_to_unix (ev->created_at));
    }
  for (guint i = 0; i < p->action_items->len; i++)
    {
      KzActionItem *a = p->action_items->pdata[i];
      g_autofree char *owner = email_of (store, a->owner_id);
      g_string_append_printf (s, " ai=%s/%s/%d", a->text, owner, a->done);
    }
  for (guint i = 0; i < p->attendees->len; i++)
    {
      KzAttendee *a = p->attendees->pdata[i];
      g_autofree char *who = email_of (store, a->person_id);
      g_string_append_printf (s, " at=%s/%s", who, kz_attendance_to_string (a->attendance));
    }
  g_string_append_printf (s, " rec=%s/%d/%d/%s", kz_freq_to_string (p->recurrence.freq) ?: "-",
                          p->recurrence.interval, p->recurrence.count, p->recurrence.byday);
  for (guint i = 0; i < p->recurrence.exdates->len; i++)
    g_string_append_printf (s, " ex=%" G_GINT64_FORMAT, g_date_time_to_unix (p->recurrence.exdates->pdata[i]));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static char *
describe_coaching (KzStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) s = g_string_new (NULL);
  g_autoptr(GPtrArray) items = kz_store_list_catalog_items (store, &error);
  g_autoptr(GPtrArray) rules = kz_store_list_rules (store, &error);
  g_autoptr(GPtrArray) proposals = kz_store_list_proposals (store, FALSE, &error);
  g_autoptr(GPtrArray) plans = kz_store_list_plans (store, 0, &error);
  g_autoptr(GPtrArray) completions = kz_store_list_completions (store, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < items->len; i++)
    g_string_append_printf (s, "item %s\n", ((KzCatalogItem *) items->pdata[i])->title);
  for (guint i = 0; i < rules->len; i++)
    {
      KzCoachingRule *r = rules->pdata[i];
      g_autoptr(KzCatalogItem) item = kz_store_get_catalog_item (store, r->catalog_item_id, &error);
      g_string_append_printf (s, "rule %s n=%d → %s\n", r->criterion_id, r->n, item->title);
    }
  for (guint i = 0; i < proposals->len; i++)
    {
      KzProposal *p = proposals->pdata[i];
      g_autofree char *agent = email_of (store, p->agent_id);
      g_autofree char *by = email_of (store, p->decided_by);
      g_autoptr(KzPlan) plan = p->plan_id > 0 ? kz_store_get_plan (store, p->plan_id, &error) : NULL;
      g_string_append_printf (s, "proposal %s %s by %s evidence %u plan %s\n", agent,
                              kz_proposal_state_to_string (p->state), by, p->evidence->len, plan ? plan->uid : "-");
    }
  for (guint i = 0; i < plans->len; i++)
    {
      g_autofree char *text = describe_plan (store, plans->pdata[i]);
      g_autoptr(KzProposal) none = NULL;
      g_string_append_printf (s, "plan %s from-proposal=%d\n", text, ((KzPlan *) plans->pdata[i])->proposal_id > 0);
    }
  for (guint i = 0; i < completions->len; i++)
    {
      KzCompletion *c = completions->pdata[i];
      g_autofree char *who = email_of (store, c->person_id);
      g_string_append_printf (s, "completion %s %s %s %g\n", who, kz_completion_status_to_string (c->status),
                              c->statement_id, c->score);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* From a single file (a team server is never the source) into the other
 * backend's empty database. */
static void
copy_into (Fixture *f, gboolean to_pg)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *location = to_pg ? kz_test_pg_create_db () : g_build_filename (f->dir, "copy.db", NULL);
  g_autoptr(KzStore) target = NULL;
  g_autoptr(KzPlan) session = coaching_plan (f, submit (f, f->agent, 2, 0, 3));
  g_autoptr(KzPlan) training = kz_plan_new (KZ_PLAN_TRAINING, "Warmth workshop");
  g_autoptr(GPtrArray) made = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_completion_free);
  g_autoptr(GDateTime) at = g_date_time_new_utc (2026, 3, 9, 16, 0, 0);
  g_autofree char *before = NULL, *after = NULL;
  KzAttendee *a = g_new0 (KzAttendee, 1);
  KzCopyCounts counts = { 0 };

  rule_last_n (f, 1, 0);
  submit (f, f->agent_b, 1, 0, 3);
  made = run (f, f->now);
  g_assert_cmpuint (made->len, ==, 2);   /* Ana's and Bo's newest fail */
  g_assert_cmpint (kz_store_accept_proposal (f->store, ((KzProposal *) made->pdata[0])->id, f->manager,
                                             KZ_PLAN_ELEARNING, 0, f->now, &error), >, 0);
  g_assert_true (kz_store_dismiss_proposal (f->store, ((KzProposal *) made->pdata[1])->id, f->manager, f->now, &error));
  g_assert_cmpint (kz_store_save_plan (f->store, session, &error), >, 0);
  g_assert_true (kz_store_set_plan_state (f->store, session->id, KZ_PLAN_DONE, f->now, &error));
  training->catalog_item_id = f->course;
  training->starts_at = g_date_time_new_utc (2026, 3, 16, 14, 0, 0);
  training->tzid = g_strdup ("Europe/Paris");
  training->duration_minutes = 60;
  training->recurrence.freq = KZ_FREQ_WEEKLY;
  training->recurrence.count = 3;
  g_ptr_array_add (training->recurrence.exdates, g_date_time_new_utc (2026, 3, 23, 14, 0, 0));
  a->person_id = f->agent_b;
  a->attendance = KZ_ATTENDANCE_ABSENT;
  g_ptr_array_add (training->attendees, a);
  g_assert_cmpint (kz_store_save_plan (f->store, training, &error), >, 0);
  g_ptr_array_add (rows, completion (f->agent_b, f->elearning, KZ_COMPLETION_FAILED, "stmt-9", at));
  g_assert_true (kz_store_record_completions (f->store, rows, NULL, &error));
  g_assert_no_error (error);

  {
    gboolean pg = f->pg;
    f->pg = to_pg;
    target = open_at (f, location);
    f->pg = pg;
  }
  kz_store_copy (f->store, target, &counts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (counts.n_catalog_items, ==, 2);
  g_assert_cmpuint (counts.n_rules, ==, 1);
  g_assert_cmpuint (counts.n_proposals, ==, 2);
  g_assert_cmpuint (counts.n_plans, ==, 3);
  g_assert_cmpuint (counts.n_completions, ==, 1);
  before = describe_coaching (f->store);
  after = describe_coaching (target);
  g_assert_cmpstr (after, ==, before);
  g_assert_nonnull (strstr (after, "accepted"));
  g_assert_nonnull (strstr (after, session->uid));

  g_clear_object (&target);
  if (to_pg)
    kz_test_pg_drop_db (location);
}

static void
test_copy (Fixture *f, gconstpointer data)
{
  Fixture source = { 0 };

  if (!f->pg)
    {
      copy_into (f, FALSE);
      return;
    }
  fixture_setup (&source, "sqlite");
  copy_into (&source, TRUE);
  fixture_teardown (&source, "sqlite");
}

static void
record_change (KzStore *store, const char *what, GPtrArray *seen)
{
  g_ptr_array_add (seen, g_strdup (what));
}

static gboolean
wait_for_change (GPtrArray *seen, const char *what)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      for (guint i = 0; i < seen->len; i++)
        if (g_str_equal (g_ptr_array_index (seen, i), what))
          return TRUE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  return FALSE;
}

/* Another desktop's change to a plan (an attendee's attendance only) is
 * announced as "plans"; proposals as "proposals". */
static void
test_pg_changes_announced (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  /* Opened as the app opens it (not setting up the schema), so it listens. */
  g_autoptr(KzStore) reader = kz_pg_store_open (f->location, NULL, FALSE, KZ_PG_SCHEMA_VERSION, &error);
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(KzPlan) t = kz_plan_new (KZ_PLAN_TRAINING, "Warmth workshop");
  g_autoptr(GPtrArray) made = NULL;
  KzAttendee *a = g_new0 (KzAttendee, 1);

  g_assert_no_error (error);
  g_signal_connect (reader, "changed", G_CALLBACK (record_change), seen);
  t->catalog_item_id = f->course;
  t->starts_at = g_date_time_new_utc (2026, 3, 16, 14, 0, 0);
  t->tzid = g_strdup ("Europe/Paris");
  t->duration_minutes = 60;
  a->person_id = f->agent;
  g_ptr_array_add (t->attendees, a);
  g_assert_cmpint (kz_store_save_plan (f->store, t, &error), >, 0);
  g_assert_true (wait_for_change (seen, "plans"));
  g_ptr_array_set_size (seen, 0);
  a->attendance = KZ_ATTENDANCE_ATTENDED;
  g_assert_cmpint (kz_store_save_plan (f->store, t, &error), >, 0);
  g_assert_true (wait_for_change (seen, "plans"));
  rule_last_n (f, 1, 0);
  submit (f, f->agent, 1, 0, 3);
  made = run (f, f->now);
  g_assert_cmpuint (made->len, ==, 1);
  g_assert_true (wait_for_change (seen, "proposals"));
}

/* ---- schema 14 and 15 → 16 ----------------------------------------------------- */

static void
upgrade_from (Fixture *f, int from)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) old = NULL;
  g_autofree char *location = f->pg ? kz_test_pg_create_db () : g_build_filename (f->dir, "old.db", NULL);
  g_autoptr(GPtrArray) evs = NULL;

  old = f->pg ? kz_pg_store_open (location, NULL, TRUE, from, &error) : kz_sqlite_store_open (location, from, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kz_store_get_schema_version (old), ==, from);
  {
    g_autoptr(KzPerson) p = kz_person_new ("Old Agent", KZ_ROLE_AGENT);
    g_autoptr(KzRubric) r = kz_rubric_load_data (rubric_xml, strlen (rubric_xml), "spec.xml", &error);
    g_assert_cmpint (kz_store_add_person (old, p, &error), >, 0);
    g_assert_true (kz_store_add_rubric (old, r, NULL, &error));
    g_assert_no_error (error);
  }
  g_clear_object (&old);

  old = open_at (f, location);
  g_assert_cmpint (kz_store_get_schema_version (old), ==, f->pg ? KZ_PG_SCHEMA_VERSION : KZ_SQLITE_SCHEMA_VERSION);
  {
    g_autoptr(GPtrArray) people = kz_store_list_people (old, KZ_ROLE_AGENT, &error);
    g_autoptr(KzCatalogItem) item = kz_catalog_item_new (KZ_CATALOG_COURSE, "After the upgrade");
    g_autoptr(GPtrArray) plans = NULL;

    g_assert_cmpuint (people->len, ==, 1);
    item->capacity = 8;
    g_ptr_array_add (item->criteria, kz_criterion_ref_new ("spec", "G2"));
    g_assert_cmpint (kz_store_save_catalog_item (old, item, &error), >, 0);
    g_assert_no_error (error);
    plans = kz_store_list_plans (old, 0, &error);
    g_assert_cmpuint (plans->len, ==, 0);
  }
  evs = kz_store_list_evaluations (old, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&old);
  if (f->pg)
    kz_test_pg_drop_db (location);
}

static void
test_upgrade_from_14 (Fixture *f, gconstpointer data)
{
  upgrade_from (f, 14);
}

static void
test_upgrade_from_15 (Fixture *f, gconstpointer data)
{
  upgrade_from (f, 15);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

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
      ADD ("/coaching/catalog", test_catalog);
      ADD ("/coaching/rules/last-n-failed", test_rule_last_n);
      ADD ("/coaching/rules/mean-below", test_rule_mean_below);
      ADD ("/coaching/rules/accept-elearning", test_accept_elearning);
      ADD ("/coaching/rules/after-submit", test_after_submit);
      ADD ("/coaching/plans/sequence", test_plan_sequence);
      ADD ("/coaching/plans/states", test_plan_states);
      ADD ("/coaching/plans/training", test_training);
      ADD ("/coaching/completions", test_completions);
      ADD ("/coaching/plans/coached-from-plans", test_coached_from_plans);
      ADD ("/coaching/plans/coached-one-rule", test_coached_one_rule);
      ADD ("/coaching/completions/import", test_completions_import);
      ADD ("/coaching/copy", test_copy);
      ADD ("/migrations/upgrade-from-14", test_upgrade_from_14);
      ADD ("/migrations/upgrade-from-15", test_upgrade_from_15);
      if (b == 1)
        {
          ADD ("/coaching/private-notes-and-who-reads", test_pg_private_notes);
          ADD ("/coaching/changes-announced", test_pg_changes_announced);
        }
#undef ADD
    }
  return g_test_run ();
}
