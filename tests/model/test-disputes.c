/* test-disputes.c — agents answer back, reviewers agree: acknowledgements,
 * disputes, revisions, the audit trail, calibration sessions and leniency,
 * on both backends (a single file, and the team server of
 * tests/pg/with-pg-server as its owner)
 *
 * The scores are worked out by hand from scoring.md, the agreement figures
 * from statistics.md's definitions, each in the comment next to it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "kz-error.h"
#include "kz-pg-store-private.h"
#include "kz-sqlite-store-private.h"
#include "kz-store.h"
#include "kz-test-db.h"

#define NS "https://kaizen-qa.org/ns/rubric/1"
#define EPS 1e-9

/* scoring.md's worked example rubric: Greeting W = 20 { G1 binary, G2 1–5 },
 * Resolution W = 80 { R1 binary w 2, R2 1–3, N/A excluded }. */
#define SPEC_RUBRIC(id, extra) \
  "<rubric xmlns='" NS "' id='" id "' version='1' pass-mark='80' " extra "><title>Spec " id "</title>" \
  "<section id='greeting' weight='20'><title>Greeting</title>" \
  " <criterion id='G1'><title>Greets</title><guidance>g</guidance>" \
  "  <scale kind='binary'><point value='0' label='No'/><point value='1' label='Yes'/></scale></criterion>" \
  " <criterion id='G2'><title>Warmth</title><guidance>g</guidance>" \
  "  <scale kind='ordinal'><point value='1'/><point value='2'/><point value='3'/><point value='4'/>" \
  "   <point value='5'/></scale></criterion></section>" \
  "<section id='resolution' weight='80'><title>Resolution</title>" \
  " <criterion id='R1' weight='2'><title>Solved</title><guidance>g</guidance>" \
  "  <scale kind='binary'><point value='0' label='No'/><point value='1' label='Yes'/></scale></criterion>" \
  " <criterion id='R2' na='exclude'><title>Notes</title><guidance>g</guidance>" \
  "  <scale kind='ordinal'><point value='1'/><point value='2'/><point value='3'/></scale></criterion>" \
  "</section></rubric>"

/* test-calibration.c's rubric: c1 binary w 1, c2 1–5 w 2, one section:
 * F = 100 × (v1 + 2 v2) ÷ 3, or 100 × v1 when c2 is N/A. */
static const char cal_rubric[] =
  "<rubric xmlns='" NS "' id='cal' version='1'><title>Cal</title>"
  "<section id='s'><title>S</title>"
  "<criterion id='c1'><title>Greets</title><guidance>g</guidance>"
  "<scale kind='binary'><point value='0' label='No'/><point value='1' label='Yes'/></scale></criterion>"
  "<criterion id='c2' weight='2' na='exclude'><title>Listens</title><guidance>g</guidance>"
  "<scale kind='ordinal'><point value='1'/><point value='2'/><point value='3'/>"
  "<point value='4'/><point value='5'/></scale></criterion>"
  "</section></rubric>";

typedef struct {
  char    *dir;
  gboolean pg;
  char    *location;
  KzStore *store;
  gint64   site, team, other_team;
  gint64   agent, agent_b, reviewer, reviewer_2, reviewer_3, manager, other_manager;
} Fixture;

static KzStore *
open_at (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  KzStore *store = f->pg ? kz_pg_store_open (f->location, NULL, TRUE, KZ_PG_SCHEMA_VERSION, &error)
                         : kz_store_open (f->location, &error);

  g_assert_no_error (error);
  return store;
}

static gint64
person (Fixture *f, const char *name, KzRoles roles, gint64 team, const char *email)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzPerson) p = kz_person_new (name, roles);
  gint64 id;

  p->team_id = team;
  g_strfreev (p->emails);
  p->emails = g_new0 (char *, 2);
  p->emails[0] = g_strdup (email);
  id = kz_store_add_person (f->store, p, &error);
  g_assert_no_error (error);
  return id;
}

static void
add_rubric (KzStore *store, const char *xml)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzRubric) r = kz_rubric_load_data (xml, strlen (xml), "test.xml", &error);

  g_assert_no_error (error);
  g_assert_true (kz_store_add_rubric (store, r, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 org;

  f->pg = g_strcmp0 (data, "pg") == 0;
  f->dir = kz_test_tmpdir_new ();
  f->location = f->pg ? kz_test_pg_create_db () : g_build_filename (f->dir, "kaizen.db", NULL);
  f->store = open_at (f);

  org = kz_store_add_unit (f->store, KZ_UNIT_ORGANISATION, "Org", 0, &error);
  f->site = kz_store_add_unit (f->store, KZ_UNIT_SITE, "Leeds", org, &error);
  f->team = kz_store_add_unit (f->store, KZ_UNIT_TEAM, "Billing", f->site, &error);
  f->other_team = kz_store_add_unit (f->store, KZ_UNIT_TEAM, "Moving", f->site, &error);
  g_assert_no_error (error);
  f->agent = person (f, "Ana Agent", KZ_ROLE_AGENT, f->team, "ana@example.org");
  f->agent_b = person (f, "Bo Agent", KZ_ROLE_AGENT, f->team, "bo@example.org");
  f->reviewer = person (f, "Rui Reviewer", KZ_ROLE_REVIEWER, 0, "rui@example.org");
  f->reviewer_2 = person (f, "Rita Reviewer", KZ_ROLE_REVIEWER, 0, "rita@example.org");
  f->reviewer_3 = person (f, "Raj Reviewer", KZ_ROLE_REVIEWER, 0, "raj@example.org");
  f->manager = person (f, "Mo Manager", KZ_ROLE_MANAGER, f->team, "mo@example.org");
  f->other_manager = person (f, "Meg Manager", KZ_ROLE_MANAGER, f->other_team, "meg@example.org");
  add_rubric (f->store, SPEC_RUBRIC ("spec", ""));
  add_rubric (f->store, SPEC_RUBRIC ("once", "max-disputes='1' dispute-days='3'"));
  add_rubric (f->store, cal_rubric);
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

static gint64
interaction (Fixture *f, gint64 agent, const char *ref)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) when = g_date_time_new_now_utc ();
  KzInteraction it = { .channel = KZ_CHANNEL_CALL, .agent_id = agent, .started_at = when,
                       .subject = (char *) "Meter reading", .external_ref = (char *) ref };
  gint64 id = kz_store_add_interaction (f->store, &it, &error);

  g_assert_no_error (error);
  return id;
}

/* A submitted evaluation of @agent by @reviewer, @days_ago days ago; G1, G2,
 * R1, R2 as given (R2 0: N/A). */
static gint64
submit (Fixture *f, const char *rubric, gint64 agent, gint64 reviewer, double days_ago, int g1, int g2, int r1, int r2)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzEvaluation) ev = kz_evaluation_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *ref = g_strdup_printf ("CALL-%u", g_random_int ());
  gint64 id;

  ev->interaction_id = interaction (f, agent, ref);
  ev->rubric_id = g_strdup (rubric);
  ev->agent_id = agent;
  ev->reviewer_id = reviewer;
  ev->state = KZ_EVALUATION_SUBMITTED;
  ev->created_at = g_date_time_add_seconds (now, -days_ago * 86400);
  ev->updated_at = g_date_time_ref (ev->created_at);
  kz_answer_set_put (ev->answers, kz_answer_new ("G1", KZ_ANSWER_VALUE, g1, "Greeting heard"));
  kz_answer_set_put (ev->answers, kz_answer_new ("G2", KZ_ANSWER_VALUE, g2, NULL));
  kz_answer_set_put (ev->answers, kz_answer_new ("R1", KZ_ANSWER_VALUE, r1, NULL));
  kz_answer_set_put (ev->answers, r2 > 0 ? kz_answer_new ("R2", KZ_ANSWER_VALUE, r2, NULL)
                                         : kz_answer_new ("R2", KZ_ANSWER_NA, 0, NULL));
  id = kz_store_save_evaluation (f->store, ev, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ev->revision, ==, 1);
  return id;
}

static KzDispute *
dispute_of (gint64 evaluation, gint64 agent, const char *reason, const char * const *criteria)
{
  KzDispute *d = kz_dispute_new ();

  d->evaluation_id = evaluation;
  d->raised_by = agent;
  d->reason = g_strdup (reason);
  for (guint i = 0; criteria[i] != NULL; i++)
    g_ptr_array_add (d->items, kz_dispute_item_new (criteria[i], i == 0 ? "It is at 02:10" : NULL));
  return d;
}

static GPtrArray *
resolutions_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) kz_dispute_resolution_free);
}

/* ---- the dispute flow -------------------------------------------------------- */

/* G1 No, G2 4, R1 Yes, R2 2: Greeting (0 + 0.75) ÷ 2 = 0.375, Resolution
 * (2 × 1 + 0.5) ÷ 3 = 5/6, F = (20 × 0.375 + 80 × 5/6) = 7.5 + 66.667 =
 * 74.1667, a fail at 80.  The agent disputes G1 and R2; the reviewer
 * changes G1 to Yes and upholds R2: Greeting 0.875, F = 17.5 + 66.667 =
 * 84.1667, a pass — revision 2, with revision 1 still as it was. */
static void
test_flow (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzDispute) d = NULL;
  g_autoptr(KzDispute) back = NULL;
  g_autoptr(GPtrArray) res = resolutions_new ();
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GPtrArray) acks = NULL;
  g_autoptr(KzEvaluation) ev = NULL;
  g_autoptr(GPtrArray) list = NULL;
  const KzRevision *r1, *r2;
  KzEvaluationFilter of_agent = { .agent_id = f->agent };
  gint64 id, dispute_id;

  id = submit (f, "spec", f->agent, f->reviewer, 1, 0, 4, 1, 2);
  ev = kz_store_get_evaluation (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (ev->final, 7.5 + 80.0 * 5.0 / 6.0, EPS);
  g_assert_false (ev->pass);
  g_assert_cmpint (ev->revision, ==, 1);
  g_assert_nonnull (ev->submitted_at);
  g_assert_cmpint (g_date_time_to_unix (ev->submitted_at), ==, g_date_time_to_unix (ev->updated_at));

  /* Seen, with a word. */
  g_assert_true (kz_store_acknowledge (f->store, id, f->agent, "  Thanks — one question  ", NULL, &error));
  g_assert_no_error (error);
  g_assert_false (kz_store_acknowledge (f->store, id, f->agent, NULL, NULL, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_EXISTS);
  g_clear_error (&error);

  d = dispute_of (id, f->agent, "The greeting is there; the notes were asked for", (const char *[]) { "R2", "G1", NULL });
  dispute_id = kz_store_raise_dispute (f->store, d, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dispute_id, >, 0);
  g_assert_cmpint (d->revision, ==, 1);
  /* In the rubric's order, whatever order they were named in. */
  g_assert_cmpstr (((KzDisputeItem *) d->items->pdata[0])->criterion_id, ==, "G1");

  /* While it is open the answers change only by resolving it. */
  kz_answer_set_put (ev->answers, kz_answer_new ("G2", KZ_ANSWER_VALUE, 5, NULL));
  g_assert_cmpint (kz_store_save_evaluation (f->store, ev, &error), ==, 0);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "disputed"));
  g_clear_error (&error);

  g_ptr_array_add (res, kz_dispute_resolution_new ("G1", KZ_RESOLUTION_CHANGED,
                                                   kz_answer_new ("G1", KZ_ANSWER_VALUE, 1, NULL),
                                                   "Heard it on the second listen"));
  g_ptr_array_add (res, kz_dispute_resolution_new ("R2", KZ_RESOLUTION_UPHELD, NULL, "The notes are thin"));
  g_assert_true (kz_store_resolve_dispute (f->store, d, f->reviewer, res, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (d->state, ==, KZ_DISPUTE_CLOSED);
  g_assert_nonnull (d->closed_at);

  back = kz_store_get_dispute (f->store, dispute_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (back->state, ==, KZ_DISPUTE_CLOSED);
  g_assert_cmpint (kz_dispute_find_item (back, "G1")->resolution, ==, KZ_RESOLUTION_CHANGED);
  g_assert_cmpint (kz_dispute_find_item (back, "G1")->revision, ==, 2);
  g_assert_cmpint (kz_dispute_find_item (back, "G1")->resolved_by, ==, f->reviewer);
  g_assert_null (kz_dispute_find_item (back, "G1")->reason);
  g_assert_cmpstr (kz_dispute_find_item (back, "R2")->reason, ==, "It is at 02:10");
  g_assert_cmpint (kz_dispute_find_item (back, "R2")->resolution, ==, KZ_RESOLUTION_UPHELD);
  g_assert_cmpstr (kz_dispute_find_item (back, "R2")->note, ==, "The notes are thin");
  g_assert_cmpint (kz_dispute_find_item (back, "R2")->revision, ==, 0);

  /* The score, re-computed: revision 2. */
  g_clear_pointer (&ev, kz_evaluation_free);
  ev = kz_store_get_evaluation (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ev->revision, ==, 2);
  g_assert_cmpfloat_with_epsilon (ev->final, 17.5 + 80.0 * 5.0 / 6.0, EPS);
  g_assert_true (ev->pass);
  g_assert_cmpfloat (kz_answer_set_get (ev->answers, "G1")->value, ==, 1);
  /* The reviewer's comment stays with the changed answer. */
  g_assert_cmpstr (kz_answer_set_get (ev->answers, "G1")->comment, ==, "Greeting heard");

  /* Both revisions readable, each as it was. */
  revisions = kz_store_list_revisions (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (revisions->len, ==, 2);
  r1 = g_ptr_array_index (revisions, 0);
  r2 = g_ptr_array_index (revisions, 1);
  g_assert_cmpint (r1->revision, ==, 1);
  g_assert_cmpfloat_with_epsilon (r1->final, 7.5 + 80.0 * 5.0 / 6.0, EPS);
  g_assert_false (r1->pass);
  g_assert_cmpfloat (kz_answer_set_get (r1->answers, "G1")->value, ==, 0);
  g_assert_cmpint (r1->dispute_id, ==, 0);
  g_assert_cmpint (r1->created_by, ==, f->reviewer);
  g_assert_cmpint (r2->revision, ==, 2);
  g_assert_cmpfloat_with_epsilon (r2->final, 17.5 + 80.0 * 5.0 / 6.0, EPS);
  g_assert_true (r2->pass);
  g_assert_cmpfloat (kz_answer_set_get (r2->answers, "G1")->value, ==, 1);
  g_assert_cmpfloat (kz_answer_set_get (r2->answers, "R2")->value, ==, 2);
  g_assert_cmpint (r2->dispute_id, ==, dispute_id);
  g_assert_cmpint (r2->created_by, ==, f->reviewer);

  /* The audit trail: every step, in order, with who, what and where. */
  audit = kz_store_list_audit (f->store, id, &error);
  g_assert_no_error (error);
  {
    static const struct { KzAuditAction action; int who; int revision; gboolean dispute; const char *criterion; }
    want[] = {
      { KZ_AUDIT_SUBMITTED, 1, 1, FALSE, NULL },
      { KZ_AUDIT_ACKNOWLEDGED, 0, 1, FALSE, NULL },
      { KZ_AUDIT_DISPUTED, 0, 1, TRUE, "G1" },
      { KZ_AUDIT_DISPUTED, 0, 1, TRUE, "R2" },
      { KZ_AUDIT_REVISION, 1, 2, TRUE, NULL },
      { KZ_AUDIT_CHANGED, 1, 2, TRUE, "G1" },
      { KZ_AUDIT_UPHELD, 1, 0, TRUE, "R2" },
      { KZ_AUDIT_CLOSED, 1, 0, TRUE, NULL },
    };

    g_assert_cmpuint (audit->len, ==, G_N_ELEMENTS (want));
    for (guint i = 0; i < audit->len; i++)
      {
        KzAuditEntry *e = g_ptr_array_index (audit, i);

        g_test_message ("audit %u: %s %s", i, kz_audit_action_to_string (e->action), e->criterion_id);
        g_assert_cmpint (e->action, ==, want[i].action);
        g_assert_cmpint (e->actor_id, ==, want[i].who ? f->reviewer : f->agent);
        g_assert_cmpint (e->evaluation_id, ==, id);
        g_assert_cmpint (e->revision, ==, want[i].revision);
        g_assert_cmpint (e->dispute_id, ==, want[i].dispute ? dispute_id : 0);
        g_assert_cmpstr (e->criterion_id, ==, want[i].criterion);
        if (i > 0)
          {
            g_assert_cmpint (e->id, >, ((KzAuditEntry *) audit->pdata[i - 1])->id);
            g_assert_cmpint (g_date_time_compare (e->at, ((KzAuditEntry *) audit->pdata[i - 1])->at), >=, 0);
          }
      }
    g_assert_cmpstr (((KzAuditEntry *) audit->pdata[1])->detail, ==, "Thanks — one question");
    /* Each disputed criterion's own reason, else the dispute's. */
    g_assert_cmpstr (((KzAuditEntry *) audit->pdata[2])->detail, ==, "The greeting is there; the notes were asked for");
    g_assert_cmpstr (((KzAuditEntry *) audit->pdata[3])->detail, ==, "It is at 02:10");
    g_assert_cmpstr (((KzAuditEntry *) audit->pdata[6])->detail, ==, "The notes are thin");
  }

  /* The list shows where it stands: revision 2, acknowledged was 1. */
  list = kz_store_list_evaluations (f->store, &of_agent, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  {
    KzEvaluationSummary *s = g_ptr_array_index (list, 0);

    g_assert_cmpint (s->revision, ==, 2);
    g_assert_cmpint (s->acknowledged_revision, ==, 1);
    g_assert_nonnull (s->acknowledged_at);
    g_assert_cmpuint (s->n_disputes, ==, 1);
    g_assert_false (s->dispute_open);
    /* Acknowledged revision 1, re-scored since: the agent has not seen 2. */
    g_assert_cmpint (kz_evaluation_agent_status (s), ==, KZ_AGENT_STATUS_CHANGED);
    g_assert_cmpint (s->agent_id, ==, f->agent);
    g_assert_cmpint (s->reviewer_id, ==, f->reviewer);
    g_assert_false (s->is_calibration);
  }
  /* The new revision can be acknowledged too. */
  g_assert_true (kz_store_acknowledge (f->store, id, f->agent, NULL, NULL, &error));
  g_assert_no_error (error);
  acks = kz_store_list_acknowledgements (f->store, id, &error);
  g_assert_cmpuint (acks->len, ==, 2);
  g_assert_cmpint (((KzAcknowledgement *) acks->pdata[1])->revision, ==, 2);
  g_assert_null (((KzAcknowledgement *) acks->pdata[1])->comment);
  g_assert_cmpstr (((KzAcknowledgement *) acks->pdata[0])->comment, ==, "Thanks — one question");

  /* A save that changes nothing makes no revision; one that changes a
   * comment does (the reviewer's own, with no dispute). */
  g_assert_cmpint (kz_store_save_evaluation (f->store, ev, &error), ==, id);
  g_assert_no_error (error);
  g_assert_cmpint (ev->revision, ==, 2);
  kz_answer_set_put (ev->answers, kz_answer_new ("R2", KZ_ANSWER_VALUE, 2, "Notes could say what was promised"));
  g_assert_cmpint (kz_store_save_evaluation (f->store, ev, &error), ==, id);
  g_assert_no_error (error);
  g_assert_cmpint (ev->revision, ==, 3);
  g_clear_pointer (&audit, g_ptr_array_unref);
  audit = kz_store_list_audit (f->store, id, &error);
  g_assert_cmpint (((KzAuditEntry *) audit->pdata[audit->len - 1])->action, ==, KZ_AUDIT_REVISION);
  g_assert_cmpint (((KzAuditEntry *) audit->pdata[audit->len - 1])->dispute_id, ==, 0);
}

/* After the window: refused, naming the deadline (submission + 7 days). */
static void
test_deadline (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzDispute) late = NULL;
  g_autoptr(KzDispute) in_time = NULL;
  g_autoptr(KzEvaluation) ev = NULL;
  g_autoptr(GDateTime) deadline = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *expected = NULL;
  gint64 old, recent, short_window;

  old = submit (f, "spec", f->agent, f->reviewer, 10, 0, 4, 1, 2);
  ev = kz_store_get_evaluation (f->store, old, &error);
  g_assert_no_error (error);
  deadline = g_date_time_add_days (ev->submitted_at, 7);
  local = g_date_time_to_local (deadline);
  expected = g_date_time_format (local, "%Y-%m-%d %H:%M");

  late = dispute_of (old, f->agent, "Too late?", (const char *[]) { "G1", NULL });
  g_assert_cmpint (kz_store_raise_dispute (f->store, late, &error), ==, 0);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "Too late"));
  g_assert_nonnull (strstr (error->message, expected));
  g_assert_nonnull (strstr (error->message, "7 days"));
  g_clear_error (&error);
  g_assert_cmpint (kz_store_count (f->store, KZ_RECORD_DISPUTES, NULL), ==, 0);

  /* Six days in: still open. */
  recent = submit (f, "spec", f->agent, f->reviewer, 6, 0, 4, 1, 2);
  in_time = dispute_of (recent, f->agent, "In time", (const char *[]) { "G1", NULL });
  g_assert_cmpint (kz_store_raise_dispute (f->store, in_time, &error), >, 0);
  g_assert_no_error (error);

  /* A rubric's own window: 3 days. */
  short_window = submit (f, "once", f->agent, f->reviewer, 4, 0, 4, 1, 2);
  g_clear_pointer (&late, kz_dispute_free);
  late = dispute_of (short_window, f->agent, "Too late", (const char *[]) { "G1", NULL });
  g_assert_cmpint (kz_store_raise_dispute (f->store, late, &error), ==, 0);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "3 days"));
}

static gint64
raise_one (Fixture *f, gint64 evaluation, GError **error)
{
  g_autoptr(KzDispute) d = dispute_of (evaluation, f->agent, "Again", (const char *[]) { "G1", NULL });

  return kz_store_raise_dispute (f->store, d, error);
}

static void
uphold_all (Fixture *f, gint64 dispute_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzDispute) d = kz_store_get_dispute (f->store, dispute_id, &error);
  g_autoptr(GPtrArray) res = resolutions_new ();

  g_assert_no_error (error);
  for (guint i = 0; i < d->items->len; i++)
    g_ptr_array_add (res, kz_dispute_resolution_new (((KzDisputeItem *) d->items->pdata[i])->criterion_id,
                                                     KZ_RESOLUTION_UPHELD, NULL, "Stands"));
  g_assert_true (kz_store_resolve_dispute (f->store, d, f->reviewer, res, NULL, &error));
  g_assert_no_error (error);
}

/* One open at a time; at most max-disputes (2 by default, 1 for "once"). */
static void
test_limits (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = submit (f, "spec", f->agent, f->reviewer, 1, 0, 4, 1, 2);
  gint64 once = submit (f, "once", f->agent, f->reviewer, 1, 0, 4, 1, 2);
  gint64 first, second;

  first = raise_one (f, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (raise_one (f, id, &error), ==, 0);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "open dispute already"));
  g_clear_error (&error);

  uphold_all (f, first);
  second = raise_one (f, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (second, >, first);
  uphold_all (f, second);
  g_assert_cmpint (raise_one (f, id, &error), ==, 0);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "2 times"));
  g_clear_error (&error);

  uphold_all (f, raise_one (f, once, &error));
  g_assert_no_error (error);
  g_assert_cmpint (raise_one (f, once, &error), ==, 0);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "1 time,"));
  g_clear_error (&error);

  g_assert_cmpint (kz_store_count (f->store, KZ_RECORD_DISPUTES, NULL), ==, 3);
}

/* Who may: only the agent raises and acknowledges; the reviewer, a manager
 * of the agent's team or an administrator resolves, never the agent; the
 * request must make sense. */
static void
test_who_may (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzDispute) d = NULL;
  g_autoptr(KzDispute) by_reviewer = NULL;
  g_autoptr(GPtrArray) res = resolutions_new ();
  g_autoptr(GPtrArray) same = resolutions_new ();
  gint64 id = submit (f, "spec", f->agent, f->reviewer, 1, 0, 4, 1, 2);
  gint64 draft;

  g_assert_false (kz_store_acknowledge (f->store, id, f->agent_b, NULL, NULL, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_PERMISSION);
  g_clear_error (&error);
  by_reviewer = dispute_of (id, f->reviewer, "Not mine to raise", (const char *[]) { "G1", NULL });
  g_assert_cmpint (kz_store_raise_dispute (f->store, by_reviewer, &error), ==, 0);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_PERMISSION);
  g_clear_error (&error);

  /* Nonsense is refused before anything is written. */
  d = dispute_of (id, f->agent, "Unknown", (const char *[]) { "X9", NULL });
  g_assert_cmpint (kz_store_raise_dispute (f->store, d, &error), ==, 0);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "X9"));
  g_clear_error (&error);
  g_clear_pointer (&d, kz_dispute_free);
  d = dispute_of (id, f->agent, "  ", (const char *[]) { "G1", NULL });
  g_assert_cmpint (kz_store_raise_dispute (f->store, d, &error), ==, 0);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  {
    g_autoptr(KzEvaluation) ev = kz_evaluation_new ();

    ev->rubric_id = g_strdup ("spec");
    ev->agent_id = f->agent;
    ev->reviewer_id = f->reviewer;
    draft = kz_store_save_evaluation (f->store, ev, &error);
    g_assert_no_error (error);
    g_assert_cmpint (ev->revision, ==, 0);   /* a draft has none */
  }
  g_clear_pointer (&d, kz_dispute_free);
  d = dispute_of (draft, f->agent, "A draft", (const char *[]) { "G1", NULL });
  g_assert_cmpint (kz_store_raise_dispute (f->store, d, &error), ==, 0);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "draft"));
  g_clear_error (&error);
  g_assert_false (kz_store_acknowledge (f->store, draft, f->agent, NULL, NULL, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_clear_pointer (&d, kz_dispute_free);
  d = dispute_of (id, f->agent, "Fair?", (const char *[]) { "G1", "G2", NULL });
  g_assert_cmpint (kz_store_raise_dispute (f->store, d, &error), >, 0);
  g_assert_no_error (error);

  g_ptr_array_add (res, kz_dispute_resolution_new ("G1", KZ_RESOLUTION_UPHELD, NULL, "Stands"));
  /* The agent; another reviewer; a manager of another team: no. */
  for (const gint64 *who = (const gint64[]) { f->agent, f->reviewer_2, f->other_manager, 0 }; *who; who++)
    {
      g_assert_false (kz_store_resolve_dispute (f->store, d, *who, res, NULL, &error));
      g_assert_error (error, KZ_ERROR, KZ_ERROR_PERMISSION);
      g_clear_error (&error);
    }
  /* A criterion that is not disputed; a note missing; the same answer
   * "changed". */
  {
    g_autoptr(GPtrArray) bad = resolutions_new ();

    g_ptr_array_add (bad, kz_dispute_resolution_new ("R1", KZ_RESOLUTION_UPHELD, NULL, "Stands"));
    g_assert_false (kz_store_resolve_dispute (f->store, d, f->reviewer, bad, NULL, &error));
    g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
    g_clear_error (&error);
    g_ptr_array_set_size (bad, 0);
    g_ptr_array_add (bad, kz_dispute_resolution_new ("G1", KZ_RESOLUTION_UPHELD, NULL, ""));
    g_assert_false (kz_store_resolve_dispute (f->store, d, f->reviewer, bad, NULL, &error));
    g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
    g_clear_error (&error);
  }
  g_ptr_array_add (same, kz_dispute_resolution_new ("G2", KZ_RESOLUTION_CHANGED,
                                                    kz_answer_new ("G2", KZ_ANSWER_VALUE, 4, NULL), "Same"));
  g_assert_false (kz_store_resolve_dispute (f->store, d, f->reviewer, same, NULL, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* The manager of the agent's team: yes — one criterion now, one later. */
  g_assert_true (kz_store_resolve_dispute (f->store, d, f->manager, res, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (d->state, ==, KZ_DISPUTE_OPEN);
  g_assert_cmpuint (kz_dispute_n_pending (d), ==, 1);
  g_ptr_array_set_size (res, 0);
  g_ptr_array_add (res, kz_dispute_resolution_new ("G2", KZ_RESOLUTION_CHANGED,
                                                   kz_answer_new ("G2", KZ_ANSWER_VALUE, 5, NULL), "Warm enough"));
  g_assert_true (kz_store_resolve_dispute (f->store, d, f->manager, res, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (d->state, ==, KZ_DISPUTE_CLOSED);
  {
    g_autoptr(GPtrArray) revisions = kz_store_list_revisions (f->store, id, &error);

    g_assert_cmpuint (revisions->len, ==, 2);
    g_assert_cmpint (((KzRevision *) revisions->pdata[1])->created_by, ==, f->manager);
  }
  /* Closed: nothing more to resolve. */
  g_assert_false (kz_store_resolve_dispute (f->store, d, f->manager, res, NULL, &error));
  g_assert_nonnull (error);
}

/* Two resolvers at once: the second gets a conflict, changes nothing, and
 * keeps its decisions; the first's stand.  Both read the dispute before
 * either resolved it. */
static void
test_conflict (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) other = open_at (f);
  g_autoptr(KzDispute) d = NULL;
  g_autoptr(KzDispute) seen_by_manager = NULL;
  g_autoptr(KzDispute) after = NULL;
  g_autoptr(KzEvaluation) ev = NULL;
  g_autoptr(GPtrArray) mine = resolutions_new ();
  g_autoptr(GPtrArray) theirs = resolutions_new ();
  gint64 id = submit (f, "spec", f->agent, f->reviewer, 1, 0, 4, 1, 2);
  gint64 dispute_id;

  d = dispute_of (id, f->agent, "Fair?", (const char *[]) { "G1", NULL });
  dispute_id = kz_store_raise_dispute (f->store, d, &error);
  g_assert_no_error (error);
  seen_by_manager = kz_store_get_dispute (other, dispute_id, &error);
  g_assert_no_error (error);

  g_ptr_array_add (mine, kz_dispute_resolution_new ("G1", KZ_RESOLUTION_CHANGED,
                                                    kz_answer_new ("G1", KZ_ANSWER_VALUE, 1, NULL), "Reviewer: yes"));
  g_ptr_array_add (theirs, kz_dispute_resolution_new ("G1", KZ_RESOLUTION_UPHELD, NULL, "Manager: no"));
  g_assert_true (kz_store_resolve_dispute (f->store, d, f->reviewer, mine, NULL, &error));
  g_assert_no_error (error);

  g_assert_false (kz_store_resolve_dispute (other, seen_by_manager, f->manager, theirs, NULL, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "Someone else resolved this dispute"));
  g_clear_error (&error);
  /* Nothing lost: the manager still holds their decision, the stored one
   * is the reviewer's. */
  g_assert_cmpuint (theirs->len, ==, 1);
  g_assert_cmpstr (((KzDisputeResolution *) theirs->pdata[0])->note, ==, "Manager: no");
  after = kz_store_get_dispute (other, dispute_id, &error);
  g_assert_cmpint (after->state, ==, KZ_DISPUTE_CLOSED);
  g_assert_cmpint (kz_dispute_find_item (after, "G1")->resolution, ==, KZ_RESOLUTION_CHANGED);
  g_assert_cmpstr (kz_dispute_find_item (after, "G1")->note, ==, "Reviewer: yes");
  ev = kz_store_get_evaluation (other, id, &error);
  g_assert_cmpint (ev->revision, ==, 2);
  /* submitted, disputed, revision, changed, closed: the second left nothing. */
  g_assert_cmpint (kz_store_count (other, KZ_RECORD_AUDIT_ENTRIES, NULL), ==, 5);
}

/* The same, really at once on the team server: the first resolver's
 * transaction is still open when the second starts; the second waits on
 * the dispute's row, and when the first commits it gets the conflict. */
typedef struct {
  KzStore   *store;
  KzDispute *dispute;
  gint64     resolver;
  GPtrArray *resolutions;
  GError    *error;
  gboolean   ok;
} Resolver;

static gpointer
resolve_thread (gpointer data)
{
  Resolver *r = data;

  r->ok = kz_store_resolve_dispute (r->store, r->dispute, r->resolver, r->resolutions, NULL, &r->error);
  return NULL;
}

static void
test_pg_conflict_at_once (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) other = open_at (f);
  g_autoptr(KzDispute) d = NULL;
  g_autoptr(KzDispute) seen = NULL;
  g_autoptr(GPtrArray) mine = resolutions_new ();
  g_autoptr(GPtrArray) theirs = resolutions_new ();
  PGconn *watch = kz_test_pg_connect (f->location);
  gint64 id = submit (f, "spec", f->agent, f->reviewer, 1, 0, 4, 1, 2);
  gint64 deadline;
  Resolver second = { 0 };
  GThread *thread;

  g_assert_true (f->pg);
  d = dispute_of (id, f->agent, "Fair?", (const char *[]) { "G1", NULL });
  g_assert_cmpint (kz_store_raise_dispute (f->store, d, &error), >, 0);
  seen = kz_store_get_dispute (other, d->id, &error);
  g_assert_no_error (error);
  g_ptr_array_add (mine, kz_dispute_resolution_new ("G1", KZ_RESOLUTION_UPHELD, NULL, "First"));
  g_ptr_array_add (theirs, kz_dispute_resolution_new ("G1", KZ_RESOLUTION_CHANGED,
                                                      kz_answer_new ("G1", KZ_ANSWER_VALUE, 1, NULL), "Second"));

  g_assert_true (kz_store_begin (f->store, &error));
  g_assert_true (kz_store_resolve_dispute (f->store, d, f->reviewer, mine, NULL, &error));
  g_assert_no_error (error);

  second = (Resolver) { other, seen, f->manager, theirs, NULL, FALSE };
  thread = g_thread_new ("second resolver", resolve_thread, &second);
  /* Until the second resolver waits for the first's lock. */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  for (;;)
    {
      PGresult *r = PQexec (watch, "SELECT count (*) FROM pg_locks WHERE NOT granted");
      gboolean waiting = PQresultStatus (r) == PGRES_TUPLES_OK && g_ascii_strtoll (PQgetvalue (r, 0, 0), NULL, 10) > 0;

      PQclear (r);
      if (waiting)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (10000);
    }
  g_assert_true (kz_store_commit (f->store, &error));
  g_assert_no_error (error);
  g_thread_join (thread);

  g_assert_false (second.ok);
  g_assert_error (second.error, KZ_ERROR, KZ_ERROR_CONFLICT);
  g_clear_error (&second.error);
  g_clear_pointer (&seen, kz_dispute_free);
  seen = kz_store_get_dispute (other, d->id, &error);
  g_assert_cmpstr (kz_dispute_find_item (seen, "G1")->note, ==, "First");
  {
    g_autoptr(KzEvaluation) ev = kz_store_get_evaluation (other, id, &error);

    g_assert_cmpint (ev->revision, ==, 1);   /* upheld: no new revision, the second's change never written */
  }
  PQfinish (watch);
}

/* ---- calibration ------------------------------------------------------------- */

typedef struct {
  int c1, c2;   /* c2 0: N/A */
} Cal;

/* test-calibration.c's table: reviewers L (the lead), R2, R3 on U1–U3.
 *          c1 L R2 R3   c2 L R2 R3
 *   U1        1  1  0       4  3  4
 *   U2        0  0  0       2  2  N/A
 *   U3        1  1  1       5  4  5 */
static const Cal table[3][3] = {
  { { 1, 4 }, { 1, 3 }, { 0, 4 } },
  { { 0, 2 }, { 0, 2 }, { 0, 0 } },
  { { 1, 5 }, { 1, 4 }, { 1, 5 } },
};

static gint64
score_cal (Fixture *f, KzStore *store, gint64 session, gint64 interaction, gint64 reviewer, Cal a, GError **error)
{
  g_autoptr(KzEvaluation) ev = kz_evaluation_new ();

  ev->is_calibration = TRUE;
  ev->calibration_session_id = session;
  ev->interaction_id = interaction;
  ev->reviewer_id = reviewer;
  ev->rubric_id = g_strdup ("cal");
  ev->state = KZ_EVALUATION_SUBMITTED;
  kz_answer_set_put (ev->answers, kz_answer_new ("c1", KZ_ANSWER_VALUE, a.c1, NULL));
  kz_answer_set_put (ev->answers, a.c2 > 0 ? kz_answer_new ("c2", KZ_ANSWER_VALUE, a.c2, NULL)
                                           : kz_answer_new ("c2", KZ_ANSWER_NA, 0, NULL));
  return kz_store_save_evaluation (store, ev, error);
}

static gint64
create_session_at (Fixture *f, const char *title, gint64 *units, guint n_units, GDateTime *created)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzCalibrationSession) s = kz_calibration_session_new ();
  gint64 r[] = { f->reviewer_2, f->reviewer_3 };

  s->title = g_strdup (title);
  s->rubric_id = g_strdup ("cal");
  s->lead_id = f->reviewer;
  s->created_at = created != NULL ? g_date_time_ref (created) : NULL;
  g_array_append_vals (s->reviewer_ids, r, 2);
  g_array_append_vals (s->interaction_ids, units, n_units);
  g_assert_cmpint (kz_store_create_calibration (f->store, s, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (s->rubric_version, ==, 1);
  g_assert_cmpuint (s->reviewer_ids->len, ==, 3);   /* the lead is in it */
  return s->id;
}

static gint64
create_session (Fixture *f, const char *title, gint64 *units, guint n_units)
{
  return create_session_at (f, title, units, n_units, NULL);
}

static const KzReviewerAlignment *
alignment_of (const KzCalibrationResult *r, gint64 id)
{
  for (guint i = 0; i < r->reviewers->len; i++)
    if (((KzReviewerAlignment *) r->reviewers->pdata[i])->reviewer_id == id)
      return r->reviewers->pdata[i];
  g_assert_not_reached ();
}

/* F of each: U1 L (1, 4) 100 × 2.5/3 = 83.33, R2 (1, 3) 66.67, R3 (0, 4)
 * 50; U2 L (0, 2) 16.67, R2 16.67, R3 (0, N/A) 0; U3 L 100, R2 83.33, R3
 * 100.  Consensus (mean F) U1 200/3, U2 100/9, U3 850/9; bias = mean of
 * (F − consensus) over the three: L (50/3 + 50/9 + 50/9) ÷ 3 = 250/27,
 * R2 (0 + 50/9 − 100/9) ÷ 3 = −50/27, R3 (−50/3 − 100/9 + 50/9) ÷ 3 =
 * −200/27.  F interval α, in thirds (250 200 150 | 50 50 0 | 300 250 300):
 * within units Σ δ² ÷ (m − 1) over ordered pairs = 15000 + 5000 + 5000,
 * D_o = 25000/9; all nine, Σ_{i<j} δ² = 9 Σx² − (Σx)² = 3352500 − 2402500 =
 * 950000, D_e = 1900000/72; α = 1 − 2/19 = 17/19.  Equal pairs: 2 of 9.
 * c1, c2 and alignment as in test-calibration.c: α 0.6 (7 of 9 pairs),
 * 0.770032; R2 8/9, R3 6/7. */
static void
assert_hand_worked (const KzCalibrationReport *report, Fixture *f)
{
  const KzCriterionAgreement *c1 = g_ptr_array_index (report->result->criteria, 0);
  const KzCriterionAgreement *c2 = g_ptr_array_index (report->result->criteria, 1);

  g_assert_cmpuint (report->evaluations->len, ==, 9);
  g_assert_cmpfloat_with_epsilon (c1->agreement.alpha, 0.6, EPS);
  g_assert_cmpuint (c1->agreement.n_agreeing_pairs, ==, 7);
  g_assert_cmpuint (c1->agreement.n_pairs, ==, 9);
  g_assert_cmpint (c1->metric, ==, KZ_ALPHA_NOMINAL);
  g_assert_cmpfloat_with_epsilon (c2->agreement.alpha, 0.7700320512820513, EPS);
  g_assert_cmpint (c2->metric, ==, KZ_ALPHA_ORDINAL);
  g_assert_cmpuint (c2->agreement.n_values, ==, 8);
  g_assert_cmpfloat_with_epsilon (report->result->total.alpha, 17.0 / 19.0, EPS);
  g_assert_cmpuint (report->result->total.n_agreeing_pairs, ==, 2);
  g_assert_cmpuint (report->result->total.n_pairs, ==, 9);
  g_assert_false (alignment_of (report->result, f->reviewer)->has_alignment);
  g_assert_cmpfloat_with_epsilon (alignment_of (report->result, f->reviewer_2)->alignment, 8.0 / 9.0, EPS);
  g_assert_cmpfloat_with_epsilon (alignment_of (report->result, f->reviewer_3)->alignment, 6.0 / 7.0, EPS);
  g_assert_cmpfloat_with_epsilon (alignment_of (report->result, f->reviewer)->bias, 250.0 / 27.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (alignment_of (report->result, f->reviewer_2)->bias, -50.0 / 27.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (alignment_of (report->result, f->reviewer_3)->bias, -200.0 / 27.0, 1e-6);
}

static void
test_calibration (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzCalibrationReport) report = NULL;
  g_autoptr(KzCalibrationSession) session = NULL;
  g_autoptr(KzEvaluation) own = NULL;
  gint64 units[3], reviewers[3] = { f->reviewer, f->reviewer_2, f->reviewer_3 };
  gint64 ids[3][3];
  gint64 id, outsider;

  for (guint u = 0; u < 3; u++)
    {
      g_autofree char *ref = g_strdup_printf ("CAL-%u", u);

      units[u] = interaction (f, f->agent, ref);
    }
  outsider = interaction (f, f->agent, "CAL-OUT");
  id = create_session (f, "Calibration, March", units, 3);

  for (guint u = 0; u < 3; u++)
    for (guint r = 0; r < 3; r++)
      {
        ids[u][r] = score_cal (f, f->store, id, units[u], reviewers[r], table[u][r], &error);
        g_assert_no_error (error);
      }

  /* What a calibration evaluation may not be. */
  g_assert_cmpint (score_cal (f, f->store, id, units[0], f->manager, table[0][0], &error), ==, 0);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_PERMISSION);       /* not invited */
  g_clear_error (&error);
  g_assert_cmpint (score_cal (f, f->store, id, outsider, f->reviewer_2, table[0][0], &error), ==, 0);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);    /* not the session's */
  g_clear_error (&error);
  g_assert_cmpint (score_cal (f, f->store, id, units[0], f->reviewer_2, table[0][0], &error), ==, 0);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_EXISTS);           /* scored already */
  g_clear_error (&error);
  g_assert_false (kz_store_acknowledge (f->store, ids[0][0], f->agent, NULL, NULL, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  {
    g_autoptr(KzDispute) d = dispute_of (ids[0][0], f->agent, "Not mine", (const char *[]) { "c1", NULL });

    g_assert_cmpint (kz_store_raise_dispute (f->store, d, &error), ==, 0);
    g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
    g_clear_error (&error);
  }

  /* Blind while open: nobody reads another's, the lead included. */
  for (guint r = 0; r < 3; r++)
    for (guint v = 0; v < 3; v++)
      {
        g_autoptr(KzEvaluation) ev = kz_store_get_calibration_evaluation (f->store, id, units[0], reviewers[r],
                                                                          reviewers[v], &error);

        if (r == v)
          {
            g_assert_no_error (error);
            g_assert_cmpint (ev->id, ==, ids[0][r]);
            g_assert_cmpfloat (kz_answer_set_get (ev->answers, "c1")->value, ==, table[0][r].c1);
          }
        else
          {
            g_assert_null (ev);
            g_assert_error (error, KZ_ERROR, KZ_ERROR_PERMISSION);
            g_assert_nonnull (strstr (error->message, "still open"));
            g_clear_error (&error);
          }
      }
  g_assert_null (kz_store_get_evaluation (f->store, ids[1][1], &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_PERMISSION);
  g_clear_error (&error);
  {
    KzEvaluationFilter of_session = { .calibration_session_id = id };

    g_assert_null (kz_store_list_evaluations (f->store, &of_session, &error));
    g_assert_error (error, KZ_ERROR, KZ_ERROR_PERMISSION);
    g_clear_error (&error);
  }
  g_assert_null (kz_store_calibration_report (f->store, id, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  session = kz_store_get_calibration (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (session->n_submitted, ==, 9);   /* how many, never whose */
  g_assert_true (kz_calibration_session_is_open (session));

  /* Only the lead closes it. */
  g_assert_false (kz_store_close_calibration (f->store, id, f->reviewer_2, NULL, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_true (kz_store_close_calibration (f->store, id, f->reviewer, NULL, &error));
  g_assert_no_error (error);

  /* Closed: everyone in it reads everyone's; nothing changes any more. */
  own = kz_store_get_calibration_evaluation (f->store, id, units[2], f->reviewer_3, f->reviewer_2, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (kz_answer_set_get (own->answers, "c2")->value, ==, 5);
  kz_answer_set_put (own->answers, kz_answer_new ("c2", KZ_ANSWER_VALUE, 1, NULL));
  g_assert_cmpint (kz_store_save_evaluation (f->store, own, &error), ==, 0);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  report = kz_store_calibration_report (f->store, id, &error);
  g_assert_no_error (error);
  assert_hand_worked (report, f);

  /* Calibration evaluations never count as the agent's: no list, no
   * coverage, no "reviewed", no count. */
  {
    KzEvaluationFilter of_agent = { .agent_id = f->agent };
    KzEvaluationFilter of_session = { .calibration_session_id = id };
    KzInteractionQuery reviewed = { .any_channel = TRUE, .reviewed = KZ_REVIEWED_YES };
    KzInteractionQuery all = { .any_channel = TRUE, .reviewed = KZ_REVIEWED_ANY };
    g_autoptr(GPtrArray) agent_list = kz_store_list_evaluations (f->store, &of_agent, &error);
    g_autoptr(GPtrArray) session_list = kz_store_list_evaluations (f->store, &of_session, &error);
    g_autoptr(GPtrArray) rows = kz_store_search_interactions (f->store, &all, 0, 100, &error);
    g_autoptr(GDateTime) from = g_date_time_new_from_unix_utc (0);
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autoptr(GDateTime) to = g_date_time_add_days (now, 1);
    g_autoptr(GPtrArray) coverage = kz_store_coverage (f->store, from, to, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (agent_list->len, ==, 0);
    g_assert_cmpuint (session_list->len, ==, 9);
    g_assert_true (((KzEvaluationSummary *) session_list->pdata[0])->is_calibration);
    g_assert_cmpint (kz_store_count (f->store, KZ_RECORD_EVALUATIONS, NULL), ==, 0);
    g_assert_cmpint (kz_store_count (f->store, KZ_RECORD_CALIBRATION_EVALUATIONS, NULL), ==, 9);
    g_assert_cmpint (kz_store_count_interactions (f->store, &reviewed, &error), ==, 0);
    for (guint i = 0; i < rows->len; i++)
      {
        g_assert_cmpuint (((KzInteractionSummary *) rows->pdata[i])->n_evaluations, ==, 0);
        g_assert_cmpuint (((KzInteractionSummary *) rows->pdata[i])->n_submitted, ==, 0);
      }
    g_assert_cmpuint (coverage->len, ==, 1);
    g_assert_cmpuint (((KzCoverage *) coverage->pdata[0])->n_interactions, ==, 4);
    g_assert_cmpuint (((KzCoverage *) coverage->pdata[0])->n_reviewed, ==, 0);
    g_assert_cmpint (kz_store_count (f->store, KZ_RECORD_REVISIONS, NULL), ==, 0);
  }
}

/* Over two sessions with the same ratings, a week apart: each reviewer's
 * bias twice, the same, so no drift (slope 0); c1 pooled over six units:
 * o_11 = 8, o_00 = 6, o_01 = o_10 = 2, n_1 = 10, n_0 = 8, n = 18:
 * α = 1 − 17 × 4 ÷ (2 × 10 × 8) = 0.575, below c2. */
static void
test_trends (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzCalibrationTrends) trends = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gint64 reviewers[3] = { f->reviewer, f->reviewer_2, f->reviewer_3 };

  for (guint s = 0; s < 2; s++)
    {
      gint64 units[3];
      gint64 id;
      g_autofree char *title = g_strdup_printf ("Session %u", s);
      /* Back-dated (a single file, or the server's owner): a week apart. */
      g_autoptr(GDateTime) created = g_date_time_add_days (now, (int) s * 7 - 15);
      g_autoptr(GDateTime) closed = g_date_time_add_days (now, (int) s * 7 - 14);

      for (guint u = 0; u < 3; u++)
        {
          g_autofree char *ref = g_strdup_printf ("T-%u-%u", s, u);

          units[u] = interaction (f, f->agent_b, ref);
        }
      id = create_session_at (f, title, units, 3, created);
      for (guint u = 0; u < 3; u++)
        for (guint r = 0; r < 3; r++)
          {
            score_cal (f, f->store, id, units[u], reviewers[r], table[u][r], &error);
            g_assert_no_error (error);
          }
      g_assert_true (kz_store_close_calibration (f->store, id, f->reviewer, closed, &error));
      g_assert_no_error (error);
    }

  trends = kz_store_calibration_trends (f->store, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (trends->n_sessions, ==, 2);
  g_assert_cmpuint (trends->points->len, ==, 6);
  g_assert_cmpuint (trends->drift->len, ==, 3);
  for (guint i = 0; i < trends->drift->len; i++)
    {
      KzReviewerDrift *d = g_ptr_array_index (trends->drift, i);

      g_assert_cmpuint (d->n_sessions, ==, 2);
      g_assert_true (d->has_drift);
      g_assert_cmpfloat_with_epsilon (d->drift, 0.0, 1e-9);
    }
  g_assert_cmpfloat_with_epsilon (((KzReviewerDrift *) trends->drift->pdata[0])->mean_bias, 250.0 / 27.0, 1e-6);
  g_assert_cmpuint (trends->criteria->len, ==, 2);
  g_assert_cmpstr (((KzCriterionTrend *) trends->criteria->pdata[0])->criterion_id, ==, "c1");
  g_assert_cmpfloat_with_epsilon (((KzCriterionTrend *) trends->criteria->pdata[0])->agreement.alpha, 0.575, EPS);
  g_assert_cmpuint (((KzCriterionTrend *) trends->criteria->pdata[0])->n_sessions, ==, 2);
  g_assert_cmpuint (((KzCriterionTrend *) trends->criteria->pdata[0])->agreement.n_units, ==, 6);

  /* Only those closed in the period. */
  {
    g_autoptr(GDateTime) since = g_date_time_add_days (now, -10);
    g_autoptr(KzCalibrationTrends) recent = kz_store_calibration_trends (f->store, since, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (recent->n_sessions, ==, 1);
    g_assert_false (((KzReviewerDrift *) recent->drift->pdata[0])->has_drift);
  }
}

/* Outside calibration.  With cal's F = 100 (v1 + 2 v2) ÷ 3: agent Ana, Rui
 * 100 (1, 5), Rita 66.67 (1, 3); agent Bo, Rui 83.33 (1, 4), Rita 83.33 and
 * 33.33 (1, 1): Rita's mean on Bo 58.33.  Rui: (33.33 + 25) ÷ 2 = 175/6 on
 * 2 agents and 2 evaluations; Rita −175/6 on 2 agents, 3 evaluations.  A
 * calibration evaluation of Ana by Rita (0, 1: F 0) in the period changes
 * nothing. */
static gint64
cal_style (Fixture *f, gint64 agent, gint64 reviewer, int c1, int c2)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzEvaluation) ev = kz_evaluation_new ();
  g_autofree char *ref = g_strdup_printf ("L-%u", g_random_int ());

  ev->interaction_id = interaction (f, agent, ref);
  ev->rubric_id = g_strdup ("cal");
  ev->agent_id = agent;
  ev->reviewer_id = reviewer;
  ev->state = KZ_EVALUATION_SUBMITTED;
  kz_answer_set_put (ev->answers, kz_answer_new ("c1", KZ_ANSWER_VALUE, c1, NULL));
  kz_answer_set_put (ev->answers, kz_answer_new ("c2", KZ_ANSWER_VALUE, c2, NULL));
  kz_store_save_evaluation (f->store, ev, &error);
  g_assert_no_error (error);
  return ev->interaction_id;
}

static void
test_leniency (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) from = g_date_time_add_days (now, -1);
  g_autoptr(GDateTime) to = g_date_time_add_days (now, 1);
  g_autoptr(GPtrArray) rows = NULL;
  const KzLeniency *rui, *rita;
  gint64 it, session;

  it = cal_style (f, f->agent, f->reviewer, 1, 5);
  cal_style (f, f->agent, f->reviewer_2, 1, 3);
  cal_style (f, f->agent_b, f->reviewer, 1, 4);
  cal_style (f, f->agent_b, f->reviewer_2, 1, 4);
  cal_style (f, f->agent_b, f->reviewer_2, 1, 1);
  session = create_session (f, "Leniency aside", &it, 1);
  score_cal (f, f->store, session, it, f->reviewer_2, (Cal) { 0, 1 }, &error);
  g_assert_no_error (error);

  rows = kz_store_reviewer_leniency (f->store, from, to, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  rui = g_ptr_array_index (rows, 0);
  rita = g_ptr_array_index (rows, 1);
  g_assert_cmpint (rui->reviewer_id, ==, f->reviewer);
  g_assert_cmpfloat_with_epsilon (rui->leniency, 175.0 / 6.0, 1e-6);
  g_assert_cmpuint (rui->n_agents, ==, 2);
  g_assert_cmpuint (rui->n_evaluations, ==, 2);
  g_assert_cmpfloat_with_epsilon (rita->leniency, -175.0 / 6.0, 1e-6);
  g_assert_cmpuint (rita->n_evaluations, ==, 3);

  /* Another period: none. */
  {
    g_autoptr(GDateTime) later = g_date_time_add_days (now, 2);
    g_autoptr(GDateTime) later_still = g_date_time_add_days (now, 3);
    g_autoptr(GPtrArray) none = kz_store_reviewer_leniency (f->store, later, later_still, &error);

    g_assert_cmpuint (none->len, ==, 0);
  }
}

/* ---- schema 13 → 14 ---------------------------------------------------------- */

/* What was submitted before becomes revision 1 as it is, with a
 * "submitted" entry, its first submission the last save; a draft gets
 * none.  It can then be disputed within its window. */
static void
test_upgrade_from_13 (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzStore) old = NULL;
  g_autoptr(KzEvaluation) ev = NULL;
  g_autoptr(KzEvaluation) draft = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(KzDispute) d = NULL;
  g_autofree char *location = f->pg ? kz_test_pg_create_db () : g_build_filename (f->dir, "old.db", NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 agent = 1, reviewer = 2;

  old = f->pg ? kz_pg_store_open (location, NULL, TRUE, 13, &error) : kz_sqlite_store_open (location, 13, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kz_store_get_schema_version (old), ==, 13);
  g_clear_object (&old);

  /* The rows schema 13 held, written by hand, their values bound. */
  g_assert_true (kz_test_sql_exec (location, "INSERT INTO people (id, name, roles) VALUES (1, 'Ana', 1), (2, 'Rui', 2)",
                                   NULL, 0, &error));
  g_assert_no_error (error);
  g_assert_true (kz_test_sql_exec (location, "INSERT INTO rubrics (id, version, title, source, checksum, n_sections, "
                                             "n_criteria, imported_at) VALUES ('q', 1, 'Q', $1, 'x', 1, 1, 0)",
                                   KZ_TEST_VALUES (KZ_TEST_TEXT (
                                     "<rubric xmlns='" NS "' id='q' version='1'><title>Q</title><section id='s'>"
                                     "<title>S</title><criterion id='O1'><title>O</title><guidance>g</guidance>"
                                     "<scale kind='binary'><point value='0' label='No'/><point value='1' "
                                     "label='Yes'/></scale></criterion></section></rubric>")), &error));
  g_assert_no_error (error);
  /* pass is a boolean on the server, an integer in the file. */
  g_assert_true (kz_test_sql_exec (location, "INSERT INTO evaluations (id, rubric_id, rubric_version, reviewer_id, "
                                             "agent_id, state, created_at, updated_at, raw, final, pass) "
                                             "VALUES (1, 'q', 1, 2, 1, 'submitted', $1, $2, 100, 100, $3), "
                                             "(2, 'q', 1, 2, 1, 'draft', $4, $4, NULL, NULL, NULL)",
                                   KZ_TEST_VALUES (KZ_TEST_INT (now - 2 * 86400), KZ_TEST_INT (now - 86400),
                                                   f->pg ? KZ_TEST_TEXT ("true") : KZ_TEST_INT (1),
                                                   KZ_TEST_INT (now)), &error));
  g_assert_no_error (error);
  g_assert_true (kz_test_sql_exec (location, "INSERT INTO answers (evaluation_id, criterion_id, kind, value, comment) "
                                             "VALUES (1, 'O1', 'value', 1, 'kept')", NULL, 0, &error));
  g_assert_no_error (error);

  old = f->pg ? kz_pg_store_open (location, NULL, TRUE, KZ_PG_SCHEMA_VERSION, &error) : kz_store_open (location, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kz_store_get_schema_version (old), ==, f->pg ? KZ_PG_SCHEMA_VERSION : KZ_SQLITE_SCHEMA_VERSION);
  ev = kz_store_get_evaluation (old, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ev->revision, ==, 1);
  g_assert_false (ev->is_calibration);
  g_assert_cmpint (g_date_time_to_unix (ev->submitted_at), ==, now - 86400);
  draft = kz_store_get_evaluation (old, 2, &error);
  g_assert_cmpint (draft->revision, ==, 0);
  g_assert_null (draft->submitted_at);
  revisions = kz_store_list_revisions (old, 1, &error);
  g_assert_cmpuint (revisions->len, ==, 1);
  g_assert_cmpfloat (((KzRevision *) revisions->pdata[0])->final, ==, 100);
  g_assert_cmpstr (kz_answer_set_get (((KzRevision *) revisions->pdata[0])->answers, "O1")->comment, ==, "kept");
  g_assert_cmpint (((KzRevision *) revisions->pdata[0])->created_by, ==, 0);   /* not known */
  audit = kz_store_list_audit (old, 0, &error);
  g_assert_cmpuint (audit->len, ==, 1);
  g_assert_cmpint (((KzAuditEntry *) audit->pdata[0])->action, ==, KZ_AUDIT_SUBMITTED);
  g_assert_cmpint (((KzAuditEntry *) audit->pdata[0])->actor_id, ==, reviewer);
  g_assert_cmpint (kz_store_count (old, KZ_RECORD_EVALUATIONS, NULL), ==, 2);

  d = dispute_of (1, agent, "Upgraded, still mine to dispute", (const char *[]) { "O1", NULL });
  g_assert_cmpint (kz_store_raise_dispute (old, d, &error), >, 0);
  g_assert_no_error (error);

  g_clear_object (&old);
  if (f->pg)
    kz_test_pg_drop_db (location);
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
      ADD ("/disputes/flow", test_flow);
      ADD ("/disputes/deadline", test_deadline);
      ADD ("/disputes/limits", test_limits);
      ADD ("/disputes/who-may", test_who_may);
      ADD ("/disputes/conflict", test_conflict);
      ADD ("/calibration/blind-then-results", test_calibration);
      ADD ("/calibration/trends", test_trends);
      ADD ("/calibration/leniency", test_leniency);
      ADD ("/migrations/upgrade-from-13", test_upgrade_from_13);
      if (b == 1)
        ADD ("/disputes/conflict-at-once", test_pg_conflict_at_once);
#undef ADD
    }
  return g_test_run ();
}
