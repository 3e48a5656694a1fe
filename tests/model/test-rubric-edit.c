/* test-rubric-edit.c — the rubric editor's model: writer, draft, versions, what if
 *
 *  - the writer: every shipped rubric (and every test file the loader
 *    accepts) written and read back is the same rubric, compared field by
 *    field and by its scores on a few hundred answer sets; writing it again
 *    gives the same bytes;
 *  - the draft: edits, and mistakes reported with the loader's own message
 *    naming the section, criterion, scale or point;
 *  - versions, on both backends: saving a draft of a rubric with
 *    evaluations stores version n+1, and the old version, the evaluations'
 *    rows and their scores are byte for byte what they were;
 *  - what if: a hand-worked vector, and the store's evaluations re-scored
 *    against kz_score_compute() run on each of them directly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "kz-demo.h"
#include "kz-error.h"
#include "kz-pg-store-private.h"
#include "kz-rubric-draft.h"
#include "kz-rubric-private.h"
#include "kz-rubric-writer.h"
#include "kz-score.h"
#include "kz-store.h"
#include "kz-test-db.h"
#include "kz-what-if.h"

#define NS "https://kaizen-qa.org/ns/rubric/1"

static const char *shipped[] = {
  "phone-support.xml",
  "email-support.xml",
  "compliance-account-servicing.xml",
};

/* ---- helpers ------------------------------------------------------------------ */

static KzRubric *
load_text (const char *xml)
{
  g_autoptr(GError) error = NULL;
  KzRubric *rubric = kz_rubric_load_data (xml, strlen (xml), "test.xml", &error);

  g_assert_no_error (error);
  g_assert_nonnull (rubric);
  return rubric;
}

static KzRubric *
load_shipped (const char *name)
{
  g_autofree char *path = g_build_filename (kz_demo_rubrics_dir (), name, NULL);
  g_autoptr(GError) error = NULL;
  KzRubric *rubric = kz_rubric_load_file (path, &error);

  g_assert_no_error (error);
  return rubric;
}

static void
assert_scale_equal (const KzScale *a,
                    const KzScale *b)
{
  g_assert_cmpstr (a->id, ==, b->id);
  g_assert_cmpint (a->kind, ==, b->kind);
  g_assert_cmpuint (a->points->len, ==, b->points->len);
  for (guint i = 0; i < a->points->len; i++)
    {
      const KzScalePoint *pa = g_ptr_array_index (a->points, i);
      const KzScalePoint *pb = g_ptr_array_index (b->points, i);

      g_assert_true (pa->value == pb->value);
      g_assert_cmpstr (pa->label, ==, pb->label);
      g_assert_cmpstr (pa->guidance, ==, pb->guidance);
    }
}

/* Every field, except the version when @same_version is FALSE. */
static void
assert_rubric_equal (KzRubric *a,
                     KzRubric *b,
                     gboolean  same_version)
{
  guint n_shared_a = 0, n_shared_b = 0;

  g_assert_cmpstr (a->id, ==, b->id);
  g_assert_cmpstr (a->title, ==, b->title);
  g_assert_cmpstr (a->description, ==, b->description);
  if (same_version)
    g_assert_cmpint (a->version, ==, b->version);
  g_assert_true (a->pass_mark == b->pass_mark);
  g_assert_cmpint (a->dispute_days, ==, b->dispute_days);

  /* Shared scales in the same order; inline ones compared with their criteria. */
  for (guint i = 0, j = 0; i < a->scales->len; i++)
    {
      const KzScale *sa = g_ptr_array_index (a->scales, i);

      if (sa->id == NULL)
        continue;
      n_shared_a++;
      while (j < b->scales->len && ((KzScale *) g_ptr_array_index (b->scales, j))->id == NULL)
        j++;
      g_assert_cmpuint (j, <, b->scales->len);
      assert_scale_equal (sa, g_ptr_array_index (b->scales, j));
      j++;
    }
  for (guint j = 0; j < b->scales->len; j++)
    if (((KzScale *) g_ptr_array_index (b->scales, j))->id != NULL)
      n_shared_b++;
  g_assert_cmpuint (n_shared_a, ==, n_shared_b);

  g_assert_cmpuint (a->sections->len, ==, b->sections->len);
  for (guint s = 0; s < a->sections->len; s++)
    {
      const KzSection *sa = g_ptr_array_index (a->sections, s);
      const KzSection *sb = g_ptr_array_index (b->sections, s);

      g_assert_cmpstr (sa->id, ==, sb->id);
      g_assert_cmpstr (sa->title, ==, sb->title);
      g_assert_cmpstr (sa->description, ==, sb->description);
      g_assert_true (sa->weight == sb->weight);
      g_assert_true (g_strv_equal ((const char * const *) sa->principles, (const char * const *) sb->principles));
      g_assert_cmpuint (sa->criteria->len, ==, sb->criteria->len);
      for (guint c = 0; c < sa->criteria->len; c++)
        {
          const KzCriterion *ca = g_ptr_array_index (sa->criteria, c);
          const KzCriterion *cb = g_ptr_array_index (sb->criteria, c);

          g_assert_cmpstr (ca->id, ==, cb->id);
          g_assert_cmpstr (ca->title, ==, cb->title);
          g_assert_cmpstr (ca->guidance, ==, cb->guidance);
          g_assert_true (ca->weight == cb->weight);
          g_assert_cmpint (ca->na_policy, ==, cb->na_policy);
          if (ca->na_policy == KZ_NA_FIXED)
            g_assert_true (ca->na_value == cb->na_value);
          g_assert_cmpint (ca->required, ==, cb->required);
          g_assert_cmpint (ca->critical, ==, cb->critical);
          g_assert_cmpint (ca->has_fail_below, ==, cb->has_fail_below);
          if (ca->has_fail_below)
            g_assert_true (ca->fail_below == cb->fail_below);
          g_assert_true (g_strv_equal ((const char * const *) ca->principles, (const char * const *) cb->principles));
          g_assert_true (g_strv_equal ((const char * const *) ca->personas, (const char * const *) cb->personas));
          assert_scale_equal (ca->scale, cb->scale);
        }
    }
  g_assert_cmpuint (kz_rubric_get_n_criteria (a), ==, kz_rubric_get_n_criteria (b));
}

/* Random but repeatable answers to @rubric's criteria: a point, N/A (also
 * where it is forbidden, which the engine counts as unanswered) or none. */
static KzAnswerSet *
random_answers (KzRubric *rubric,
                GRand    *rand,
                gboolean  storable)
{
  KzAnswerSet *answers = kz_answer_set_new ();
  GPtrArray *sections = kz_rubric_get_sections (rubric);

  for (guint s = 0; s < sections->len; s++)
    {
      const KzSection *section = g_ptr_array_index (sections, s);

      for (guint c = 0; c < section->criteria->len; c++)
        {
          const KzCriterion *criterion = g_ptr_array_index (section->criteria, c);
          int dice = g_rand_int_range (rand, 0, 10);

          if (storable && dice == 0)
            dice = 5;  /* submitted evaluations answer everything */
          if (dice == 0)
            continue;
          if (dice == 1 && (!storable || kz_criterion_allows_na (criterion)))
            kz_answer_set_put (answers, kz_answer_new (criterion->id, KZ_ANSWER_NA, 0, NULL));
          else
            {
              guint p = (guint) g_rand_int_range (rand, 0, (int) criterion->scale->points->len);
              const KzScalePoint *point = g_ptr_array_index (criterion->scale->points, p);

              kz_answer_set_put (answers, kz_answer_new (criterion->id, KZ_ANSWER_VALUE, point->value, NULL));
            }
        }
    }
  return answers;
}

static void
assert_score_equal (const KzScore *a,
                    const KzScore *b)
{
  g_assert_cmpint (a->has_score, ==, b->has_score);
  g_assert_true (a->raw == b->raw);
  g_assert_true (a->final == b->final);
  g_assert_cmpint (a->pass, ==, b->pass);
  g_assert_cmpint (a->auto_failed, ==, b->auto_failed);
  g_assert_true (g_strv_equal ((const char * const *) a->failed_by, (const char * const *) b->failed_by));
  g_assert_cmpint (a->has_critical, ==, b->has_critical);
  g_assert_true (a->critical == b->critical);
  g_assert_true (g_strv_equal ((const char * const *) a->missing_required,
                               (const char * const *) b->missing_required));
}

static void
assert_round_trip (KzRubric *original)
{
  g_autofree char *xml = kz_rubric_to_xml (original, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(KzRubric) again = kz_rubric_load_data (xml, strlen (xml), "written.xml", &error);
  g_autofree char *xml_again = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260301);

  if (again == NULL)
    g_error ("%s\n%s", error->message, xml);
  assert_rubric_equal (original, again, TRUE);

  /* Stable: what was read back writes the same bytes. */
  xml_again = kz_rubric_to_xml (again, 0);
  g_assert_cmpstr (xml, ==, xml_again);

  for (guint i = 0; i < 300; i++)
    {
      g_autoptr(GHashTable) answers = random_answers (original, rand, FALSE);
      g_autoptr(KzScore) a = kz_score_compute (original, answers);
      g_autoptr(KzScore) b = kz_score_compute (again, answers);

      assert_score_equal (a, b);
    }
}

/* ---- the writer ------------------------------------------------------------------- */

static void
test_decimal (void)
{
  static const struct {
    double      value;
    const char *text;
  } cases[] = {
    { 3, "3" }, { 0.5, "0.5" }, { -1, "-1" }, { 0.1, "0.1" }, { 2.25, "2.25" },
    { 82.5, "82.5" }, { 1e-7, "0.0000001" }, { 123456789.25, "123456789.25" },
    { 1e21, "1000000000000000000000" }, { -0.0, "0" }, { 100, "100" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = kz_rubric_format_decimal (cases[i].value);

      g_assert_cmpstr (text, ==, cases[i].text);
    }

  /* Thirds and such: no exponent, and exactly the same double back. */
  for (int i = 1; i < 50; i++)
    {
      double value = 1.0 / i * (i % 2 ? 1 : -7);
      g_autofree char *text = kz_rubric_format_decimal (value);

      g_assert_null (strchr (text, 'e'));
      g_assert_true (g_ascii_strtod (text, NULL) == value);
    }
}

static void
test_round_trip_shipped (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (shipped); i++)
    {
      g_autoptr(KzRubric) rubric = load_shipped (shipped[i]);

      g_test_message ("%s", shipped[i]);
      assert_round_trip (rubric);
    }
}

/* Every file of the loader's own tests that it accepts. */
static void
test_round_trip_test_files (void)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "rubric", "data", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autoptr(KzRubric) rubric = NULL;

      if (!g_str_has_suffix (name, ".xml"))
        continue;
      rubric = kz_rubric_load_file (path, NULL);
      if (rubric == NULL)
        continue;
      g_test_message ("%s", name);
      assert_round_trip (rubric);
      n++;
    }
  g_assert_cmpuint (n, >=, 2);  /* minimal.xml, fixed-ok.xml at least */
}

/* Text that needs escaping, paragraphs, long words, odd numbers, an
 * ordinal label that is not its value's shortest form, an unused shared
 * scale, a labelled scale with decimals. */
static const char tricky[] =
  "<?xml version='1.0' encoding='UTF-8'?>\n"
  "<rubric xmlns='" NS "' id='tricky' version='4' pass-mark='82.5' dispute-days='0'>\n"
  "<title>  Fish &amp; chips:   “quoted” &lt;tags&gt; </title>\n"
  "<description>First paragraph\n   goes on here.\n\n\n  Second — with émigré text and\n"
  "a very-long-word-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.</description>\n"
  "<scales>\n"
  " <scale id='unused' kind='binary'><point value='-1' label='Minus'/><point value='1' label='Plus'/></scale>\n"
  " <scale id='thirds' kind='labelled'><point value='0' label='Not met'><guidance>Nothing &amp; nobody.</guidance></point>"
  "  <point value='0.5' label='Part &quot;met&quot;'><guidance></guidance></point><point value='1' label=' Met '/></scale>\n"
  "</scales>\n"
  "<section id='s.1' weight='0.25'><title>One</title><description></description>\n"
  " <criterion id='a' weight='1.5' na='fixed' na-value='0.5' required='false'><title>A</title>"
  "<guidance>Line one\nline two.\n\nPara two &lt;b&gt;.</guidance><scale ref='thirds'/></criterion>\n"
  " <criterion id='b' critical='form' fail-below='2.5' na='pass'><title>B</title><guidance></guidance>"
  "  <scale kind='ordinal'><point value='1.0'/><point value='2'/><point value='3' label='Three'>"
  "<guidance>" "Guidance long enough to be wrapped over several lines when it is written out again, "
  "because it goes on and on, well past eighty columns.</guidance></point></scale></criterion>\n"
  "</section>\n"
  "<section id='s2' weight='3'><title>Two</title>\n"
  " <criterion id='c' critical='section' na='forbidden'><title>C</title><guidance>g</guidance>"
  "  <scale ref='thirds'/></criterion>\n"
  "</section>\n"
  "</rubric>\n";

static void
test_round_trip_tricky (void)
{
  g_autoptr(KzRubric) rubric = load_text (tricky);
  g_autofree char *xml = kz_rubric_to_xml (rubric, 0);
  g_autofree char *xml5 = kz_rubric_to_xml (rubric, 5);
  g_autoptr(KzRubric) five = load_text (xml5);

  assert_round_trip (rubric);

  /* What the loader made of the text is what comes back. */
  g_assert_cmpstr (rubric->title, ==, "Fish & chips: “quoted” <tags>");
  g_assert_nonnull (strstr (xml, "<title>Fish &amp; chips: “quoted” &lt;tags&gt;</title>"));
  g_assert_nonnull (strstr (xml, "label=\"Part &quot;met&quot;\""));
  g_assert_nonnull (strstr (xml, "pass-mark=\"82.5\""));
  g_assert_nonnull (strstr (xml, "<point value=\"1\" label=\"1.0\"/>"));  /* the label said 1.0 */
  g_assert_nonnull (strstr (xml, "<point value=\"2\"/>"));
  g_assert_nonnull (strstr (xml, "<scale ref=\"thirds\"/>"));
  g_assert_nonnull (strstr (xml, "<scale id=\"unused\" kind=\"binary\">"));
  /* Defaults are left out; what is not a default is written. */
  g_assert_nonnull (strstr (xml, "<criterion id=\"a\" weight=\"1.5\" na=\"fixed\" na-value=\"0.5\" required=\"false\">"));
  g_assert_nonnull (strstr (xml, "<criterion id=\"c\" weight=\"1\" na=\"forbidden\" critical=\"section\">"));
  /* No line is longer than 80 columns but the one with the long word. */
  {
    g_auto(GStrv) lines = g_strsplit (xml, "\n", -1);

    for (guint i = 0; lines[i] != NULL; i++)
      if (g_utf8_strlen (lines[i], -1) > 80)
        g_assert_nonnull (strstr (lines[i], "very-long-word"));
  }

  /* Another version: everything else the same. */
  g_assert_cmpint (kz_rubric_get_version (five), ==, 5);
  assert_rubric_equal (rubric, five, FALSE);
}

static void
test_write_file (void)
{
  g_autofree char *dir = kz_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "out.xml", NULL);
  g_autofree char *bad = g_build_filename (dir, "no", "such", "dir.xml", NULL);
  g_autoptr(KzRubric) rubric = load_shipped ("compliance-account-servicing.xml");
  g_autoptr(KzRubric) again = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (kz_rubric_write_file (rubric, path, &error));
  g_assert_no_error (error);
  again = kz_rubric_load_file (path, &error);
  g_assert_no_error (error);
  assert_rubric_equal (rubric, again, TRUE);

  g_assert_false (kz_rubric_write_file (rubric, bad, &error));
  g_assert_error (error, KZ_ERROR, KZ_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "dir.xml"));
  kz_test_tmpdir_free (g_steal_pointer (&dir));
}

/* ---- the draft ------------------------------------------------------------------ */

static KzDraftSection *
draft_section (KzRubricDraft *draft,
               const char    *id)
{
  GPtrArray *sections = kz_rubric_draft_get_sections (draft);

  for (guint i = 0; i < sections->len; i++)
    if (g_strcmp0 (((KzDraftSection *) g_ptr_array_index (sections, i))->id, id) == 0)
      return g_ptr_array_index (sections, i);
  g_assert_not_reached ();
}

static KzDraftScale *
draft_shared_scale (KzRubricDraft *draft,
                    const char    *id)
{
  GPtrArray *scales = kz_rubric_draft_get_shared_scales (draft);

  for (guint i = 0; i < scales->len; i++)
    if (g_strcmp0 (((KzDraftScale *) g_ptr_array_index (scales, i))->id, id) == 0)
      return g_ptr_array_index (scales, i);
  g_assert_not_reached ();
}

/* The loader's message for the draft's XML, without "FILE:LINE: ". */
static char *
loader_message (KzRubricDraft *draft)
{
  g_autofree char *xml = kz_rubric_draft_to_xml (draft, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(KzRubric) rubric = kz_rubric_load_data (xml, strlen (xml), "x.xml", &error);
  const char *p;

  g_assert_null (rubric);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE);
  g_assert_true (g_str_has_prefix (error->message, "x.xml:"));
  p = error->message + strlen ("x.xml:");
  while (g_ascii_isdigit (*p))
    p++;
  if (*p == ':')
    p++;
  while (*p == ' ')
    p++;
  return g_strdup (p);
}

static void
assert_problem (KzRubricDraft   *draft,
                KzDraftItemKind  kind,
                gpointer         item,
                int              point,
                const char      *where,
                const char      *expected)
{
  const KzDraftProblem *problem = kz_rubric_draft_check (draft);
  g_autofree char *loader = loader_message (draft);
  g_autoptr(GError) error = NULL;
  g_autoptr(KzRubric) built = NULL;

  g_assert_nonnull (problem);
  g_test_message ("%s", problem->message);
  g_assert_cmpint (problem->kind, ==, kind);
  g_assert_true (problem->item == item);
  g_assert_cmpint (problem->point, ==, point);
  g_assert_cmpstr (problem->where, ==, where);
  g_assert_nonnull (strstr (problem->detail, expected));
  /* The loader's own words (its line references aside). */
  if (strstr (loader, "on line") == NULL)
    g_assert_cmpstr (problem->detail, ==, loader);
  g_assert_true (g_str_has_prefix (problem->message, where));
  g_assert_nonnull (strstr (problem->message, problem->detail));

  built = kz_rubric_draft_build (draft, &error);
  g_assert_null (built);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_INPUT);
  g_assert_cmpstr (error->message, ==, problem->message);
}

static void
assert_valid (KzRubricDraft *draft)
{
  const KzDraftProblem *problem = kz_rubric_draft_check (draft);

  if (problem != NULL)
    g_error ("unexpected problem: %s", problem->message);
}

static void
test_draft_unchanged (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (shipped); i++)
    {
      g_autoptr(KzRubric) rubric = load_shipped (shipped[i]);
      g_autoptr(KzRubricDraft) draft = kz_rubric_draft_new (rubric);
      g_autoptr(KzRubric) built = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *a = kz_rubric_to_xml (rubric, 0);
      g_autofree char *b = kz_rubric_draft_to_xml (draft, 0);

      g_assert_false (kz_rubric_draft_is_modified (draft));
      g_assert_cmpstr (a, ==, b);
      assert_valid (draft);
      built = kz_rubric_draft_build (draft, &error);
      g_assert_no_error (error);
      assert_rubric_equal (rubric, built, TRUE);
    }
}

static void
count_signal (guint *n)
{
  (*n)++;
}

static void
test_draft_modified (void)
{
  g_autoptr(KzRubric) rubric = load_shipped ("phone-support.xml");
  g_autoptr(KzRubricDraft) draft = kz_rubric_draft_new (rubric);
  KzDraftCriterion *greeting = kz_rubric_draft_find_criterion (draft, "greeting");
  guint n_changed = 0;

  g_signal_connect_swapped (draft, "changed", G_CALLBACK (count_signal), &n_changed);

  kz_rubric_draft_set_criterion_weight (draft, greeting, 4);
  g_assert_true (kz_rubric_draft_is_modified (draft));
  kz_rubric_draft_set_criterion_weight (draft, greeting, 1);
  g_assert_false (kz_rubric_draft_is_modified (draft));
  g_assert_cmpuint (n_changed, ==, 2);

  /* Setting what is there already is no change at all. */
  kz_rubric_draft_set_criterion_weight (draft, greeting, 1);
  kz_rubric_draft_set_title (draft, kz_rubric_get_title (rubric));
  g_assert_cmpuint (n_changed, ==, 2);

  /* Text the loader would read the same is no change either. */
  {
    g_autofree char *spaced = g_strdup_printf ("  %s\n", greeting->guidance);

    kz_rubric_draft_set_criterion_guidance (draft, greeting, spaced);
    g_assert_cmpuint (n_changed, ==, 3);
    g_assert_false (kz_rubric_draft_is_modified (draft));
  }
}

static void
test_draft_edits (void)
{
  g_autoptr(KzRubric) rubric = load_shipped ("phone-support.xml");
  g_autoptr(KzRubricDraft) draft = kz_rubric_draft_new (rubric);
  g_autoptr(KzRubric) built = NULL;
  g_autoptr(GError) error = NULL;
  KzDraftSection *opening = draft_section (draft, "opening");
  KzDraftSection *added;
  KzDraftCriterion *fresh, *greeting, *correct;
  KzDraftScale *yes_no = draft_shared_scale (draft, "yes-no");
  GPtrArray *sections;
  const KzSection *s;
  const KzCriterion *c;

  /* Settings. */
  kz_rubric_draft_set_title (draft, "Phone support (2026)");
  kz_rubric_draft_set_description (draft, "");
  kz_rubric_draft_set_pass_mark (draft, 75);
  kz_rubric_draft_set_dispute_days (draft, 10);

  /* A section after Opening, with its first criterion made a 1–4 scale. */
  added = kz_rubric_draft_add_section (draft, 1);
  g_assert_cmpstr (added->id, ==, "section-6");
  g_assert_cmpuint (added->criteria->len, ==, 1);
  kz_rubric_draft_set_section_title (draft, added, "Empathy");
  kz_rubric_draft_set_section_weight (draft, added, 5);
  kz_rubric_draft_set_section_description (draft, added, "How it felt.");
  fresh = g_ptr_array_index (added->criteria, 0);
  g_assert_cmpstr (fresh->id, ==, "criterion-16");
  g_assert_true (fresh->scale == yes_no);  /* the first shared scale */
  kz_rubric_draft_set_criterion_id (draft, fresh, "warmth");
  kz_rubric_draft_set_criterion_title (draft, fresh, "Warmth");
  kz_rubric_draft_set_criterion_guidance (draft, fresh, "Sounds glad to help.");
  kz_rubric_draft_use_own_scale (draft, fresh);
  g_assert_true (fresh->scale != yes_no);
  g_assert_null (fresh->scale->id);
  kz_rubric_draft_set_scale_kind (draft, fresh->scale, KZ_SCALE_KIND_ORDINAL);
  kz_rubric_draft_set_point (draft, fresh->scale, 0, 1, "", NULL);
  kz_rubric_draft_set_point (draft, fresh->scale, 1, 2, "", "Some warmth");
  kz_rubric_draft_add_point (draft, fresh->scale);
  kz_rubric_draft_add_point (draft, fresh->scale);
  kz_rubric_draft_set_criterion_na (draft, fresh, KZ_NA_FIXED, 2);
  kz_rubric_draft_set_criterion_required (draft, fresh, FALSE);
  kz_rubric_draft_set_criterion_critical (draft, fresh, KZ_CRITICAL_SECTION, TRUE, 2);
  assert_valid (draft);

  /* Greeting: down past the end of Opening into the new section's start. */
  greeting = kz_rubric_draft_find_criterion (draft, "greeting");
  g_assert_true (kz_rubric_draft_move_criterion (draft, greeting, 1));
  g_assert_true (greeting->section == opening);
  g_assert_true (kz_rubric_draft_move_criterion (draft, greeting, 1));
  g_assert_true (greeting->section == added);
  g_assert_true (g_ptr_array_index (added->criteria, 0) == greeting);
  /* The rubric's first criterion cannot go up, its first section neither. */
  g_assert_false (kz_rubric_draft_move_criterion (draft, g_ptr_array_index (opening->criteria, 0), -1));
  g_assert_false (kz_rubric_draft_move_section (draft, opening, -1));
  g_assert_true (kz_rubric_draft_move_section (draft, added, -1));
  g_assert_cmpint (kz_rubric_draft_get_section_index (draft, added), ==, 0);

  /* Correct solution: the shared 1–5 scale instead of its own. */
  correct = kz_rubric_draft_find_criterion (draft, "correct-solution");
  kz_rubric_draft_use_shared_scale (draft, correct, draft_shared_scale (draft, "skill-1-5"));
  /* Four criteria of the file use it (grep -c), and now this one. */
  g_assert_cmpuint (kz_rubric_draft_count_scale_users (draft, draft_shared_scale (draft, "skill-1-5")), ==, 5);

  /* Gone: the last section's last criterion, and one added then removed. */
  {
    KzDraftSection *last = g_ptr_array_index (kz_rubric_draft_get_sections (draft),
                                              kz_rubric_draft_get_sections (draft)->len - 1);
    KzDraftCriterion *extra = kz_rubric_draft_add_criterion (draft, last, 0);

    kz_rubric_draft_remove_criterion (draft, g_ptr_array_index (last->criteria, last->criteria->len - 1));
    kz_rubric_draft_remove_criterion (draft, extra);
  }
  assert_valid (draft);
  g_assert_true (kz_rubric_draft_is_modified (draft));

  built = kz_rubric_draft_build (draft, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kz_rubric_get_title (built), ==, "Phone support (2026)");
  g_assert_null (kz_rubric_get_description (built));
  g_assert_cmpfloat (kz_rubric_get_pass_mark (built), ==, 75);
  g_assert_cmpint (kz_rubric_get_dispute_days (built), ==, 10);
  g_assert_cmpint (kz_rubric_get_version (built), ==, 1);  /* saving picks the version */
  g_assert_cmpuint (kz_rubric_get_n_criteria (built), ==, 15);  /* 15 + 1 − 1 */

  sections = kz_rubric_get_sections (built);
  g_assert_cmpuint (sections->len, ==, 6);
  s = g_ptr_array_index (sections, 0);
  g_assert_cmpstr (s->id, ==, "section-6");
  g_assert_cmpstr (s->title, ==, "Empathy");
  g_assert_cmpstr (s->description, ==, "How it felt.");
  g_assert_cmpfloat (s->weight, ==, 5);
  g_assert_cmpuint (s->criteria->len, ==, 2);
  c = g_ptr_array_index (s->criteria, 0);
  g_assert_cmpstr (c->id, ==, "greeting");
  g_assert_cmpstr (c->scale->id, ==, "yes-no");
  c = g_ptr_array_index (s->criteria, 1);
  g_assert_cmpstr (c->id, ==, "warmth");
  g_assert_null (c->scale->id);
  g_assert_cmpint (c->scale->kind, ==, KZ_SCALE_KIND_ORDINAL);
  g_assert_cmpuint (c->scale->points->len, ==, 4);
  g_assert_cmpfloat (((KzScalePoint *) g_ptr_array_index (c->scale->points, 3))->value, ==, 4);
  g_assert_cmpstr (((KzScalePoint *) g_ptr_array_index (c->scale->points, 1))->guidance, ==, "Some warmth");
  g_assert_cmpstr (((KzScalePoint *) g_ptr_array_index (c->scale->points, 1))->label, ==, "2");
  g_assert_cmpint (c->na_policy, ==, KZ_NA_FIXED);
  g_assert_cmpfloat (c->na_value, ==, 2);
  g_assert_false (c->required);
  g_assert_cmpint (c->critical, ==, KZ_CRITICAL_SECTION);
  g_assert_true (c->has_fail_below);
  g_assert_cmpfloat (c->fail_below, ==, 2);
  s = g_ptr_array_index (sections, 1);
  g_assert_cmpstr (s->id, ==, "opening");
  g_assert_cmpuint (s->criteria->len, ==, 1);
  c = kz_rubric_find_criterion (built, "correct-solution");
  g_assert_cmpstr (c->scale->id, ==, "skill-1-5");
  g_assert_true (c->has_fail_below);
}

/* phone-support: greeting (Opening, yes-no), questioning (Discovery,
 * skill-1-5), correct-solution (Resolution, its own 1–5, section-critical,
 * fail-below 3). */
static void
test_draft_problems (void)
{
  g_autoptr(KzRubric) rubric = load_shipped ("phone-support.xml");
  g_autoptr(KzRubricDraft) draft = kz_rubric_draft_new (rubric);
  KzDraftCriterion *greeting = kz_rubric_draft_find_criterion (draft, "greeting");
  KzDraftCriterion *questioning = kz_rubric_draft_find_criterion (draft, "questioning");
  KzDraftCriterion *correct = kz_rubric_draft_find_criterion (draft, "correct-solution");
  KzDraftSection *opening = draft_section (draft, "opening");
  KzDraftScale *yes_no = draft_shared_scale (draft, "yes-no");
  const char *greeting_where = "Criterion “Greeting and introduction” in Opening";
  const char *correct_where = "Criterion “Correct and complete solution” in Resolution";
  g_autofree char *yes_guidance = NULL;

  /* A weight of 0. */
  kz_rubric_draft_set_criterion_weight (draft, greeting, 0);
  assert_problem (draft, KZ_DRAFT_ITEM_CRITERION, greeting, -1, greeting_where,
                  "weight=\"0\" on <criterion>: a weight must be a number greater than 0");
  kz_rubric_draft_set_criterion_weight (draft, greeting, 1);
  assert_valid (draft);

  kz_rubric_draft_set_section_weight (draft, opening, -2);
  assert_problem (draft, KZ_DRAFT_ITEM_SECTION, opening, -1, "Section “Opening”",
                  "weight=\"-2\" on <section>");
  kz_rubric_draft_set_section_weight (draft, opening, 10);

  /* A duplicate criterion id: reported on the second, naming the first. */
  kz_rubric_draft_set_criterion_id (draft, questioning, "greeting");
  assert_problem (draft, KZ_DRAFT_ITEM_CRITERION, questioning, -1, "Criterion “Questioning” in Discovery",
                  "duplicate criterion id “greeting”: it is already used by "
                  "Criterion “Greeting and introduction” in Opening; every criterion");
  kz_rubric_draft_set_criterion_id (draft, questioning, "questioning");
  kz_rubric_draft_set_criterion_id (draft, questioning, "9-lives");
  assert_problem (draft, KZ_DRAFT_ITEM_CRITERION, questioning, -1, "Criterion “Questioning” in Discovery",
                  "id=\"9-lives\" is not a valid id");
  kz_rubric_draft_set_criterion_id (draft, questioning, "questioning");
  assert_valid (draft);

  /* A scale with one point: the criterion's own, and a shared one. */
  for (guint i = 0; i < 4; i++)
    kz_rubric_draft_remove_point (draft, correct->scale, 0);
  assert_problem (draft, KZ_DRAFT_ITEM_CRITERION, correct, -1, correct_where,
                  "a scale needs at least 2 points; this one has 1");
  for (guint i = 0; i < 4; i++)
    kz_rubric_draft_add_point (draft, correct->scale);
  g_assert_cmpfloat (((KzDraftPoint *) g_ptr_array_index (correct->scale->points, 4))->value, ==, 9);
  kz_rubric_draft_set_point (draft, correct->scale, 3, 2, "", NULL);
  assert_problem (draft, KZ_DRAFT_ITEM_CRITERION, correct, 3, "Criterion “Correct and complete solution” in "
                  "Resolution, scale point 4", "point value=\"2\" is not greater than the point before it (7)");
  for (guint i = 0; i < 5; i++)
    kz_rubric_draft_set_point (draft, correct->scale, i, i + 1, "", NULL);
  assert_valid (draft);

  yes_guidance = g_strdup (((KzDraftPoint *) g_ptr_array_index (yes_no->points, 1))->guidance);
  kz_rubric_draft_remove_point (draft, yes_no, 1);
  assert_problem (draft, KZ_DRAFT_ITEM_SCALE, yes_no, -1, "Shared scale “yes-no”",
                  "a scale needs at least 2 points; this one has 1");
  kz_rubric_draft_add_point (draft, yes_no);
  kz_rubric_draft_add_point (draft, yes_no);
  assert_problem (draft, KZ_DRAFT_ITEM_SCALE, yes_no, -1, "Shared scale “yes-no”",
                  "a binary scale has exactly 2 points; this one has 3");
  kz_rubric_draft_remove_point (draft, yes_no, 2);
  kz_rubric_draft_set_point (draft, yes_no, 1, 1, "  ", NULL);
  assert_problem (draft, KZ_DRAFT_ITEM_SCALE, yes_no, 1, "Shared scale “yes-no”, scale point 2",
                  "every point on a binary scale needs a label");
  kz_rubric_draft_set_point (draft, yes_no, 1, 1, "Yes", yes_guidance);
  assert_valid (draft);

  /* A fixed N/A value outside the scale (1–5). */
  kz_rubric_draft_set_criterion_na (draft, questioning, KZ_NA_FIXED, 7);
  assert_problem (draft, KZ_DRAFT_ITEM_CRITERION, questioning, -1, "Criterion “Questioning” in Discovery",
                  "na-value=\"7\" is outside the scale, which runs from 1 to 5");
  kz_rubric_draft_set_criterion_na (draft, questioning, KZ_NA_FIXED, 3);
  assert_valid (draft);
  /* On a critical criterion, a fixed value that itself fails. */
  kz_rubric_draft_set_criterion_na (draft, correct, KZ_NA_FIXED, 2);
  assert_problem (draft, KZ_DRAFT_ITEM_CRITERION, correct, -1, correct_where,
                  "na-value=\"2\" would itself fail this critical criterion");
  kz_rubric_draft_set_criterion_na (draft, correct, KZ_NA_FORBIDDEN, 0);

  /* A fail-below outside the scale, at both ends. */
  kz_rubric_draft_set_criterion_critical (draft, correct, KZ_CRITICAL_SECTION, TRUE, 6);
  assert_problem (draft, KZ_DRAFT_ITEM_CRITERION, correct, -1, correct_where,
                  "fail-below=\"6\" is above the highest point of the scale (5)");
  kz_rubric_draft_set_criterion_critical (draft, correct, KZ_CRITICAL_SECTION, TRUE, 1);
  assert_problem (draft, KZ_DRAFT_ITEM_CRITERION, correct, -1, correct_where,
                  "fail-below=\"1\" is not above the lowest point of the scale (1)");
  kz_rubric_draft_set_criterion_critical (draft, correct, KZ_CRITICAL_SECTION, TRUE, 3);
  assert_valid (draft);

  /* Empty texts and settings out of range. */
  kz_rubric_draft_set_criterion_title (draft, greeting, " ");
  assert_problem (draft, KZ_DRAFT_ITEM_CRITERION, greeting, -1, "Criterion “greeting” in Opening",
                  "the title is empty");
  kz_rubric_draft_set_criterion_title (draft, greeting, "Greeting and introduction");
  kz_rubric_draft_set_pass_mark (draft, 120);
  assert_problem (draft, KZ_DRAFT_ITEM_RUBRIC, NULL, -1, "Rubric settings",
                  "pass-mark=\"120\": the pass mark must be a number from 0 to 100");
  kz_rubric_draft_set_pass_mark (draft, 80);
  kz_rubric_draft_set_dispute_days (draft, 400);
  assert_problem (draft, KZ_DRAFT_ITEM_RUBRIC, NULL, -1, "Rubric settings",
                  "dispute-days=\"400\": must be a whole number of days from 0 to 365");
  kz_rubric_draft_set_dispute_days (draft, 7);

  /* A section without criteria. */
  {
    KzDraftSection *empty = kz_rubric_draft_add_section (draft, -1);

    kz_rubric_draft_remove_criterion (draft, g_ptr_array_index (empty->criteria, 0));
    assert_problem (draft, KZ_DRAFT_ITEM_SECTION, empty, -1, "Section “New section”",
                    "has no <criterion>");
    kz_rubric_draft_remove_section (draft, empty);
  }

  assert_valid (draft);
  g_assert_true (kz_rubric_draft_is_modified (draft));
}

/* ---- what if: by hand ------------------------------------------------------------ */

/* T: one section, A and B binary, weight 1 each, pass mark 60. */
static const char tiny_v1[] =
  "<rubric xmlns='" NS "' id='tiny' version='1' pass-mark='60'><title>Tiny</title>"
  "<section id='s' weight='1'><title>S</title>"
  "<criterion id='A'><title>A</title><guidance>g</guidance>"
  "<scale kind='binary'><point value='0' label='No'/><point value='1' label='Yes'/></scale></criterion>"
  "<criterion id='B'><title>B</title><guidance>g</guidance>"
  "<scale kind='binary'><point value='0' label='No'/><point value='1' label='Yes'/></scale></criterion>"
  "</section></rubric>";

/* An evaluation as the store would give it: answers and the score stored. */
static KzEvaluation *
hand_evaluation (gint64      id,
                 const char *a,
                 const char *b,
                 gboolean    has_score,
                 double      final,
                 gboolean    pass)
{
  KzEvaluation *ev = kz_evaluation_new ();
  const char *values[] = { a, b };
  const char *ids[] = { "A", "B" };

  ev->id = id;
  ev->rubric_id = g_strdup ("tiny");
  ev->rubric_version = 1;
  ev->state = KZ_EVALUATION_SUBMITTED;
  for (guint i = 0; i < 2; i++)
    {
      if (values[i] == NULL)
        continue;
      if (g_str_equal (values[i], "na"))
        kz_answer_set_put (ev->answers, kz_answer_new (ids[i], KZ_ANSWER_NA, 0, NULL));
      else
        kz_answer_set_put (ev->answers, kz_answer_new (ids[i], KZ_ANSWER_VALUE,
                                                       g_ascii_strtod (values[i], NULL), NULL));
    }
  ev->has_score = has_score;
  ev->final = final;
  ev->raw = final;
  ev->pass = pass;
  return ev;
}

static void
test_what_if_by_hand (void)
{
  g_autoptr(KzRubric) v1 = load_text (tiny_v1);
  g_autoptr(KzRubricDraft) draft = kz_rubric_draft_new (v1);
  g_autoptr(GPtrArray) evs = g_ptr_array_new_with_free_func ((GDestroyNotify) kz_evaluation_free);
  g_autoptr(KzRubric) heavier = NULL;
  g_autoptr(KzWhatIf) w = NULL;
  const KzWhatIfRow *row;

  /* Stored, worked by hand under v1 (pass mark 60):
   *   e1 A=Yes B=No  → (1+0)/2 = 50  fail
   *   e2 A=Yes B=Yes → 100          pass
   *   e3 A=No  B=No  → 0            fail */
  g_ptr_array_add (evs, hand_evaluation (1, "1", "0", TRUE, 50, FALSE));
  g_ptr_array_add (evs, hand_evaluation (2, "1", "1", TRUE, 100, TRUE));
  g_ptr_array_add (evs, hand_evaluation (3, "0", "0", TRUE, 0, FALSE));

  /* A's weight 1 → 3: e1 = 3·1 ÷ (3+1) = 75 → passes; e2 100; e3 0. */
  kz_rubric_draft_set_criterion_weight (draft, kz_rubric_draft_find_criterion (draft, "A"), 3);
  heavier = kz_rubric_draft_build (draft, NULL);
  g_assert_nonnull (heavier);
  w = kz_what_if_compute (heavier, evs);

  g_assert_cmpuint (w->n, ==, 3);
  g_assert_cmpuint (w->before.n_scored, ==, 3);
  g_assert_cmpuint (w->before.n_unscored, ==, 0);
  g_assert_cmpuint (w->before.n_pass, ==, 1);
  g_assert_cmpfloat_with_epsilon (w->before.mean, 50.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (w->before.pass_rate, 100.0 / 3, 1e-12);
  g_assert_cmpuint (w->after.n_scored, ==, 3);
  g_assert_cmpuint (w->after.n_pass, ==, 2);
  g_assert_cmpfloat_with_epsilon (w->after.mean, 175.0 / 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (w->after.pass_rate, 200.0 / 3, 1e-12);
  g_assert_cmpfloat (w->pass_mark, ==, 60);
  g_assert_cmpuint (w->n_became_pass, ==, 1);
  g_assert_cmpuint (w->n_became_fail, ==, 0);
  g_assert_cmpuint (w->n_score_changed, ==, 1);
  g_assert_cmpuint (w->n_lost_score, ==, 0);
  g_assert_cmpuint (w->n_dropped, ==, 0);
  g_assert_cmpuint (w->n_unfit, ==, 0);
  /* Bins: 0 → [0,10), 50 → [50,60), 75 → [70,80), 100 → [90,100]. */
  {
    const guint before[KZ_WHAT_IF_N_BINS] = { 1, 0, 0, 0, 0, 1, 0, 0, 0, 1 };
    const guint after[KZ_WHAT_IF_N_BINS] = { 1, 0, 0, 0, 0, 0, 0, 1, 0, 1 };

    for (guint i = 0; i < KZ_WHAT_IF_N_BINS; i++)
      {
        g_assert_cmpuint (w->before.bins[i], ==, before[i]);
        g_assert_cmpuint (w->after.bins[i], ==, after[i]);
      }
  }
  row = &g_array_index (w->rows, KzWhatIfRow, 0);
  g_assert_cmpint (row->evaluation_id, ==, 1);
  g_assert_cmpfloat (row->before, ==, 50);
  g_assert_cmpfloat_with_epsilon (row->after, 75, 1e-12);
  g_assert_false (row->before_pass);
  g_assert_true (row->after_pass);
  g_clear_pointer (&w, kz_what_if_free);

  /* Criteria matched by id: B gone, D new (so unanswered).  Plus
   *   e4 A=N/A B=Yes → stored 100 (B alone), pass
   * Under the draft: e1 A=Yes → 100, e2 100, e3 0, e4: A excluded, D
   * unanswered → no score.  B's four answers are dropped. */
  g_ptr_array_add (evs, hand_evaluation (4, "na", "1", TRUE, 100, TRUE));
  {
    g_autoptr(KzRubricDraft) other = kz_rubric_draft_new (v1);
    KzDraftCriterion *b = kz_rubric_draft_find_criterion (other, "B");
    KzDraftCriterion *d = kz_rubric_draft_add_criterion (other, b->section, -1);
    g_autoptr(KzRubric) rubric = NULL;

    kz_rubric_draft_set_criterion_id (other, d, "D");
    kz_rubric_draft_remove_criterion (other, b);
    rubric = kz_rubric_draft_build (other, NULL);
    g_assert_nonnull (rubric);
    w = kz_what_if_compute (rubric, evs);
  }
  g_assert_cmpuint (w->n, ==, 4);
  g_assert_cmpuint (w->before.n_scored, ==, 4);
  g_assert_cmpuint (w->before.n_pass, ==, 2);
  g_assert_cmpfloat_with_epsilon (w->before.mean, 62.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (w->before.pass_rate, 50, 1e-12);
  g_assert_cmpuint (w->after.n_scored, ==, 3);
  g_assert_cmpuint (w->after.n_unscored, ==, 1);
  g_assert_cmpuint (w->after.n_pass, ==, 2);
  g_assert_cmpfloat_with_epsilon (w->after.mean, 200.0 / 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (w->after.pass_rate, 200.0 / 3, 1e-12);
  g_assert_cmpuint (w->n_became_pass, ==, 1);   /* e1 */
  g_assert_cmpuint (w->n_became_fail, ==, 0);
  g_assert_cmpuint (w->n_lost_score, ==, 1);    /* e4 */
  g_assert_cmpuint (w->n_dropped, ==, 4);
  g_assert_cmpuint (w->after.bins[9], ==, 2);
  g_assert_cmpuint (w->after.bins[0], ==, 1);
  g_clear_pointer (&w, kz_what_if_free);

  /* Answers the new scale has no point for: A becomes 1–3 (1 and 0 are
   * not points of it) and N/A forbidden.  The engine clamps 0 → 1 and
   * counts the N/A unanswered. */
  {
    g_autoptr(KzRubricDraft) other = kz_rubric_draft_new (v1);
    KzDraftCriterion *a = kz_rubric_draft_find_criterion (other, "A");
    g_autoptr(KzRubric) rubric = NULL;

    kz_rubric_draft_set_scale_kind (other, a->scale, KZ_SCALE_KIND_ORDINAL);
    kz_rubric_draft_set_point (other, a->scale, 0, 2, "", NULL);
    kz_rubric_draft_set_point (other, a->scale, 1, 3, "", NULL);
    kz_rubric_draft_set_criterion_na (other, a, KZ_NA_FORBIDDEN, 0);
    rubric = kz_rubric_draft_build (other, NULL);
    g_assert_nonnull (rubric);
    w = kz_what_if_compute (rubric, evs);
    /* A's answers 1, 1, 0 are not points of 2–3, and e4's N/A is forbidden. */
    g_assert_cmpuint (w->n_unfit, ==, 4);
    g_assert_cmpuint (w->n_dropped, ==, 0);
  }

  /* Nothing to re-score. */
  {
    g_autoptr(GPtrArray) none = g_ptr_array_new ();
    g_autoptr(KzWhatIf) empty = kz_what_if_compute (v1, none);

    g_assert_cmpuint (empty->n, ==, 0);
    g_assert_true (isnan (empty->before.mean));
    g_assert_true (isnan (empty->after.pass_rate));
  }

  g_assert_cmpuint (kz_what_if_bin (0), ==, 0);
  g_assert_cmpuint (kz_what_if_bin (9.99), ==, 0);
  g_assert_cmpuint (kz_what_if_bin (10), ==, 1);
  g_assert_cmpuint (kz_what_if_bin (80 - 1e-12), ==, 8);
  g_assert_cmpuint (kz_what_if_bin (99.9), ==, 9);
  g_assert_cmpuint (kz_what_if_bin (100), ==, 9);
}

/* ---- versions in a store, both backends ------------------------------------------- */

typedef struct {
  char    *dir;
  gboolean pg;
  char    *location;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = kz_test_tmpdir_new ();
  f->pg = g_strcmp0 (data, "pg") == 0;
  f->location = f->pg ? kz_test_pg_create_db () : g_build_filename (f->dir, "kaizen.db", NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  if (f->pg)
    kz_test_pg_drop_db (f->location);
  g_free (f->location);
  kz_test_tmpdir_free (f->dir);
}

static KzStore *
open_store (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  KzStore *store = f->pg ? kz_pg_store_open (f->location, NULL, TRUE, KZ_PG_SCHEMA_VERSION, &error)
                         : kz_store_open (f->location, &error);

  g_assert_no_error (error);
  return store;
}

static char *
sqlite_rows (sqlite3    *db,
             const char *sql)
{
  GString *out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        {
          g_string_append_printf (out, "%s=", sqlite3_column_name (stmt, c));
          switch (sqlite3_column_type (stmt, c))
            {
            case SQLITE_NULL:
              g_string_append (out, "NULL");
              break;
            case SQLITE_INTEGER:
              g_string_append_printf (out, "%lld", (long long) sqlite3_column_int64 (stmt, c));
              break;
            case SQLITE_FLOAT:
              /* Every bit of the double. */
              g_string_append_printf (out, "%a", sqlite3_column_double (stmt, c));
              break;
            default:
              g_string_append_len (out, (const char *) sqlite3_column_blob (stmt, c),
                                   sqlite3_column_bytes (stmt, c));
              break;
            }
          g_string_append_c (out, '|');
        }
      g_string_append_c (out, '\n');
    }
  sqlite3_finalize (stmt);
  return g_string_free (out, FALSE);
}

static char *
pg_rows (PGconn     *conn,
         const char *sql)
{
  GString *out = g_string_new (NULL);
  PGresult *res = PQexec (conn, sql);

  g_assert_cmpint (PQresultStatus (res), ==, PGRES_TUPLES_OK);
  for (int r = 0; r < PQntuples (res); r++)
    {
      for (int c = 0; c < PQnfields (res); c++)
        g_string_append_printf (out, "%s=%s|", PQfname (res, c),
                                PQgetisnull (res, r, c) ? "NULL" : PQgetvalue (res, r, c));
      g_string_append_c (out, '\n');
    }
  PQclear (res);
  return g_string_free (out, FALSE);
}

/* The evaluations' and answers' rows as stored, and the rubric rows of
 * version 1, every column. */
static char *
raw_rows (Fixture *f)
{
  static const char *queries[] = {
    "SELECT * FROM evaluations ORDER BY id",
    "SELECT * FROM answers ORDER BY evaluation_id, criterion_id",
    "SELECT * FROM rubrics WHERE version = 1 ORDER BY id",
  };
  GString *out = g_string_new (NULL);

  if (f->pg)
    {
      PGconn *conn = kz_test_pg_connect (f->location);

      /* Doubles in full: PostgreSQL 15 writes the shortest exact form by
       * default; say so anyway. */
      PQclear (PQexec (conn, "SET extra_float_digits = 3"));
      for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
        {
          g_autofree char *rows = pg_rows (conn, queries[i]);
          g_string_append_printf (out, "%s\n%s", queries[i], rows);
        }
      PQfinish (conn);
    }
  else
    {
      sqlite3 *db = NULL;

      g_assert_cmpint (sqlite3_open_v2 (f->location, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
      for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
        {
          g_autofree char *rows = sqlite_rows (db, queries[i]);
          g_string_append_printf (out, "%s\n%s", queries[i], rows);
        }
      sqlite3_close (db);
    }
  return g_string_free (out, FALSE);
}

static gint64
add_person (KzStore    *store,
            const char *name,
            KzRoles     roles)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KzPerson) person = kz_person_new (name, roles);
  gint64 id = kz_store_add_person (store, person, &error);

  g_assert_no_error (error);
  return id;
}

static guint
count_rows (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    if (*p == '\n')
      n++;
  return n;
}

/* The dump's lines that are not about @rubric_id at @version. */
static char *
dump_without_version (KzStore    *store,
                      const char *rubric_id,
                      int         version)
{
  g_autofree char *dump = kz_test_dump_store (store);
  g_auto(GStrv) lines = g_strsplit (dump, "\n", -1);
  g_autofree char *prefix = g_strdup_printf ("rubric %s v%d ", rubric_id, version);
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();

  for (guint i = 0; lines[i] != NULL; i++)
    if (!g_str_has_prefix (lines[i], prefix))
      g_ptr_array_add (kept, lines[i]);
  g_ptr_array_add (kept, NULL);
  return g_strjoinv ("\n", (char **) kept->pdata);
}

static const KzRubricInfo *
find_info (GPtrArray  *infos,
           const char *id,
           int         version)
{
  for (guint i = 0; i < infos->len; i++)
    {
      const KzRubricInfo *info = g_ptr_array_index (infos, i);

      if (g_strcmp0 (info->id, id) == 0 && info->version == version)
        return info;
    }
  return NULL;
}

static void
test_save_version (Fixture *f, gconstpointer data)
{
  g_autoptr(KzStore) store = open_store (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(KzRubric) v1 = load_shipped ("phone-support.xml");
  g_autoptr(KzRubric) email = load_shipped ("email-support.xml");
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(KzRubricDraft) draft = NULL;
  g_autoptr(KzRubric) edited = NULL;
  g_autoptr(KzRubric) v2 = NULL;
  g_autoptr(KzRubric) v3 = NULL;
  g_autoptr(KzRubric) stored_v1 = NULL;
  g_autoptr(GPtrArray) infos = NULL;
  g_autofree char *rows_before = NULL;
  g_autofree char *rows_after = NULL;
  g_autofree char *dump_before = NULL;
  g_autofree char *dump_after = NULL;
  g_autofree char *checksum_v1 = NULL;
  gint64 reviewer, agent;
  const guint n_evaluations = 12;

  g_assert_true (kz_store_add_rubric (store, v1, NULL, &error));
  g_assert_true (kz_store_add_rubric (store, email, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kz_rubric_store_latest_version (store, "phone-support", NULL), ==, 1);
  g_assert_cmpint (kz_rubric_store_latest_version (store, "nothing-like-it", NULL), ==, 0);
  reviewer = add_person (store, "Rita Reviewer", KZ_ROLE_REVIEWER);
  agent = add_person (store, "Ana Agent", KZ_ROLE_AGENT);

  for (guint i = 0; i < n_evaluations + 1; i++)
    {
      g_autoptr(KzEvaluation) ev = kz_evaluation_new ();

      ev->rubric_id = g_strdup ("phone-support");
      ev->rubric_version = 1;
      ev->reviewer_id = reviewer;
      ev->agent_id = agent;
      /* The last one a draft: what if leaves it out. */
      ev->state = i < n_evaluations ? KZ_EVALUATION_SUBMITTED : KZ_EVALUATION_DRAFT;
      g_hash_table_unref (ev->answers);
      ev->answers = random_answers (v1, rand, TRUE);
      kz_store_save_evaluation (store, ev, &error);
      g_assert_no_error (error);
    }
  /* An evaluation of another rubric, which neither the save nor the what
   * if may touch. */
  {
    g_autoptr(KzEvaluation) ev = kz_evaluation_new ();

    ev->rubric_id = g_strdup ("email-support");
    ev->reviewer_id = reviewer;
    ev->agent_id = agent;
    ev->state = KZ_EVALUATION_SUBMITTED;
    g_hash_table_unref (ev->answers);
    ev->answers = random_answers (email, rand, TRUE);
    kz_store_save_evaluation (store, ev, &error);
    g_assert_no_error (error);
  }

  stored_v1 = kz_store_get_rubric (store, "phone-support", 1, &error);
  g_assert_no_error (error);
  checksum_v1 = g_strdup (kz_rubric_get_checksum (stored_v1));
  rows_before = raw_rows (f);
  dump_before = kz_test_dump_store (store);
  /* 14 evaluation rows, and the header line of each query. */
  g_assert_cmpuint (count_rows (rows_before), >, n_evaluations + 2);

  /* Edit: Questioning weighs 5 instead of 2, Greeting's guidance reworded. */
  draft = kz_rubric_draft_new (stored_v1);
  kz_rubric_draft_set_criterion_weight (draft, kz_rubric_draft_find_criterion (draft, "questioning"), 5);
  kz_rubric_draft_set_criterion_guidance (draft, kz_rubric_draft_find_criterion (draft, "greeting"),
                                          "Agent gives their name and the company's within ten seconds.");
  edited = kz_rubric_draft_build (draft, &error);
  g_assert_no_error (error);

  v2 = kz_rubric_store_new_version (store, edited, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kz_rubric_get_version (v2), ==, 2);
  assert_rubric_equal (edited, v2, FALSE);
  g_assert_cmpfloat (kz_rubric_find_criterion (v2, "questioning")->weight, ==, 5);

  /* The store has it as the latest, read back from what it stored. */
  {
    g_autoptr(KzRubric) latest = kz_store_get_rubric (store, "phone-support", 0, &error);

    g_assert_no_error (error);
    g_assert_cmpint (kz_rubric_get_version (latest), ==, 2);
    g_assert_cmpstr (kz_rubric_get_checksum (latest), ==, kz_rubric_get_checksum (v2));
    assert_rubric_equal (v2, latest, TRUE);
  }

  /* Version 1, the evaluations and their answers: byte for byte as before. */
  rows_after = raw_rows (f);
  g_assert_cmpstr (rows_after, ==, rows_before);
  {
    g_autoptr(KzRubric) again_v1 = kz_store_get_rubric (store, "phone-support", 1, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (kz_rubric_get_checksum (again_v1), ==, checksum_v1);
  }
  dump_after = dump_without_version (store, "phone-support", 2);
  g_assert_cmpstr (dump_after, ==, dump_before);

  infos = kz_store_list_rubrics (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (find_info (infos, "phone-support", 1)->n_evaluations, ==, n_evaluations + 1);
  g_assert_cmpuint (find_info (infos, "phone-support", 2)->n_evaluations, ==, 0);

  /* Version 2 has no evaluations: saving again still makes a new version
   * (the rule), and leaves 2 as it was. */
  {
    g_autoptr(KzRubricDraft) again = kz_rubric_draft_new (v2);
    g_autoptr(KzRubric) built = NULL;

    kz_rubric_draft_set_pass_mark (again, 85);
    built = kz_rubric_draft_build (again, &error);
    g_assert_no_error (error);
    v3 = kz_rubric_store_new_version (store, built, &error);
    g_assert_no_error (error);
    g_assert_cmpint (kz_rubric_get_version (v3), ==, 3);
    g_assert_cmpfloat (kz_rubric_get_pass_mark (v3), ==, 85);
  }
  {
    g_autoptr(KzRubric) still_v2 = kz_store_get_rubric (store, "phone-support", 2, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (kz_rubric_get_checksum (still_v2), ==, kz_rubric_get_checksum (v2));
  }
  /* Saving from the old version 1 still goes above the newest. */
  {
    g_autoptr(KzRubric) v4 = kz_rubric_store_new_version (store, edited, &error);

    g_assert_no_error (error);
    g_assert_cmpint (kz_rubric_get_version (v4), ==, 4);
  }
  g_clear_pointer (&rows_after, g_free);
  rows_after = raw_rows (f);
  g_assert_cmpstr (rows_after, ==, rows_before);

  /* A new evaluation scores with the new version. */
  {
    g_autoptr(KzEvaluation) ev = kz_evaluation_new ();

    ev->rubric_id = g_strdup ("phone-support");
    ev->reviewer_id = reviewer;
    ev->agent_id = agent;
    ev->state = KZ_EVALUATION_SUBMITTED;
    g_hash_table_unref (ev->answers);
    ev->answers = random_answers (v1, rand, TRUE);
    kz_store_save_evaluation (store, ev, &error);
    g_assert_no_error (error);
    g_assert_cmpint (ev->rubric_version, ==, 4);
  }
}

/* What if over the store's evaluations against kz_score_compute() run on
 * each one directly, the summaries worked out here with plain loops. */
static void
test_what_if_store (Fixture *f, gconstpointer data)
{
  g_autoptr(KzStore) store = open_store (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(KzRubric) v1 = load_shipped ("phone-support.xml");
  g_autoptr(KzRubric) v2 = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(KzRubricDraft) draft = NULL;
  g_autoptr(KzRubric) edited = NULL;
  g_autoptr(GPtrArray) evaluations = NULL;
  g_autoptr(KzWhatIf) w = NULL;
  gint64 reviewer, agent;
  guint n_pass_before = 0, n_pass_after = 0, n_scored_before = 0, n_scored_after = 0;
  guint flips_up = 0, flips_down = 0;
  double sum_before = 0, sum_after = 0;
  guint bins_before[KZ_WHAT_IF_N_BINS] = { 0 }, bins_after[KZ_WHAT_IF_N_BINS] = { 0 };
  const guint n_v1 = 30, n_v2 = 10;

  g_assert_true (kz_store_add_rubric (store, v1, NULL, &error));
  g_assert_no_error (error);
  reviewer = add_person (store, "Rita Reviewer", KZ_ROLE_REVIEWER);
  agent = add_person (store, "Ana Agent", KZ_ROLE_AGENT);

  for (guint i = 0; i < n_v1 + n_v2; i++)
    {
      g_autoptr(KzEvaluation) ev = kz_evaluation_new ();

      /* Then version 2: pass mark 70, Resolution counting double. */
      if (i == n_v1)
        {
          g_autoptr(KzRubricDraft) d = kz_rubric_draft_new (v1);
          g_autoptr(KzRubric) built = NULL;

          kz_rubric_draft_set_pass_mark (d, 70);
          kz_rubric_draft_set_section_weight (d, draft_section (d, "resolution"), 80);
          built = kz_rubric_draft_build (d, &error);
          g_assert_no_error (error);
          v2 = kz_rubric_store_new_version (store, built, &error);
          g_assert_no_error (error);
        }
      ev->rubric_id = g_strdup ("phone-support");
      ev->reviewer_id = reviewer;
      ev->agent_id = agent;
      ev->state = KZ_EVALUATION_SUBMITTED;
      g_hash_table_unref (ev->answers);
      ev->answers = random_answers (v1, rand, TRUE);
      kz_store_save_evaluation (store, ev, &error);
      g_assert_no_error (error);
    }

  /* The draft, from version 2: a criterion gone, one new, a weight up, a
   * fail rule harder, the pass mark back to 80. */
  draft = kz_rubric_draft_new (v2);
  {
    KzDraftCriterion *greeting = kz_rubric_draft_find_criterion (draft, "greeting");
    KzDraftCriterion *correct = kz_rubric_draft_find_criterion (draft, "correct-solution");
    KzDraftCriterion *fresh = kz_rubric_draft_add_criterion (draft, greeting->section, -1);

    kz_rubric_draft_set_criterion_required (draft, fresh, FALSE);
    kz_rubric_draft_remove_criterion (draft, kz_rubric_draft_find_criterion (draft, "account-located"));
    kz_rubric_draft_set_criterion_weight (draft, kz_rubric_draft_find_criterion (draft, "questioning"), 6);
    kz_rubric_draft_set_criterion_critical (draft, correct, KZ_CRITICAL_FORM, TRUE, 4);
    kz_rubric_draft_set_pass_mark (draft, 80);
  }
  edited = kz_rubric_draft_build (draft, &error);
  g_assert_no_error (error);

  evaluations = kz_what_if_load_evaluations (store, "phone-support", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (evaluations->len, ==, n_v1 + n_v2);
  w = kz_what_if_compute (edited, evaluations);
  g_assert_cmpuint (w->n, ==, n_v1 + n_v2);
  g_assert_cmpuint (w->rows->len, ==, n_v1 + n_v2);

  for (guint i = 0; i < evaluations->len; i++)
    {
      const KzEvaluation *ev = g_ptr_array_index (evaluations, i);
      const KzWhatIfRow *row = &g_array_index (w->rows, KzWhatIfRow, i);
      g_autoptr(KzRubric) own = kz_store_get_rubric (store, "phone-support", ev->rubric_version, &error);
      g_autoptr(KzScore) before = NULL;
      g_autoptr(KzScore) after = NULL;

      g_assert_no_error (error);
      before = kz_score_compute (own, ev->answers);
      after = kz_score_compute (edited, ev->answers);

      g_assert_cmpint (row->evaluation_id, ==, ev->id);
      g_assert_cmpint (row->rubric_version, ==, ev->rubric_version);
      /* Before: the stored score, which is the engine's under its own version. */
      g_assert_cmpint (row->before_has_score, ==, before->has_score);
      if (before->has_score)
        {
          g_assert_true (ev->final == before->final);
          g_assert_true (row->before == before->final);
        }
      g_assert_cmpint (row->before_pass, ==, before->pass);
      /* After: the engine's under the draft. */
      g_assert_cmpint (row->after_has_score, ==, after->has_score);
      if (after->has_score)
        g_assert_true (row->after == after->final);
      g_assert_cmpint (row->after_pass, ==, after->pass);

      if (before->has_score)
        {
          int bin = MIN ((int) (before->final / 10.0 + 1e-9), 9);

          n_scored_before++;
          sum_before += before->final;
          n_pass_before += before->pass;
          bins_before[bin]++;
        }
      if (after->has_score)
        {
          int bin = MIN ((int) (after->final / 10.0 + 1e-9), 9);

          n_scored_after++;
          sum_after += after->final;
          n_pass_after += after->pass;
          bins_after[bin]++;
        }
      if (before->has_score && after->has_score)
        {
          flips_up += !before->pass && after->pass;
          flips_down += before->pass && !after->pass;
        }
    }

  g_assert_cmpuint (w->before.n_scored, ==, n_scored_before);
  g_assert_cmpuint (w->after.n_scored, ==, n_scored_after);
  g_assert_cmpuint (w->before.n_unscored, ==, n_v1 + n_v2 - n_scored_before);
  g_assert_cmpuint (w->before.n_pass, ==, n_pass_before);
  g_assert_cmpuint (w->after.n_pass, ==, n_pass_after);
  g_assert_cmpfloat_with_epsilon (w->before.mean, sum_before / n_scored_before, 1e-9);
  g_assert_cmpfloat_with_epsilon (w->after.mean, sum_after / n_scored_after, 1e-9);
  g_assert_cmpfloat_with_epsilon (w->before.pass_rate, 100.0 * n_pass_before / n_scored_before, 1e-9);
  g_assert_cmpfloat_with_epsilon (w->after.pass_rate, 100.0 * n_pass_after / n_scored_after, 1e-9);
  g_assert_cmpuint (w->n_became_pass, ==, flips_up);
  g_assert_cmpuint (w->n_became_fail, ==, flips_down);
  for (guint b = 0; b < KZ_WHAT_IF_N_BINS; b++)
    {
      g_assert_cmpuint (w->before.bins[b], ==, bins_before[b]);
      g_assert_cmpuint (w->after.bins[b], ==, bins_after[b]);
    }
  /* Every evaluation answered account-located, which the draft has not. */
  g_assert_cmpuint (w->n_dropped, ==, n_v1 + n_v2);
  /* The new weights do change scores. */
  g_assert_cmpuint (w->n_score_changed, >, 0);
  g_test_message ("before: mean %.2f, pass %.1f%%; after: mean %.2f, pass %.1f%%; %u → fail, %u → pass",
                  w->before.mean, w->before.pass_rate, w->after.mean, w->after.pass_rate, flips_down, flips_up);
}

/* target="…" (the gap report's goal) survives loading, writing and a
 * draft; a criterion without one has none; out of 0–100 is refused. */
static void
test_target_round_trip (void)
{
  static const char xml[] =
    "<rubric xmlns='https://kaizen-qa.org/ns/rubric/1' id='t' version='1' pass-mark='70'>"
    "<title>T</title><section id='s'><title>S</title>"
    "<criterion id='a' target='92.5'><title>A</title><guidance>g</guidance>"
    "<scale kind='binary'><point value='0' label='No'/><point value='1' label='Yes'/></scale></criterion>"
    "<criterion id='b'><title>B</title><guidance>g</guidance>"
    "<scale kind='binary'><point value='0' label='No'/><point value='1' label='Yes'/></scale></criterion>"
    "</section></rubric>";
  g_autoptr(GError) error = NULL;
  g_autoptr(KzRubric) r = kz_rubric_load_data (xml, sizeof xml - 1, "t.xml", &error);
  g_autoptr(KzRubric) again = NULL;
  g_autoptr(KzRubric) from_draft = NULL;
  g_autoptr(KzRubric) bad = NULL;
  g_autoptr(KzRubricDraft) draft = NULL;
  g_autofree char *out = NULL;
  g_autofree char *draft_xml = NULL;
  g_autofree char *wrong = NULL;
  const KzCriterion *a, *b;

  g_assert_no_error (error);
  a = kz_rubric_find_criterion (r, "a");
  b = kz_rubric_find_criterion (r, "b");
  g_assert_true (a->has_target);
  g_assert_cmpfloat (a->target, ==, 92.5);
  g_assert_false (b->has_target);

  out = kz_rubric_to_xml (r, 0);
  g_assert_nonnull (strstr (out, "target=\"92.5\""));
  g_assert_null (strstr (strstr (out, "id=\"b\""), "target="));
  again = kz_rubric_load_data (out, strlen (out), "again.xml", &error);
  g_assert_no_error (error);
  g_assert_true (kz_rubric_find_criterion (again, "a")->has_target);
  g_assert_cmpfloat (kz_rubric_find_criterion (again, "a")->target, ==, 92.5);
  g_assert_false (kz_rubric_find_criterion (again, "b")->has_target);

  draft = kz_rubric_draft_new (r);
  draft_xml = kz_rubric_draft_to_xml (draft, 2);
  from_draft = kz_rubric_load_data (draft_xml, strlen (draft_xml), "draft.xml", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (kz_rubric_find_criterion (from_draft, "a")->target, ==, 92.5);

  wrong = g_strdup (xml);
  memcpy (strstr (wrong, "92.5"), "101.", 4);
  bad = kz_rubric_load_data (wrong, strlen (wrong), "bad.xml", &error);
  g_assert_null (bad);
  g_assert_error (error, KZ_ERROR, KZ_ERROR_INVALID_FILE);
  g_assert_nonnull (strstr (error->message, "target"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rubric-edit/writer/decimal", test_decimal);
  g_test_add_func ("/rubric-edit/writer/round-trip-shipped", test_round_trip_shipped);
  g_test_add_func ("/rubric-edit/writer/round-trip-test-files", test_round_trip_test_files);
  g_test_add_func ("/rubric-edit/writer/round-trip-tricky", test_round_trip_tricky);
  g_test_add_func ("/rubric-edit/writer/file", test_write_file);
  g_test_add_func ("/rubric-edit/writer/target", test_target_round_trip);
  g_test_add_func ("/rubric-edit/draft/unchanged", test_draft_unchanged);
  g_test_add_func ("/rubric-edit/draft/modified", test_draft_modified);
  g_test_add_func ("/rubric-edit/draft/edits", test_draft_edits);
  g_test_add_func ("/rubric-edit/draft/problems", test_draft_problems);
  g_test_add_func ("/rubric-edit/what-if/by-hand", test_what_if_by_hand);

  for (guint b = 0; b < 2; b++)
    {
      const char *backend = b == 0 ? "sqlite" : "pg";

      if (b == 1 && !kz_test_pg_available ())
        {
          g_test_message ("KAIZEN_TEST_PG is not set: run under tests/pg/with-pg-server for the team-server backend");
          break;
        }
#define ADD(name, fn) G_STMT_START { g_autofree char *path_ = g_strconcat ("/", backend, name, NULL); \
        g_test_add (path_, Fixture, backend, fixture_setup, fn, fixture_teardown); } G_STMT_END
      ADD ("/rubric-edit/save-version", test_save_version);
      ADD ("/rubric-edit/what-if-store", test_what_if_store);
#undef ADD
    }

  return g_test_run ();
}
